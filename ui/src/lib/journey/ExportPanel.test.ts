import { mockIPC } from '@tauri-apps/api/mocks';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { afterEach, describe, expect, it } from 'vitest';
import type { Exported } from '../bindings';
import { setLanguage } from '../i18n/index.svelte';
import ExportPanel from './ExportPanel.svelte';

const over: Exported = {
  path: '/tmp/big.mmd',
  mermaid_limits: { edges: 1200, max_edges: 500, text_size: 84321, max_text_size: 50000 },
};

async function exportAs(format: string, answer: Exported) {
  const calls: Record<string, unknown>[] = [];
  mockIPC((cmd, args) => {
    if (cmd === 'plugin:dialog|save') return answer.path;
    if (cmd === 'export_journey') {
      calls.push(args as Record<string, unknown>);
      return answer;
    }
    return null;
  });
  render(ExportPanel, { journeyId: 4, name: 'Large journey' });
  await fireEvent.change(screen.getByTestId('export-format'), { target: { value: format } });
  await fireEvent.click(screen.getByTestId('export-button'));
  await screen.findByTestId('export-done');
  return calls;
}

describe('ExportPanel', () => {
  afterEach(() => setLanguage('en'));

  it('shows the limits a Mermaid file is over, with what to do', async () => {
    setLanguage('en');
    const calls = await exportAs('mermaid', over);
    expect(calls[0]).toMatchObject({ journeyId: 4, format: 'mermaid', path: '/tmp/big.mmd' });
    expect(screen.getByTestId('export-done')).toHaveTextContent('Saved to /tmp/big.mmd');
    const warning = screen.getByTestId('export-warning');
    expect(warning).toHaveAttribute('role', 'alert');
    expect(warning).toHaveTextContent('1,200 connections and 84,321 characters');
    expect(warning).toHaveTextContent('500 connections and 50,000 characters');
    expect(warning).toHaveTextContent('draw.io or SVG');
  });

  it('says it in Japanese too', async () => {
    setLanguage('ja');
    await exportAs('mermaid', over);
    const warning = screen.getByTestId('export-warning');
    expect(warning).toHaveTextContent('接続 1,200 本・84,321 文字');
    expect(warning).toHaveTextContent('draw.io または SVG');
  });

  it('shows no warning for a file within the limits', async () => {
    setLanguage('en');
    await exportAs('mermaid', { path: '/tmp/small.mmd', mermaid_limits: null });
    expect(screen.getByTestId('export-done')).toHaveTextContent('/tmp/small.mmd');
    expect(screen.queryByTestId('export-warning')).toBeNull();
  });
});
