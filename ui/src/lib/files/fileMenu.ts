// The File menu's dialogs: the native menu (or the "could not open" screen) asks, the window
// shows the dialog in the user's language, and the command gets the file chosen there. After a
// switch of files the window reloads: every screen starts anew on the new file.
import { commands, events, type MenuRequest } from '../bindings';
import { errorMessage } from '../errors';
import { t } from '../i18n/index.svelte';
import { call } from '../ipc';
import { chooseOpenPath } from '../open';
import { chooseSavePath } from '../save';

/** A message for the status line (in the language of the moment), or null when cancelled. */
export type Notice = { kind: 'ok' | 'error'; text: () => string } | null;

const EXTENSIONS = ['sqlite', 'db', 'sqlite3'];

function failed(error: unknown): Notice {
  return { kind: 'error', text: () => t('files.failed', { message: errorMessage(error) }) };
}

/** Starts the window anew, on the file open now. */
export function reloadWindow(): void {
  location.reload();
}

/** Switches the window to `path` (null: the dialog was cancelled), created by `command` if new. */
async function switchTo(path: string | null, command: typeof commands.openFile): Promise<Notice> {
  if (!path) return null;
  try {
    await call(command(path));
    reloadWindow();
    return null;
  } catch (error) {
    return failed(error);
  }
}

export async function openFile(): Promise<Notice> {
  return switchTo(await chooseOpenPath(t('files.filter'), EXTENSIONS), commands.openFile);
}

export async function newFile(): Promise<Notice> {
  return switchTo(await chooseSavePath('FirstGoal.sqlite', 'sqlite', t('files.filter')), commands.newFile);
}

/** The file name without folder and extension, for the copy's suggested name. */
function stem(dbPath: string): string {
  const name = dbPath.split(/[\\/]/).pop() ?? dbPath;
  return name.replace(/\.[^.]*$/, '') || name;
}

export async function saveCopy(dbPath: string): Promise<Notice> {
  const path = await chooseSavePath(t('files.copyName', { name: stem(dbPath) }), 'sqlite', t('files.filter'));
  if (!path) return null;
  try {
    await call(commands.saveCopy(path));
    return { kind: 'ok', text: () => t('files.copySaved', { path }) };
  } catch (error) {
    return failed(error);
  }
}

/** Carries out what the native menu asks; returns the listener's remover. */
export function listenToMenu(handlers: {
  dbPath: () => string;
  onSettingsChanged: () => void;
  onNotice: (notice: Notice) => void;
}): Promise<() => void> {
  const run: Record<MenuRequest, () => Promise<Notice>> = {
    open_file: openFile,
    new_file: newFile,
    save_copy: () => saveCopy(handlers.dbPath()),
    settings_changed: () => {
      handlers.onSettingsChanged();
      return Promise.resolve(null);
    },
  };
  return events.menuRequest.listen(async (event) => {
    const notice = await run[event.payload]();
    if (notice) handlers.onNotice(notice);
  });
}
