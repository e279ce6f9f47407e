// ECharts with only what the portfolio plots use, drawn by the SVG renderer: no canvas, no
// tooltip HTML (which would need inline styles the CSP forbids), and the chart's own SVG output
// is what gets exported.
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, SVGRenderer]);

export { echarts };
export type ChartOption = echarts.EChartsCoreOption;
