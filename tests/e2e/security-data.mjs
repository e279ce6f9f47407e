// Data for the security scenario: script and markup payloads tagged with the field they went to,
// a file prepared the way another user's file would arrive (CLI demo data, every free-text column
// overwritten with a payload, a journey imported), and the checks run on exported files.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './harness.mjs';

const cli = path.join(process.env.CARGO_TARGET_DIR ?? path.join(root, 'target'), 'debug/firstgoal-cli');

const KINDS = [
  (tag) => `<img src=x onerror="window.__pwned='${tag}'">`,
  (tag) => `<script>window.__pwned='${tag}'</script>`,
  (tag) => `"><svg onload="window.__pwned='${tag}'">`,
];
/** XML edge cases: a CDATA end, a comment start and an already escaped entity. */
export const XML_EDGE = ' ]]><!-- &amp;';
/** A spreadsheet formula: the CSV export must neutralise it. */
export const FORMULA = '=HYPERLINK("http://x")';

/** The payload stored in field `tag`: one markup kind (by `i`), every other one with the XML edge cases. */
export function payload(tag, i) {
  return KINDS[i % KINDS.length](tag) + (i % 2 ? XML_EDGE : '');
}

/** Every free-text column of the file, with the payload written there (unique per row: ` #id`). */
export const COLUMNS = [
  'adoption_purposes.purpose',
  'milestones.title',
  'milestones.due_date_reason',
  'milestones.goal',
  'milestones.criterion',
  'milestones.evidence',
  'milestones.customer_owner',
  'project_holds.note',
  'project_stages.name',
  'project_stages.definition',
  'project_stages.exit_criteria',
  'projects.customer_name',
  'projects.owner',
  'projects.playbook_name',
  'stage_actions.title',
  'stage_actions.department',
  'stakeholders.name',
  'stakeholders.reading',
  'stakeholders.title',
  'stakeholders.department',
  'stakeholders.stated_role',
  'stakeholders.phone',
  'team_members.name',
  'touchpoints.note',
].map((column, i) => ({ column, payload: payload(column, i) }));

export const columnPayload = (column) => COLUMNS.find((c) => c.column === column).payload;

/** Journey texts, imported through the CLI's journey import. */
export const JOURNEY = {
  name: payload('journey.name', 0),
  lane: payload('journey.lane', 1),
  lane2: payload('journey.lane2', 2),
  title: payload('journey.step.title', 0),
  title2: payload('journey.step.title2', 2),
  description: payload('journey.step.description', 1),
  label: payload('journey.connection.label', 1),
};

export const PLAYBOOK = payload('playbooks.name', 2);

const sqlText = (text) => `'${text.replaceAll("'", "''")}'`;

function sql(db, statements) {
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', db, statements.join('\n')]);
}

/** Writes the demo file with payloads in every free-text column and a payload journey on project 1. */
export function prepareFile(sandbox) {
  mkdirSync(path.dirname(sandbox.db), { recursive: true });
  execFileSync(cli, ['--db', sandbox.db, 'demo', '--projects', '2', '--seed', '1']);
  const body = {
    name: PLAYBOOK,
    description: payload('playbooks.description', 1),
    segment: null,
    stages: [{ name: payload('playbooks.stage', 0), definition: '', exit_criteria: '', actions: [] }],
    milestones: [],
  };
  const statements = [
    'BEGIN;',
    "INSERT OR IGNORE INTO adoption_purposes (project_id, purpose) SELECT id, '' FROM projects;",
    "INSERT INTO project_holds (project_id, start_date, end_date, note) SELECT id, kickoff_date, kickoff_date, '' FROM projects;",
    "INSERT INTO milestones (project_id, horizon, title, due_date) SELECT id, NULL, '', kickoff_date FROM projects;",
    `INSERT INTO playbooks (name, body, created_at, updated_at) VALUES (${sqlText(PLAYBOOK)}, ${sqlText(JSON.stringify(body))}, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');`,
  ];
  for (const { column, payload: text } of COLUMNS) {
    const [table, field] = column.split('.');
    const key = table === 'adoption_purposes' ? 'project_id' : 'id';
    statements.push(`UPDATE ${table} SET ${field} = ${sqlText(text)} || ' #' || ${key};`);
  }
  // Project 2 is named by a spreadsheet formula, which the portfolio CSV must neutralise.
  statements.push(`UPDATE projects SET customer_name = ${sqlText(FORMULA)} WHERE id = 2;`, 'COMMIT;');
  sql(sandbox.db, statements);

  const journey = {
    format: 'firstgoal-journey',
    version: 1,
    name: JOURNEY.name,
    lanes: [
      { id: 'l1', name: JOURNEY.lane, color: '#fdf0e3' },
      { id: 'l2', name: JOURNEY.lane2, color: '#e6f6ec' },
    ],
    steps: [
      { id: 'a', lane: 'l1', title: JOURNEY.title, description: JOURNEY.description, kind: 'action' },
      { id: 'b', lane: 'l2', title: JOURNEY.title2, kind: 'touchpoint', status: 'current' },
    ],
    connections: [{ id: 'c', from: 'a', to: 'b', label: JOURNEY.label }],
  };
  const file = path.join(sandbox.dir, 'journey-in.json');
  writeFileSync(file, JSON.stringify(journey));
  execFileSync(cli, ['--db', sandbox.db, 'journey', 'import', '--project', '1', '--file', file]);
}

