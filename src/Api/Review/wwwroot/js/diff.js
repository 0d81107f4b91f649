// The diff between two stored versions (from the API's versions/diff endpoint), or between the current version
// and the reviewer's unsaved edits (computed here: that text exists only in the page).
import * as cf from './api.js';
import { h } from './dom.js';
import { FIELDS, variantName, variantText } from './fields.js';

const EDITS = 'edits';
const diffRequests = new WeakMap();

export async function renderDiffPanel(panel, { runId, versions, current, edits }) {
  const previous = panel.querySelector('select[name=from]') ? { from: panel.querySelector('select[name=from]').value, to: panel.querySelector('select[name=to]').value } : null;
  const options = versions.map((v) => ({ value: `${v.version}`, label: `v${v.version} · ${v.kind}` }));
  if (edits) options.push({ value: EDITS, label: 'Your unsaved edits' });
  const has = (value) => options.some((o) => o.value === value);
  const earlier = versions.filter((v) => v.version < current.version);
  let from = previous && has(previous.from) ? previous.from : `${(earlier[earlier.length - 1] || current).version}`;
  let to = edits ? EDITS : previous && has(previous.to) ? previous.to : `${current.version}`;
  if (edits && previous?.to !== EDITS) from = `${current.version}`;

  const select = (name, label, value) => h('label', { class: 'inline-field' }, label,
    h('select', { name, class: 'input', 'data-testid': `diff-${name}`, onchange: () => show() },
      options.map((o) => { const option = new Option(o.label, o.value); option.selected = o.value === value; return option; })));
  const body = h('div', { class: 'panel-body', 'data-testid': 'diff-body' });
  panel.replaceChildren(
    h('div', { class: 'panel-head' }, h('h2', { id: 'diff-title' }, 'Changes between versions'), h('span', { class: 'spacer' }),
      select('from', 'From', from), select('to', 'To', to)),
    body);

  async function show() {
    from = panel.querySelector('select[name=from]').value;
    to = panel.querySelector('select[name=to]').value;
    const request = Symbol('diff');
    diffRequests.set(panel, request);
    body.replaceChildren(h('p', { class: 'muted' }, 'Comparing…'));
    let changes;
    try {
      changes = await changesBetween(runId, versions, from, to, edits);
    } catch (error) {
      if (diffRequests.get(panel) === request) body.replaceChildren(h('p', { class: 'error-box', role: 'alert' }, cf.describeError(error, 'compare the versions')));
      return;
    }
    if (diffRequests.get(panel) !== request) return;
    const label = (value) => (value === EDITS ? 'your edits' : `v${value}`);
    body.replaceChildren(changes.length === 0
      ? h('p', { class: 'empty', 'data-testid': 'diff-none' }, from === to ? 'Pick two different versions to compare.' : `No differences between ${label(from)} and ${label(to)}.`)
      : h('div', { class: 'diff' }, changes.map(renderChange)));
  }
  await show();
}

async function changesBetween(runId, versions, from, to, edits) {
  if (from === to) return [];
  const text = (value) => (value === EDITS ? edits : versions.find((v) => `${v.version}` === value).fields);
  if (from === EDITS || to === EDITS) return diffFields(text(from), text(to));
  return (await cf.versionsDiff(runId, from, to)).changes;
}

function renderChange(change) {
  const variant = /^variants\[(\d+)\]$/.exec(change.field);
  const label = FIELDS.find((f) => f.name === change.field)?.label || (variant ? `Marketing variant ${Number(variant[1]) + 1}` : change.field);
  return h('section', { class: 'diff-field', 'data-testid': `diff-field-${change.field}` },
    h('h3', {}, label),
    h('p', { class: 'diff-text' }, change.operations.map((op) =>
      op.op === 'insert' ? h('ins', {}, op.text) : op.op === 'delete' ? h('del', {}, op.text) : h('span', {}, op.text))));
}

// Word-level diff of each changed field against the unsaved edits, in the versions/diff endpoint's shape.
export function diffFields(before, after) {
  const page = FIELDS.map((f) => [f.name, before[f.name] ?? '', after[f.name] ?? '']);
  const count = Math.max((before.variants || []).length, (after.variants || []).length);
  const variants = Array.from({ length: count }, (_, i) => [variantName(i), variantText((before.variants || [])[i]), variantText((after.variants || [])[i])]);
  return [...page, ...variants]
    .filter(([, a, b]) => a !== b)
    .map(([field, a, b]) => ({ field, before: a, after: b, operations: diffWords(a, b) }));
}

function diffWords(a, b) {
  const x = a.split(/(\s+)/).filter(Boolean);
  const y = b.split(/(\s+)/).filter(Boolean);
  // The longest-common-subsequence table is n×m; very long texts are shown as replaced rather than stall the page.
  if (x.length * y.length > 4_000_000) return [{ op: 'delete', text: a }, { op: 'insert', text: b }];
  const lcs = Array.from({ length: x.length + 1 }, () => new Uint32Array(y.length + 1));
  for (let i = x.length - 1; i >= 0; i--) {
    for (let j = y.length - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  }
  const ops = [];
  const push = (op, text) => { const last = ops[ops.length - 1]; if (last && last.op === op) last.text += text; else ops.push({ op, text }); };
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    if (x[i] === y[j]) { push('equal', x[i]); i++; j++; }
    else if (lcs[i + 1][j] >= lcs[i][j + 1]) push('delete', x[i++]);
    else push('insert', y[j++]);
  }
  while (i < x.length) push('delete', x[i++]);
  while (j < y.length) push('insert', y[j++]);
  return ops;
}
