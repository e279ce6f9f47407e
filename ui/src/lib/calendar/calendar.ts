// The calendar export: asks where to save the .ics file, writes it, and says how many events it
// holds. Returns the message to show, or null when the user cancelled.
import { commands, type CalendarScope } from '../bindings';
import { language, t } from '../i18n/index.svelte';
import { call } from '../ipc';
import { chooseSavePath } from '../save';

export async function exportCalendar(scope: CalendarScope, fileStem: string): Promise<string | null> {
  const path = await chooseSavePath(`${fileStem}.ics`, 'ics', t('calendar.files'));
  if (!path) return null;
  const count = await call(commands.exportCalendar(scope, language(), path));
  return t('calendar.exported', { count, path });
}
