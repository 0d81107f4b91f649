// One run: summary, input and result, pending work, activities, children, timeline and history;
// open runs follow their history live through a long poll (wait_new_event).
import { api, runPath, uiListUrl, uiRunUrl } from './api.js';
import { clear, h, toast } from './dom.js';
import { durationMillis, enumName, fmtDuration, fmtTime, plural, shortId, statusName, tsMillis } from './format.js';
import { attributesOf, HistoryModel } from './events.js';
import { decodeWithCodec, renderPayloads } from './payloads.js';
import { failureMessage, renderFailure } from './failure.js';
import { HistoryTable } from './history-table.js';
import { Timeline } from './timeline.js';

const ACTIVITY_PAGE = 200;

export async function showWorkflow(root, { ns, workflowId, runId }, signal) {
  root.replaceChildren(h('div', { class: 'skeleton' }, 'Loading workflow…'));
  let describe;
  let page;
  try {
    [describe, page] = await Promise.all([
      api(runPath(ns, workflowId, runId), { signal }),
      api(`${runPath(ns, workflowId, runId)}/history`, { signal }),
    ]);
  } catch (e) {
    if (signal.aborted) return;
    root.replaceChildren(h('div', { class: 'error-box' }, `Could not load ${workflowId}: ${e.message}`), h('p', null, h('a', { href: uiListUrl(ns), 'data-nav': '' }, '← Back to workflows')));
    return;
  }
  const info = describe.workflowExecutionInfo;
  const actualRunId = info.execution.runId;
  if (!runId) history.replaceState(null, '', uiRunUrl(ns, workflowId, actualRunId));

  const view = new WorkflowView(root, ns, describe, signal);
  root._view = view;
  const events = page.history?.events || [];
  try { await decodeWithCodec([events, describe], ns); } catch (e) { toast(`Codec: ${e.message}`, true); }
  if (signal.aborted) return;
  view.load(events);
  root.dataset.loaded = 'true';
  if (page.nextPageToken) view.follow(page.nextPageToken);
}

class WorkflowView {
  constructor(root, ns, describe, signal) {
    this.root = root;
    this.ns = ns;
    this.describe = describe;
    this.signal = signal;
    this.model = new HistoryModel();
    const exec = describe.workflowExecutionInfo.execution;
    this.workflowId = exec.workflowId;
    this.runId = exec.runId;
    this.path = runPath(ns, this.workflowId, this.runId);
    signal.addEventListener('abort', () => this.timeline?.destroy());
  }

  load(events) {
    this.model.add(events);
    this.table = new HistoryTable(this.model, this.ns);
    this.timeline = new Timeline(this.model, (id) => { this.table.select(id); this.table.element.scrollIntoView({ block: 'nearest' }); });
    this.headEl = h('div');
    this.summaryEl = h('div');
    this.ioEl = h('div');
    this.pendingEl = h('div');
    this.activitiesEl = h('div');
    this.childrenEl = h('div');
    this.root.replaceChildren(this.headEl, this.summaryEl, this.ioEl, this.pendingEl, this.timeline.element, this.activitiesEl, this.childrenEl, this.table.element);
    this.root.dataset.workflowId = this.workflowId;
    this.root.dataset.runId = this.runId;
    this.renderAll();
  }

  renderAll() {
    const status = statusName(this.describe.workflowExecutionInfo.status);
    this.root.dataset.status = status;
    this.root.dataset.eventCount = String(this.model.events.length);
    this.#head(status);
    this.#summary(status);
    this.#io();
    this.#pending();
    this.#activities();
    this.#children();
  }

