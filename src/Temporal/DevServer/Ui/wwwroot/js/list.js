// The workflows list: a visibility query, status filters with counts, paging, keyboard selection.
import { api, uiRunUrl } from './api.js';
import { clear, h } from './dom.js';
import { fmtDuration, fmtTime, plural, statusName, tsMillis } from './format.js';
import { readPayload } from './payloads.js';

const STATUSES = ['Running', 'Completed', 'Failed', 'Canceled', 'Terminated', 'TimedOut', 'ContinuedAsNew'];
const PAGE_SIZE = 50;

function splitOrderBy(query) {
  const match = /\border\s+by\b/i.exec(query);
  return match ? [query.slice(0, match.index).trim(), query.slice(match.index)] : [query.trim(), ''];
}

function withStatus(query, status) {
  if (!status) return query;
  const [where, order] = splitOrderBy(query);
  const clause = `ExecutionStatus = '${status}'`;
  return [where ? `(${where}) AND ${clause}` : clause, order].filter(Boolean).join(' ');
}

export async function showList(root, { ns, params }, signal, navigate) {
  const state = { query: params.get('query') || '', status: params.get('status') || '', tokens: [''], page: 0 };
  const queryInput = h('input', { class: 'input query-input', type: 'search', value: state.query, placeholder: "Visibility query, e.g. WorkflowType = 'ContentPipeline' AND StartTime > '2024-01-01T00:00:00Z'", 'aria-label': 'Visibility query', 'data-testid': 'query-input', spellcheck: 'false' });
  const chips = h('div', { class: 'chips', role: 'toolbar', 'aria-label': 'Status filter' });
  const body = h('tbody');
  const total = h('span', { class: 'muted', 'data-testid': 'result-count' });
  const prev = h('button', { type: 'button', class: 'btn btn-small', onclick: () => go(state.page - 1) }, '← Previous');
  const next = h('button', { type: 'button', class: 'btn btn-small', onclick: () => go(state.page + 1) }, 'Next →');
  const pageLabel = h('span');
  const error = h('div', { class: 'error-box', hidden: true, 'data-testid': 'list-error' });
  let selected = -1;
  let rows = [];

  root.replaceChildren(
    h('div', { class: 'page-title' }, h('h1', null, 'Workflows'), h('span', { class: 'muted' }, ns)),
    h('div', { class: 'panel' },
      h('form', { class: 'toolbar', onsubmit: (ev) => { ev.preventDefault(); state.query = queryInput.value.trim(); reset(); } },
        queryInput,
        h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'query-run' }, 'Search'),
        h('button', { type: 'button', class: 'btn', title: 'Refresh (r)', onclick: () => load() }, '⟳'),
        h('a', { class: 'btn btn-ghost', href: 'https://docs.temporal.io/list-filter', target: '_blank', rel: 'noopener' }, 'Query syntax')),
      chips,
      error,
      h('div', { class: 'table-scroll' }, h('table', { class: 'grid', 'data-testid': 'workflows-table' },
        h('thead', null, h('tr', null, ['Status', 'Workflow ID', 'Run ID', 'Type', 'Task queue', 'Start', 'Close', 'Duration'].map((c) => h('th', null, c)), h('th', { class: 'num' }, 'Events'))),
        body)),
      h('div', { class: 'pager' }, total, h('span', { class: 'spacer' }), pageLabel, prev, next)));

  function reset() {
    state.tokens = [''];
    state.page = 0;
    const url = new URLSearchParams();
    if (state.query) url.set('query', state.query);
    if (state.status) url.set('status', state.status);
    history.replaceState(null, '', `${location.pathname}${url.size ? `?${url}` : ''}`);
    load();
  }

  function go(page) {
    if (page < 0 || page >= state.tokens.length) return;
    state.page = page;
    load();
  }

  async function counts() {
    const [where] = splitOrderBy(state.query);
    let groups = {};
    let all = null;
    try {
      const grouped = await api(`/namespaces/${encodeURIComponent(ns)}/workflows/count?query=${encodeURIComponent(`${where} GROUP BY ExecutionStatus`.trim())}`, { signal });
      all = Number(grouped.count || 0);
      for (const g of grouped.groups || []) {
        const value = readPayload(g.groupValues?.[0]);
        groups[value.value] = Number(g.count || 0);
      }
    } catch {
      groups = {};
    }
    clear(chips).append(
      ...[['', 'All', all], ...STATUSES.map((s) => [s, s, groups[s] ?? (all === null ? null : 0)])].map(([value, label, n]) =>
        h('button', { type: 'button', class: `chip${state.status === value ? ' active' : ''}`, 'data-status': value || 'All', 'aria-pressed': String(state.status === value), onclick: () => { state.status = value; reset(); } },
          label, n === null || n === undefined ? null : h('span', { class: 'n' }, n))));
  }

  async function load() {
    error.hidden = true;
    const query = withStatus(state.query, state.status);
    const token = state.tokens[state.page];
    counts();
    let page;
    try {
      page = await api(`/namespaces/${encodeURIComponent(ns)}/workflows?pageSize=${PAGE_SIZE}&query=${encodeURIComponent(query)}${token ? `&nextPageToken=${encodeURIComponent(token)}` : ''}`, { signal });
    } catch (e) {
      if (signal.aborted) return;
      error.textContent = e.message;
      error.hidden = false;
      clear(body);
      total.textContent = '';
      return;
    }
    if (page.nextPageToken && state.tokens.length === state.page + 1) state.tokens.push(page.nextPageToken);
    rows = page.executions || [];
    selected = -1;
    clear(body).append(...(rows.length ? rows.map((w) => row(w)) : [h('tr', null, h('td', { colspan: '9', class: 'empty' }, 'No workflows match.'))]));
    const start = state.page * PAGE_SIZE;
    total.textContent = rows.length ? `${start + 1}–${start + rows.length}${page.nextPageToken ? '' : ` of ${start + rows.length}`}` : plural(0, 'workflow');
    pageLabel.textContent = `Page ${state.page + 1}`;
    prev.disabled = state.page === 0;
    next.disabled = !page.nextPageToken;
    root.dataset.loaded = 'true';
  }

  function row(w) {
    const status = statusName(w.status);
    const start = tsMillis(w.startTime);
    const close = tsMillis(w.closeTime);
    const href = uiRunUrl(ns, w.execution.workflowId, w.execution.runId);
    const tr = h('tr', { 'data-workflow-id': w.execution.workflowId, 'data-run-id': w.execution.runId, style: 'cursor:pointer' },
      h('td', null, h('span', { class: `status status-${status}` }, status)),
      h('td', { class: 'mono' }, h('a', { class: 'clip', href, 'data-nav': '', title: w.execution.workflowId }, w.execution.workflowId)),
      h('td', { class: 'mono', title: w.execution.runId }, `${w.execution.runId.slice(0, 8)}…`),
      h('td', null, w.type?.name),
      h('td', { class: 'mono' }, h('span', { class: 'clip clip-narrow', title: w.taskQueue }, w.taskQueue)),
      h('td', null, fmtTime(start)),
      h('td', null, close ? fmtTime(close) : ''),
      h('td', { class: 'num' }, fmtDuration((close ?? Date.now()) - start)),
      h('td', { class: 'num' }, Number(w.historyLength || 0).toLocaleString('en-US')));
    tr.addEventListener('click', (ev) => { if (!ev.target.closest('a')) navigate(href); });
    return tr;
  }

  root._keys = (ev) => {
    const trs = [...body.querySelectorAll('tr[data-workflow-id]')];
    const move = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 }[ev.key];
    if (move && trs.length) {
      ev.preventDefault();
      selected = Math.min(trs.length - 1, Math.max(0, selected + move));
      trs.forEach((tr, i) => tr.classList.toggle('selected', i === selected));
      trs[selected].scrollIntoView({ block: 'nearest' });
      return true;
    }
    if (ev.key === 'Enter' && selected >= 0 && trs[selected]) {
      navigate(trs[selected].querySelector('a').getAttribute('href'));
      return true;
    }
    if (ev.key === 'r') { load(); return true; }
    if (ev.key === '/') { ev.preventDefault(); queryInput.focus(); queryInput.select(); return true; }
    return false;
  };

  await load();
}
