// The screens other than the project list, loaded on first use: the window starts by parsing only
// what the list needs (ECharts for the portfolio and the diagram editor's libraries are most of
// the code). A module is fetched once; later visits reuse it.
export const views = {
  project: () => import('./projects/ProjectPage.svelte'),
  people: () => import('./stakeholders/ProjectPeople.svelte'),
  journey: () => import('./journey/JourneyEditor.svelte'),
  portfolio: () => import('./portfolio/PortfolioView.svelte'),
  playbooks: () => import('./playbooks/PlaybookList.svelte'),
  settings: () => import('./settings/SettingsPanel.svelte'),
  data: () => import('./transfer/DataPanel.svelte'),
  week: () => import('./week/WeekView.svelte'),
  team: () => import('./team/TeamView.svelte'),
  teamPanel: () => import('./team/TeamPanel.svelte'),
};
