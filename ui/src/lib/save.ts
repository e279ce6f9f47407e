// Asks the user where to save an export with the native dialog. Returns null when cancelled.
import { save } from '@tauri-apps/plugin-dialog';

export async function chooseSavePath(defaultName: string, extension: string, label: string): Promise<string | null> {
  return save({ defaultPath: defaultName, filters: [{ name: label, extensions: [extension] }] });
}
