// ECharts options for the three portfolio plots, built from the series the core computed.
import type { PortfolioCharts } from '../bindings';
import { t } from '../i18n/index.svelte';
import { ACCENT } from './chartTheme';
import type { ChartOption } from './echarts';

const FONT = 'Noto Sans CJK JP, Noto Sans JP, Noto Sans, DejaVu Sans, sans-serif';
const base = {
  animation: false,
  textStyle: { fontFamily: FONT },
  grid: { left: 48, right: 16, top: 36, bottom: 40 },
};

export function distributionOption(charts: PortfolioCharts): ChartOption {
  return {
    ...base,
    xAxis: {
      type: 'category',
      name: t('portfolio.charts.distributionAxis'),
      nameLocation: 'middle',
      nameGap: 26,
      data: charts.ttv_distribution.map((b) => `${b.from_days}–${b.to_days - 1}`),
    },
    yAxis: { type: 'value', minInterval: 1, name: t('portfolio.charts.projects') },
    series: [{ type: 'bar', data: charts.ttv_distribution.map((b) => b.count), itemStyle: { color: ACCENT } }],
  };
}

export function cohortOption(charts: PortfolioCharts): ChartOption {
  return {
    ...base,
    legend: { top: 4 },
    xAxis: { type: 'category', data: charts.ttv_by_cohort.map((c) => c.month) },
    yAxis: [
      { type: 'value', name: t('portfolio.charts.medianTtv') },
      { type: 'value', name: t('portfolio.charts.projects'), minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      {
        name: t('portfolio.charts.medianTtv'),
        type: 'line',
        connectNulls: true,
        data: charts.ttv_by_cohort.map((c) => c.median_ttv),
        itemStyle: { color: ACCENT },
      },
      {
        name: t('portfolio.charts.projects'),
        type: 'bar',
        yAxisIndex: 1,
        data: charts.ttv_by_cohort.map((c) => c.projects),
        itemStyle: { color: '#cbd5e1' },
      },
    ],
  };
}

export function milestonesOption(charts: PortfolioCharts): ChartOption {
  return {
    ...base,
    legend: { top: 4 },
    xAxis: { type: 'category', data: charts.milestones_by_month.map((m) => m.month) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      {
        name: t('portfolio.charts.due'),
        type: 'bar',
        data: charts.milestones_by_month.map((m) => m.due),
        itemStyle: { color: '#94a3b8' },
      },
      {
        name: t('portfolio.charts.achieved'),
        type: 'bar',
        data: charts.milestones_by_month.map((m) => m.achieved),
        itemStyle: { color: ACCENT },
      },
    ],
  };
}
