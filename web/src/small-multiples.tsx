/**
 * Small multiples: one small chart per series, each on its own axis, so that figures of very
 * different size (an enterprise's 营业收入 and its 实际利用外资) are all readable. A month not
 * reported is a gap, not a zero.
 */
import { Chart } from './components.tsx';

export interface Multiple {
  /** The chart's title, e.g. 营业收入（万元）. */
  title: string;
  /** One value per label: a decimal string, or null when not reported. */
  values: Array<string | null | undefined>;
}

export function SmallMultiples(props: { label: string; labels: string[]; series: Multiple[] }) {
  return (
    <section class="multiples" aria-label={props.label}>
      {props.series.map((s) => (
        <Chart
          label={s.title}
          height={150}
          option={{
            tooltip: { trigger: 'axis' },
            grid: { left: 8, right: 12, top: 12, bottom: 8, containLabel: true },
            xAxis: {
              type: 'category',
              data: props.labels,
              axisLabel: { hideOverlap: true },
            },
            yAxis: { type: 'value', axisLabel: { hideOverlap: true }, splitNumber: 3 },
            series: [
              {
                name: s.title,
                type: 'line',
                connectNulls: false,
                data: s.values.map((v) => (v == null ? null : Number(v))),
              },
            ],
          }}
        />
      ))}
    </section>
  );
}
