// The open file's team status, shared by the top bar and the team screen: loaded on start, and
// again whenever the background sync tells the window something changed (`team-changed`).
import { commands, events, type TeamStatus } from '../bindings';
import { call } from '../ipc';
import { t } from '../i18n/index.svelte';

const current = $state<{ status: TeamStatus | null }>({ status: null });

export function teamStatus(): TeamStatus | null {
  return current.status;
}

export function setTeamStatus(status: TeamStatus): void {
  current.status = status;
}

/** Reads the status again (a failure leaves the last one shown). */
export async function refreshTeam(): Promise<void> {
  try {
    current.status = await call(commands.teamStatus());
  } catch {
    // The file could not be read: the screens say why; the status keeps its last value.
  }
}

/**
 * Follows the background sync: the status is read again after each event, and `onreceived` is
 * called when changes of others were applied to the file (open screens reload).
 */
export function followTeam(onreceived: () => void): () => void {
  void refreshTeam();
  const stop = events.teamChanged.listen((event) => {
    void refreshTeam();
    if (event.payload.received > 0) onreceived();
  });
  return () => void stop.then((unlisten) => unlisten());
}

/** The status in a few words, as the top bar shows it. */
export function statusText(s: TeamStatus): string {
  const viewOnly = s.enrolment?.role === 'viewer' ? ` · ${t('team.status.viewOnly')}` : '';
  switch (s.state) {
    case 'not_enrolled':
      return t('team.status.not_enrolled');
    case 'checking':
      return t('team.status.checking') + viewOnly;
    case 'synced':
      return t('team.status.synced') + viewOnly;
    case 'waiting':
      return (s.to_push > 0 ? t('team.status.waiting', { count: s.to_push }) : t('team.status.news')) + viewOnly;
    case 'offline':
      return (s.to_push > 0 ? t('team.status.offlineWaiting', { count: s.to_push }) : t('team.status.offline')) + viewOnly;
    case 'needs_attention':
      return (s.conflicts > 0 ? t('team.status.needsAttention', { count: s.conflicts }) : t('team.status.attention')) + viewOnly;
  }
}
