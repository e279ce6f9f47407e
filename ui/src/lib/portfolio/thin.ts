// Why a portfolio plot or figure has too little data to show, as a sentence in the UI language
// (null when there is enough). A plot drawn from one or two points is an empty axis to the
// reader; a dash in a tile says nothing — both say why instead.
import type { PortfolioCharts, PortfolioFigures, TtvDefinition } from '../bindings';
import { t } from '../i18n/index.svelte';

/** Fewest finished TTVs for a distribution, fewest months with a median for a trend, fewest
 * finished TTVs behind meaningful percentiles. */
export const MIN_FINISHED = 1;
export const MIN_MONTHS = 2;
export const MIN_PERCENTILE = 3;

export function distributionThin(charts: PortfolioCharts): string | null {
  const finished = charts.ttv_distribution.reduce((sum, b) => sum + b.count, 0);
  if (finished >= MIN_FINISHED) return null;
  return t('portfolio.charts.tooLittle', { reason: t('portfolio.charts.fewFinished') });
}

export function cohortThin(charts: PortfolioCharts): string | null {
  const months = charts.ttv_by_cohort.filter((c) => c.median_ttv !== null).length;
  if (months >= MIN_MONTHS) return null;
  return t('portfolio.charts.tooLittle', { reason: t('portfolio.charts.fewMonths', { count: months }) });
}

export function milestonesThin(charts: PortfolioCharts): string | null {
  if (charts.milestones_by_month.length > 0) return null;
  return t('portfolio.charts.tooLittle', { reason: t('portfolio.charts.noMilestones') });
}

/** Why the TTV tile shows dashes, or why its percentiles rest on too few projects. */
export function ttvWhy(figures: PortfolioFigures, definition: TtvDefinition): string | null {
  if (figures.ttv_finished === 0) return t('portfolio.figures.noTtv', { end: t(`milestones.${definition.end}`) });
  if (figures.ttv_finished < MIN_PERCENTILE) return t('portfolio.figures.fewTtv', { count: figures.ttv_finished });
  return null;
}

export function completionWhy(figures: PortfolioFigures): string | null {
  if (figures.with_stages === 0) return t('portfolio.figures.noStages');
  if (figures.completed === 0) return t('portfolio.figures.noCompletion');
  return null;
}

export function onTimeWhy(figures: PortfolioFigures): string | null {
  return figures.first_goals_decided === 0 ? t('portfolio.figures.noDecided') : null;
}
