// Reads Mermaid files back with Mermaid itself, for the core's export tests: each file named on
// the command line is parsed and rendered by the real mermaid package (under jsdom, with text
// measured roughly, which changes positions but no text), and what a reader would see is printed
// as one JSON line per file: the title, each step's and lane's text by id, the connection labels
// in order, and the configuration that directives in the file would apply.
import { readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';

const dom = new JSDOM('<!doctype html><html><body></body></html>', { pretendToBeVisual: true });
const w = dom.window;
globalThis.window = w;
globalThis.document = w.document;
for (const name of ['CSSStyleSheet', 'Element', 'HTMLElement', 'SVGElement', 'Node', 'DOMParser', 'XMLSerializer', 'MutationObserver']) {
  if (w[name]) globalThis[name] = w[name];
}
// jsdom lays nothing out: a rough width per character is enough for the layout to finish.
const bbox = function () {
  return { x: 0, y: 0, width: 8 * (this.textContent?.length ?? 1), height: 16 };
};
w.SVGElement.prototype.getBBox = bbox;
w.Element.prototype.getBBox = bbox;
w.SVGElement.prototype.getComputedTextLength = function () {
  return 8 * (this.textContent?.length ?? 1);
};

const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });

let n = 0;
for (const file of process.argv.slice(2)) {
  const text = readFileSync(file, 'utf8');
  const id = `m${n++}`;
  try {
    const { config } = await mermaid.parse(text);
    const { svg } = await mermaid.render(id, text);
    const doc = new w.DOMParser().parseFromString(svg, 'text/html');
    const all = (selector) => [...doc.querySelectorAll(selector)];
    const byId = (selector, pattern) =>
      Object.fromEntries(all(selector).map((e) => [e.id.replace(pattern, ''), e.textContent]));
    console.log(
      JSON.stringify({
        file,
        config,
        title: doc.querySelector('.flowchartTitleText')?.textContent ?? null,
        steps: byId('g.node', new RegExp(`^${id}-flowchart-|-\\d+$`, 'g')),
        lanes: byId('g.cluster', new RegExp(`^${id}-`)),
        edges: all('g.edgeLabel').map((e) => e.textContent),
      }),
    );
  } catch (e) {
    console.log(JSON.stringify({ file, error: String(e?.message ?? e) }));
  }
}
