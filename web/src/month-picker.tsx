import { compareMonths } from '../../domain/months.ts';
import { getJson } from './api.ts';
import { useData } from './components.tsx';
import { monthLabel, previousMonth } from './format.ts';
import type { UnitsAnswer } from './types.ts';

/** The first month of policy 2020-1 (in force from 2020-04-27): no month before it is offered. */
const FIRST_POLICY_MONTH = '2020-04';

/** The latest 报送月份 (GET /units), for pages whose month defaults to it. */
export function useLatestMonth(): string | null | undefined {
  const [data] = useData(() => getJson<UnitsAnswer>('/units'), []);
  return data ? (data.month ?? null) : undefined;
}

/** A month select: the latest month and the 23 before it. */
export function MonthPicker(props: { latest: string; value: string; onChange: (m: string) => void }) {
  const months = Array.from({ length: 24 }, (_, i) => previousMonth(props.latest, i)).filter(
    (m) => compareMonths(m, FIRST_POLICY_MONTH) >= 0,
  );
  return (
    <label>
      月份{' '}
      <select value={props.value} onChange={(e) => props.onChange((e.target as HTMLSelectElement).value)}>
        {months.map((m) => (
          <option value={m}>{monthLabel(m)}</option>
        ))}
      </select>
    </label>
  );
}
