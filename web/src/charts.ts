/**
 * ECharts, imported per chart type from `echarts/core` (line and bar, SVG renderer): this
 * module is loaded only when a chart is shown, so the first page does not wait for it.
 */
import { BarChart, LineChart } from 'echarts/charts';
import {
  AriaComponent,
  DatasetComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  LineChart,
  BarChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  DatasetComponent,
  MarkLineComponent,
  AriaComponent,
  SVGRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

export function mount(element: HTMLElement, option: ChartOption): () => void {
  const chart = echarts.init(element, undefined, { renderer: 'svg', locale: 'ZH' });
  chart.setOption({ aria: { enabled: true }, animation: false, ...option });
  const resize = () => chart.resize();
  window.addEventListener('resize', resize);
  return () => {
    window.removeEventListener('resize', resize);
    chart.dispose();
  };
}
