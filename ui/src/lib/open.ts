// Asks the user for a file to read with the native open dialog. Returns null when cancelled.
import { open } from '@tauri-apps/plugin-dialog';

export async function chooseOpenPath(label: string, extensions: string[]): Promise<string | null> {
  const picked = await open({ multiple: false, directory: false, filters: [{ name: label, extensions }] });
  return typeof picked === 'string' ? picked : null;
}