const RAW = ['<img src=x', '<script>window', '<svg onload'];
const ESCAPED = [/&(lt|#60|#x3c);img src=x/i, /&(lt|#60|#x3c);script&(gt|#62|#x3e);window/i, /&(lt|#60|#x3c);svg onload/i];

/** HTML, SVG or draw.io: no payload markup, and the payloads present in their escaped form. */
export function assertEscaped(name, text, kinds = [0, 1, 2]) {
  for (const raw of RAW) assert.ok(!text.includes(raw), `${name}: raw ${raw} in the file`);
  assert.ok(!text.includes('<!-- &'), `${name}: a payload opened a comment`);
  for (const k of kinds) assert.match(text, ESCAPED[k], `${name}: escaped payload kind ${k}`);
}

/**
 * A small well-formedness check for the SVG and draw.io files (no XML package is added for it):
 * every `<` starts a tag, tags nest, attribute values hold no `<`, and every `&` is an entity.
 */
export function assertWellFormedXml(name, text) {
  const tag = /<\?[^>]*\?>|<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/gy;
  const stack = [];
  let at = 0;
  while (at < text.length) {
    const next = text.indexOf('<', at);
    const chunk = text.slice(at, next === -1 ? text.length : next);
    assert.ok(!/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(chunk), `${name}: bare & in text near ${JSON.stringify(chunk.slice(0, 80))}`);
    if (next === -1) break;
    tag.lastIndex = next;
    const m = tag.exec(text);
    assert.ok(m, `${name}: not a tag at ${next}: ${JSON.stringify(text.slice(next, next + 80))}`);
    if (m[2]) {
      assert.ok(!/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i.test(m[3]), `${name}: bare & in ${m[2]}`);
      if (m[1]) assert.equal(stack.pop(), m[2], `${name}: </${m[2]}> closes another tag`);
      else if (!m[4]) stack.push(m[2]);
    }
    at = tag.lastIndex;
  }
  assert.deepEqual(stack, [], `${name}: unclosed tags`);
}

/** Markdown or Mermaid: no raw payload tag. */
export function assertNoRawTags(name, text) {
  for (const raw of ['<img', '<script', '<svg onload', '<!--']) assert.ok(!text.includes(raw), `${name}: raw ${raw}`);
}

/** Every string of a JSON document, to find payloads stored verbatim. */
export function jsonStrings(value, out = []) {
  if (typeof value === 'string') out.push(value);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) jsonStrings(v, out);
  return out;
}

/** Splits CSV text into rows of cells (RFC 4180 quoting). */
export function parseCsv(text) {
  const rows = [[]];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') rows.at(-1).push(cell), (cell = '');
    else if (c === '\n') rows.at(-1).push(cell), (cell = ''), rows.push([]);
    else if (c !== '\r') cell += c;
  }
  if (cell || rows.at(-1).length) rows.at(-1).push(cell);
  else rows.pop();
  return rows;
}
