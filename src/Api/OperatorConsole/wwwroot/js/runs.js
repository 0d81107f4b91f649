// The runs list: filters (text, state, definition, created from/to) kept in the address, so a filtered list can be
// bookmarked; server-side pages of 50 by keyset cursor, with the total count.
import * as cf from './api.js';
import { h, stateBadge, emptyState, errorBox, dateTime, money, shortId, labelled } from './dom.js';

export const STATES = ['running', 'needs-review', 'awaiting-approval', 'escalated', 'rejected', 'published', 'completed', 'failed', 'cancelled', 'terminated', 'timed-out'];
const FILTERS = ['q', 'state', 'definitionId', 'from', 'to'];
// Cursors of the pages before the current one, per filter combination, for "Newer".
const history = new Map();

export async function renderRuns(view, params, context) {
  const filters = Object.fromEntries(FILTERS.map((name) => [name, params.get(name) || '']));
  const key = JSON.stringify(filters);
  const cursor = params.get('cursor') || '';
  const stack = history.get(key) || [];
  history.set(key, stack);

  const definitionSelect = h('select', { id: 'filter-definition', name: 'definitionId', class: 'input', 'data-testid': 'filter-definition' }, h('option', { value: '' }, 'Any pipeline'));
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': 'Filter runs', 'data-testid': 'run-filters' },
    labelled('filter-text', 'Topic, audience or id', h('input', { id: 'filter-text', name: 'q', type: 'search', class: 'input', value: filters.q, placeholder: 'Press / to search', 'data-testid': 'filter-text' })),
    labelled('filter-state', 'State', h('select', { id: 'filter-state', name: 'state', class: 'input', 'data-testid': 'filter-state' },
      h('option', { value: '' }, 'Any state'), STATES.map((s) => h('option', { value: s }, s.replaceAll('-', ' '))))),
    labelled('filter-definition', 'Pipeline', definitionSelect),
    labelled('filter-from', 'Created from', h('input', { id: 'filter-from', name: 'from', type: 'date', class: 'input', value: filters.from, 'data-testid': 'filter-from' })),
    labelled('filter-to', 'Created before', h('input', { id: 'filter-to', name: 'to', type: 'date', class: 'input', value: filters.to, 'data-testid': 'filter-to' })),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'filter-apply' }, 'Apply'),
      h('button', { type: 'button', class: 'btn', onclick: () => { location.hash = '#/runs'; } }, 'Clear')));
  form.elements.state.value = filters.state;
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const next = new URLSearchParams();
    for (const name of FILTERS) if (form.elements[name].value) next.set(name, form.elements[name].value);
    location.hash = '#/runs' + (next.size ? '?' + next : '');
  });

  const results = h('div', { 'data-testid': 'runs-results', 'aria-live': 'polite', 'aria-busy': 'true' }, h('p', { class: 'panel-body muted' }, 'Loading runs…'));
  view.replaceChildren(
    h('div', { class: 'page-head' }, h('h1', {}, 'Runs'), h('span', { class: 'spacer' }),
      context.canEdit ? h('a', { class: 'btn', href: '#/pipelines' }, 'Start a run from a pipeline') : null),
    h('section', { class: 'panel' }, form, results));

  // The definitions fill the filter while the page of runs loads.
  const definitionsLoaded = cf.allDefinitions().then((rows) => {
    const seen = new Set();
    for (const row of rows) {
      if (seen.has(row.id)) continue;
      seen.add(row.id);
      definitionSelect.append(h('option', { value: row.id }, row.name));
    }
    definitionSelect.value = filters.definitionId;
  }).catch(() => { /* the filter still works by id in the address */ });

  let page;
  try {
    page = await cf.searchRuns({ ...filters, cursor, limit: 50 });
  } catch (error) {
    results.replaceChildren(errorBox(cf.describeError(error, 'load the runs')));
    results.setAttribute('aria-busy', 'false');
    return;
  }
  results.setAttribute('aria-busy', 'false');
  await definitionsLoaded;
  if (page.items.length === 0) {
    const filtered = FILTERS.some((name) => filters[name]);
    results.replaceChildren(filtered
      ? emptyState('No runs match these filters', 'Change or clear the filters to see more runs.', 'runs-empty')
      : emptyState('No runs yet', context.canEdit ? 'Build a pipeline under Pipelines and start its first run.' : 'Runs appear here once an editor starts one.', 'runs-empty'));
    return;
  }

  const start = stack.length * 50 + 1;
  const table = h('table', { class: 'runs-table', 'data-testid': 'runs-table' },
    h('caption', { class: 'visually-hidden' }, 'Runs, newest first'),
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col' }, 'Topic'), h('th', { scope: 'col' }, 'Pipeline'), h('th', { scope: 'col' }, 'State'),
      h('th', { scope: 'col' }, 'Created'), h('th', { scope: 'col', class: 'num' }, 'Cost'), h('th', { scope: 'col' }, 'Run'))),
    h('tbody', {}, page.items.map((item) => h('tr', { 'data-run-id': item.id },
      h('td', { title: item.topic }, h('a', { href: `#/runs/${item.id}`, 'data-testid': 'run-link' }, item.topic || '(no topic)')),
      h('td', {}, `${item.definitionName} v${item.definitionVersion}`),
      h('td', {}, stateBadge(item.state)),
      h('td', {}, dateTime(item.createdAt)),
      h('td', { class: 'num' }, money(item.cost)),
      h('td', { class: 'mono' }, shortId(item.id))))));
  const pager = h('div', { class: 'pager' },
    h('span', { class: 'muted', 'data-testid': 'runs-count' }, `${start}–${start + page.items.length - 1} of ${page.total}`),
    h('span', { class: 'spacer' }),
    h('button', { type: 'button', class: 'btn', disabled: stack.length === 0, 'data-testid': 'page-newer', onclick: () => go(stack.pop()) }, 'Newer'),
    h('button', { type: 'button', class: 'btn', disabled: !page.nextCursor, 'data-testid': 'page-older', onclick: () => { stack.push(cursor); go(page.nextCursor); } }, 'Older'));
  results.replaceChildren(table, pager);

  function go(nextCursor) {
    const next = new URLSearchParams();
    for (const name of FILTERS) if (filters[name]) next.set(name, filters[name]);
    if (nextCursor) next.set('cursor', nextCursor);
    location.hash = '#/runs' + (next.size ? '?' + next : '');
  }
}