  /** Long-polls the history for new events until the run closes or the page is left. */
  async follow(token) {
    let backoff = 1000;
    while (token && !this.signal.aborted) {
      try {
        const page = await api(`${this.path}/history?wait=true&nextPageToken=${encodeURIComponent(token)}`, { signal: this.signal });
        backoff = 1000;
        const events = page.history?.events || [];
        token = page.nextPageToken || '';
        if (events.length || !token) {
          try { await decodeWithCodec([events], this.ns); } catch { /* shown as encrypted */ }
          this.describe = await api(this.path, { signal: this.signal });
          this.model.add(events);
          this.table.append(events);
          this.timeline.refresh();
          this.renderAll();
        }
      } catch (e) {
        if (this.signal.aborted) return;
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 15000);
      }
    }
  }

  #head(status) {
    const open = status === 'Running';
    const info = this.describe.workflowExecutionInfo;
    const action = (label, handler, attrs = {}) => h('button', { type: 'button', class: 'btn', onclick: handler, ...attrs }, label);
    clear(this.headEl).append(
      h('div', { class: 'breadcrumb' }, h('a', { href: uiListUrl(this.ns), 'data-nav': '' }, 'Workflows'), ' / ', info.type?.name || ''),
      h('div', { class: 'wf-head' },
        h('div', null,
          h('div', { style: 'display:flex;align-items:center;gap:10px' }, h('h1', { 'data-testid': 'workflow-id' }, this.workflowId), h('span', { class: `status status-${status}`, 'data-testid': 'workflow-status' }, status), open ? h('span', { class: 'live', title: 'Following new events' }, 'Live') : null),
          h('div', { class: 'sub mono' }, 'Run ', this.runId)),
        h('div', { class: 'actions' },
          action('Signal', () => this.#signalDialog(), { disabled: !open, 'data-testid': 'signal-button', title: 'Send a signal (s)' }),
          action('Query', () => this.#queryDialog(), { 'data-testid': 'query-button' }),
          action('Cancel', () => this.#confirm('cancel', 'Request cancellation'), { disabled: !open, class: 'btn', 'data-testid': 'cancel-button' }),
          action('Terminate', () => this.#confirm('terminate', 'Terminate'), { disabled: !open, class: 'btn btn-danger', 'data-testid': 'terminate-button' }),
          h('a', { class: 'btn btn-primary', href: `/api/v1${this.path}/history/download`, download: `${this.workflowId}_${this.runId}.json`, 'data-testid': 'download-history', title: 'The history as JSON, as the Temporal CLI exports it; the replayer reads it' }, 'Download JSON'))));
  }

  #summary(status) {
    const info = this.describe.workflowExecutionInfo;
    const start = tsMillis(info.startTime);
    const close = tsMillis(info.closeTime);
    const startedAttrs = this.model.events[0] ? attributesOf(this.model.events[0]) : {};
    const continued = this.model.closeEvent?.type === 'WorkflowExecutionContinuedAsNew' ? attributesOf(this.model.closeEvent).newExecutionRunId : null;
    const link = (wid, rid, text) => h('a', { href: uiRunUrl(this.ns, wid, rid), 'data-nav': '' }, text ?? `${wid} / ${shortId(rid)}`);
    const kv = (k, v, testid) => h('div', { class: 'kv' }, h('div', { class: 'k' }, k), h('div', { class: 'v', 'data-testid': testid }, v || h('span', { class: 'muted' }, '—')));
    const runTimeout = durationMillis(this.describe.executionConfig?.workflowRunTimeout);
    clear(this.summaryEl).append(h('div', { class: 'panel' }, h('div', { class: 'summary-grid' },
      kv('Workflow type', h('span', { class: 'mono' }, info.type?.name)),
      kv('Status', h('span', { class: `status status-${status}` }, status)),
      kv('Task queue', h('span', { class: 'mono' }, info.taskQueue)),
      kv('Start', fmtTime(start)),
      kv('Close', close ? fmtTime(close) : (status === 'Running' ? 'running…' : '')),
      kv('Duration', fmtDuration((close ?? Date.now()) - start)),
      kv('History', `${plural(Number(info.historyLength || this.model.events.length), 'event')} · ${Math.ceil(Number(info.historySizeBytes || 0) / 1024)} KiB`),
      kv('Run timeout', runTimeout ? fmtDuration(runTimeout) : 'none'),
      kv('Workflow ID', h('span', { class: 'mono', title: this.workflowId }, this.workflowId)),
      kv('Run ID', h('span', { class: 'mono', title: this.runId }, this.runId)),
      kv('Parent', info.parentExecution ? link(info.parentExecution.workflowId, info.parentExecution.runId) : null, 'parent-link'),
      kv('Continued from', startedAttrs.continuedExecutionRunId ? link(this.workflowId, startedAttrs.continuedExecutionRunId, shortId(startedAttrs.continuedExecutionRunId)) : null, 'continued-from'),
      kv('Continued as', continued ? link(this.workflowId, continued, shortId(continued)) : null, 'continued-as'),
      kv('First run', info.firstRunId && info.firstRunId !== this.runId ? link(this.workflowId, info.firstRunId, shortId(info.firstRunId)) : (info.firstRunId ? 'this run' : null)))));
  }

  #io() {
    const start = this.model.events[0] ? attributesOf(this.model.events[0]) : {};
    const close = this.model.closeEvent;
    const a = close ? attributesOf(close) : null;
    let outcome;
    let title = 'Result';
    if (!close) outcome = h('span', { class: 'muted' }, 'The run is still open.');
    else if (close.type === 'WorkflowExecutionCompleted') outcome = renderPayloads(a.result);
    else if (close.type === 'WorkflowExecutionFailed') { title = 'Failure'; outcome = renderFailure(a.failure); }
    else if (close.type === 'WorkflowExecutionTerminated') { title = 'Terminated'; outcome = h('div', null, h('div', null, 'Reason: ', h('b', null, a.reason || '(none)')), a.identity ? h('div', { class: 'muted' }, `by ${a.identity}`) : null, a.details ? renderPayloads(a.details) : null); }
    else if (close.type === 'WorkflowExecutionCanceled') { title = 'Canceled'; outcome = renderPayloads(a.details); }
    else if (close.type === 'WorkflowExecutionTimedOut') { title = 'Timed out'; outcome = h('div', null, enumName(a.retryState, 'RETRY_STATE_')); }
    else if (close.type === 'WorkflowExecutionContinuedAsNew') { title = 'Continued as new'; outcome = h('div', null, h('div', null, 'Input of the next run:'), renderPayloads(a.input), a.failure ? renderFailure(a.failure) : null); }
    clear(this.ioEl).append(h('div', { class: 'io-grid section' },
      h('div', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h2', null, 'Input')), h('div', { class: 'panel-body', 'data-testid': 'workflow-input' }, renderPayloads(start.input))),
      h('div', { class: 'panel' }, h('div', { class: 'panel-head' }, h('h2', null, title)), h('div', { class: 'panel-body', 'data-testid': 'workflow-result' }, outcome))));
  }

  #pending() {
    const pending = this.describe.pendingActivities || [];
    clear(this.pendingEl);
    if (!pending.length) return;
    const rows = pending.map((p) => {
      const state = enumName(p.state, 'PENDING_ACTIVITY_STATE_');
      return [
        h('tr', { 'data-activity-id': p.activityId },
          h('td', { class: 'mono' }, p.activityId), h('td', null, p.activityType?.name), h('td', null, h('span', { class: `status status-${state === 'Started' ? 'Running' : 'Scheduled'}` }, state)),
          h('td', { class: 'num', 'data-testid': 'pending-attempt' }, `${p.attempt || 1}${p.maximumAttempts ? ` / ${p.maximumAttempts}` : ''}`),
          h('td', null, p.nextAttemptScheduleTime ? fmtTime(p.nextAttemptScheduleTime) : ''),
          h('td', { class: 'wrap' }, p.lastFailure ? h('span', { style: 'color:var(--failed)' }, failureMessage(p.lastFailure)) : h('span', { class: 'muted' }, '—'))),
        p.lastFailure ? h('tr', { class: 'failure-row' }, h('td', { colspan: '6' }, h('details', null, h('summary', { class: 'failure-toggle' }, 'Last failure'), renderFailure(p.lastFailure)))) : null,
      ];
    });
    this.pendingEl.append(h('div', { class: 'panel section', 'data-testid': 'pending-activities' },
      h('div', { class: 'panel-head' }, h('h2', null, 'Pending activities ', h('span', { class: 'count' }, pending.length))),
      h('table', { class: 'grid' }, h('thead', null, h('tr', null, h('th', null, 'Activity ID'), h('th', null, 'Type'), h('th', null, 'State'), h('th', { class: 'num' }, 'Attempt'), h('th', null, 'Next attempt'), h('th', null, 'Last failure'))), h('tbody', null, rows))));
  }

  #activities() {
    const all = [...this.model.activities.values()];
    clear(this.activitiesEl);
    if (!all.length) return;
    const shown = this.showAllActivities ? all : all.slice(0, ACTIVITY_PAGE);
    const body = h('tbody');
    for (const a of shown) {
      const failure = a.failure || a.lastFailure;
      const row = h('tr', { 'data-activity-id': a.activityId, 'data-status': a.status },
        h('td', { class: 'mono' }, a.activityId),
        h('td', null, a.type),
        h('td', null, h('span', { class: `status status-${a.status}` }, a.status)),
        h('td', { class: 'num', 'data-testid': 'activity-attempts' }, a.attempt),
        h('td', null, fmtTime(a.start)),
        h('td', { class: 'num' }, a.end ? fmtDuration(a.end - a.start) : ''),
        h('td', { class: 'wrap' }, failure
          ? h('button', { type: 'button', class: 'btn btn-small failure-toggle', 'data-testid': 'expand-failure', 'aria-expanded': 'false' }, `▸ ${a.failure ? 'Failure' : 'Last failure'}: ${failureMessage(failure)}`)
          : h('span', { class: 'muted' }, '—')),
        h('td', null, h('a', { href: '#history', onclick: (ev) => { ev.preventDefault(); this.table.select(a.id); this.table.element.scrollIntoView({ block: 'start' }); } }, `#${a.id}`)));
      body.append(row);
      if (failure) {
        const detail = h('tr', { class: 'failure-row', hidden: true, 'data-testid': 'activity-failure' }, h('td', { colspan: '8' }, renderFailure(failure)));
        row.querySelector('[data-testid=expand-failure]').addEventListener('click', (ev) => {
          detail.hidden = !detail.hidden;
          ev.currentTarget.setAttribute('aria-expanded', String(!detail.hidden));
          ev.currentTarget.firstChild.textContent = ev.currentTarget.firstChild.textContent.replace(/^[▸▾]/, detail.hidden ? '▸' : '▾');
        });
        body.append(detail);
      }
    }
    const more = all.length > shown.length ? h('div', { class: 'pager' }, `${shown.length} of ${all.length} shown`, h('button', { type: 'button', class: 'btn btn-small', onclick: () => { this.showAllActivities = true; this.#activities(); } }, 'Show all')) : null;
    this.activitiesEl.append(h('div', { class: 'panel section', 'data-testid': 'activities' },
      h('div', { class: 'panel-head' }, h('h2', null, 'Activities ', h('span', { class: 'count' }, all.length))),
      h('table', { class: 'grid' }, h('thead', null, h('tr', null, h('th', null, 'Activity ID'), h('th', null, 'Type'), h('th', null, 'Status'), h('th', { class: 'num' }, 'Attempts'), h('th', null, 'Scheduled'), h('th', { class: 'num' }, 'Duration'), h('th', null, 'Failure'), h('th', null, 'Event'))), body),
      more));
  }

  #children() {
    const children = [...this.model.children.values()];
    clear(this.childrenEl);
    if (!children.length) return;
    this.childrenEl.append(h('div', { class: 'panel section', 'data-testid': 'children' },
      h('div', { class: 'panel-head' }, h('h2', null, 'Child workflows ', h('span', { class: 'count' }, children.length))),
      h('table', { class: 'grid' },
        h('thead', null, h('tr', null, h('th', null, 'Workflow ID'), h('th', null, 'Type'), h('th', null, 'Status'), h('th', null, 'Run ID'), h('th', null, 'Started'), h('th', { class: 'num' }, 'Duration'))),
        h('tbody', null, children.map((c) => h('tr', null,
          h('td', { class: 'mono' }, h('a', { href: uiRunUrl(c.namespace || this.ns, c.workflowId, c.runId), 'data-nav': '', 'data-testid': 'child-link' }, c.workflowId)),
          h('td', null, c.type),
          h('td', null, h('span', { class: `status status-${c.status}` }, c.status)),
          h('td', { class: 'mono' }, c.runId || ''),
          h('td', null, fmtTime(c.start)),
          h('td', { class: 'num' }, c.end ? fmtDuration(c.end - c.start) : '')))))));
  }

  #dialog(title, fields, submitLabel, onSubmit) {
    const error = h('div', { class: 'error-box', hidden: true });
    const form = h('form', { method: 'dialog' }, h('h2', null, title), fields, error,
      h('div', { class: 'dialog-actions' }, h('button', { type: 'button', class: 'btn', onclick: () => dialog.close() }, 'Cancel'), h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'dialog-submit' }, submitLabel)));
    const dialog = h('dialog', { class: 'dialog' }, form);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      error.hidden = true;
      try {
        if (await onSubmit(new FormData(form), error) !== false) dialog.close();
      } catch (e) {
        error.textContent = e.message;
        error.hidden = false;
      }
    });
    dialog.addEventListener('close', () => dialog.remove());
    document.body.append(dialog);
    dialog.showModal();
    return dialog;
  }

  #signalDialog() {
    this.#dialog('Send a signal', [
      h('label', { class: 'field' }, 'Signal name', h('input', { name: 'name', required: true, autocomplete: 'off', 'data-testid': 'signal-name' })),
      h('label', { class: 'field' }, 'Input (JSON, optional)', h('textarea', { name: 'input', placeholder: '{"approved": true}', 'data-testid': 'signal-input' })),
    ], 'Send signal', async (data) => {
      const body = { signalName: String(data.get('name')).trim() };
      const input = String(data.get('input') || '').trim();
      if (input) body.input = parseJson(input);
      await api(`${this.path}/signal`, { method: 'POST', body });
      toast(`Signal ${body.signalName} sent`);
    });
  }

  #queryDialog() {
    const out = h('div', { 'data-testid': 'query-result' });
    this.#dialog('Query the workflow', [
      h('label', { class: 'field' }, 'Query type', h('input', { name: 'type', required: true, autocomplete: 'off', value: '__stack_trace', 'data-testid': 'query-type' })),
      h('label', { class: 'field' }, 'Argument (JSON, optional)', h('textarea', { name: 'args' })),
      out,
    ], 'Run query', async (data) => {
      const body = { queryType: String(data.get('type')).trim() };
      const args = String(data.get('args') || '').trim();
      if (args) body.args = parseJson(args);
      out.replaceChildren(h('span', { class: 'muted' }, 'Waiting for a worker…'));
      const answer = await api(`${this.path}/query`, { method: 'POST', body });
      out.replaceChildren(answer.queryRejected ? h('div', { class: 'error-box' }, `Rejected: the run is ${statusName(answer.queryRejected.status)}`) : renderPayloads(answer.queryResult));
      return false;
    });
  }

  #confirm(action, label) {
    this.#dialog(`${label}: ${this.workflowId}`, [
      h('p', { class: 'muted' }, action === 'terminate' ? 'The run stops at once; the workflow gets no chance to clean up.' : 'The workflow receives a cancellation request and decides how to stop.'),
      h('label', { class: 'field' }, 'Reason', h('input', { name: 'reason', autocomplete: 'off', value: `${action} from the history UI` })),
    ], label, async (data) => {
      await api(`${this.path}/${action}`, { method: 'POST', body: { reason: String(data.get('reason') || '') } });
      toast(action === 'terminate' ? 'Terminated' : 'Cancellation requested');
    });
  }

  openSignal() {
    if (statusName(this.describe.workflowExecutionInfo.status) === 'Running') this.#signalDialog();
  }
}

function parseJson(text) {
  try { return JSON.parse(text); } catch { throw new Error('The input is not valid JSON (strings need quotes).'); }
}

export { WorkflowView };
