// Export helpers shared by the journey and comparison exports: file extensions and the native
// save dialog in front of the core's export command.
import type { ExportFormat } from '../bindings';
import { chooseSavePath } from '../save';

export function extension(format: ExportFormat): string {
  return format === 'mermaid' ? 'mmd' : format;
}

/** A file name from user text: characters file systems refuse become '_'. */
export function fileName(name: string, format: ExportFormat): string {
  const base = name.replace(/[\\/:*?"<>|\p{Cc}]/gu, '_').trim().slice(0, 80) || 'journey';
  return `${base}.${extension(format)}`;
}

/**
 * Asks where to save, then runs `write(path)`. Returns the written path, or null when the user
 * cancelled the dialog.
 */
export async function exportWithDialog(
  name: string,
  format: ExportFormat,
  label: string,
  write: (path: string) => Promise<string>,
): Promise<string | null> {
  const path = await chooseSavePath(fileName(name, format), extension(format), label);
  if (!path) return null;
  return write(path);
}
