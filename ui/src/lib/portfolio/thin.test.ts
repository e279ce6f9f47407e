import { describe, expect, it } from 'vitest';
import type { PortfolioCharts, PortfolioFigures } from '../bindings';
import { cohortThin, completionWhy, distributionThin, milestonesThin, onTimeWhy, ttvWhy } from './thin';

const figures: PortfolioFigures = {
  projects: 4,
  ttv_finished: 0,
  ttv_median: null,
  ttv_p75: null,
  ttv_p90: null,
  with_stages: 0,
  completed: 0,
  completion_rate: null,
  completion_median_days: null,
  first_goals_decided: 0,
  first_goals_on_time: 0,
  on_time_share: null,
};

describe('thin data', () => {
  it('says why each tile shows dashes', () => {
    const definition = { start: 'kickoff', end: 'one_month' } as const;
    expect(ttvWhy(figures, definition)).toContain('1 month');
    expect(ttvWhy({ ...figures, ttv_finished: 2, ttv_median: 30 }, definition)).toContain('Only 2');
    expect(ttvWhy({ ...figures, ttv_finished: 3, ttv_median: 30 }, definition)).toBeNull();
    expect(completionWhy(figures)).toContain('No project has stages');
    expect(completionWhy({ ...figures, with_stages: 2 })).toContain('last stage');
    expect(completionWhy({ ...figures, with_stages: 2, completed: 1 })).toBeNull();
    expect(onTimeWhy(figures)).toContain('No first goal');
    expect(onTimeWhy({ ...figures, first_goals_decided: 1 })).toBeNull();
  });

  it('replaces a plot of too few points by a sentence', () => {
    const charts: PortfolioCharts = {
      ttv_distribution: [{ from_days: 0, to_days: 7, count: 0 }],
      ttv_by_cohort: [{ month: '2026-01', projects: 3, finished: 2, median_ttv: 20 }],
      milestones_by_month: [],
    };
    expect(distributionThin(charts)).toContain('no project has a finished TTV');
    expect(cohortThin(charts)).toContain('1 kickoff months');
    expect(milestonesThin(charts)).toContain('no milestones');
    const enough: PortfolioCharts = {
      ttv_distribution: [{ from_days: 0, to_days: 7, count: 1 }],
      ttv_by_cohort: [
        { month: '2026-01', projects: 3, finished: 2, median_ttv: 20 },
        { month: '2026-02', projects: 1, finished: 1, median_ttv: 25 },
      ],
      milestones_by_month: [{ month: '2026-02', due: 1, achieved: 0 }],
    };
    expect([distributionThin(enough), cohortThin(enough), milestonesThin(enough)]).toEqual([null, null, null]);
  });
});
