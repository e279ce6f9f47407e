// Export helpers shared by the journey and comparison exports: file extensions and the native
// save dialog in front of the core's export command.
import type { ExportFormat, MermaidLimits } from '../bindings';
import { formatNumber } from '../format';
import { t } from '../i18n/index.svelte';
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
 * Asks where to save, then runs `write(path)`. Returns what `write` returned (the written path,
 * or the path with what the user should know about the file), or null when the user cancelled
 * the dialog.
 */
export async function exportWithDialog<T>(
  name: string,
  format: ExportFormat,
  label: string,
  write: (path: string) => Promise<T>,
): Promise<T | null> {
  const path = await chooseSavePath(fileName(name, format), extension(format), label);
  if (!path) return null;
  return write(path);
}

/** The warning for a Mermaid file over Mermaid's default limits, in the user's language. */
export function mermaidLimitsWarning(limits: MermaidLimits): string {
  return t('journey.export.mermaidLimits', {
    edges: formatNumber(limits.edges),
    maxEdges: formatNumber(limits.max_edges),
    textSize: formatNumber(limits.text_size),
    maxTextSize: formatNumber(limits.max_text_size),
  });
}
