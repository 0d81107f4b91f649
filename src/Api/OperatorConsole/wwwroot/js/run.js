// One run: state and actions, per-stage status, versions with gate reports and their diff, costs, and the link to
// its event history in the Temporal UI. An open run refreshes itself every two seconds while its page is shown.
import * as cf from './api.js';
import { h, announce, stateBadge, errorBox, dateTime, money, totalsText, shortId } from './dom.js';

const OPEN = new Set(['running', 'needs-review', 'awaiting-approval', 'escalated']);
// What POST /api/runs/{id}/retry accepts: a run that ended without finishing its stages.
const RETRYABLE = new Set(['failed', 'terminated', 'timed-out', 'cancelled']);
let shown = null;

export async function renderRun(view, runId, context) {
  const token = Symbol(runId);
  shown = token;
  const [run, costs, versions] = await Promise.all([cf.run(runId), cf.runCosts(runId), cf.versions(runId)]);
  const definition = await cf.definition(run.definitionId, run.definitionVersion).catch(() => null);
  draw(view, { run, costs, versions, definition }, context);
  if (OPEN.has(run.state)) schedule(view, runId, context, token);
}

function schedule(view, runId, context, token) {
  setTimeout(async () => {
    if (shown !== token || !view.isConnected) return;
    // An operator typing a rejection reason keeps the page as it is.
    if (view.querySelector('#reject-reason:focus')) { schedule(view, runId, context, token); return; }
    try {
      const [run, costs, versions] = await Promise.all([cf.run(runId), cf.runCosts(runId), cf.versions(runId)]);
      if (shown !== token || !view.isConnected) return;
      const definition = await cf.definition(run.definitionId, run.definitionVersion).catch(() => null);
      draw(view, { run, costs, versions, definition }, context);
      if (OPEN.has(run.state)) schedule(view, runId, context, token);
    } catch {
      schedule(view, runId, context, token);
    }
  }, 2000);
}

function draw(view, { run, costs, versions, definition }, context) {
  const focusedId = document.activeElement?.dataset?.testid;
  view.dataset.state = run.state;
  const history = context.session.historyUiUrl
    ? h('a', { class: 'btn', href: `${context.session.historyUiUrl}/namespaces/${encodeURIComponent(context.session.namespace)}/workflows/${encodeURIComponent(run.workflowId)}`, target: '_blank', rel: 'noopener', 'data-testid': 'history-link' }, 'Event history ↗')
    : null;
  view.replaceChildren(
    h('div', { class: 'page-head' },
      h('a', { href: '#/runs', class: 'btn btn-small', 'aria-label': 'Back to runs' }, '← Runs'),
      h('h1', { 'data-testid': 'run-topic' }, run.brief.topic), stateBadge(run.state), h('span', { class: 'spacer' }), history),
    h('div', { class: 'grid-2' },
      h('div', { class: 'stack' },
        actionsPanel(run, context),
        stagesPanel(run, definition),
        versionsPanel(run, versions)),
      h('div', { class: 'stack' },
        factsPanel(run, definition),
        costsPanel(costs))));
  if (focusedId) view.querySelector(`[data-testid="${focusedId}"]`)?.focus();
}

function factsPanel(run, definition) {
  const fact = (term, value, testId) => [h('dt', {}, term), h('dd', { 'data-testid': testId }, value)];
  return h('section', { class: 'panel', 'aria-labelledby': 'facts-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'facts-title' }, 'Run')),
    h('dl', { class: 'panel-body facts' },
      fact('Id', h('code', {}, run.id), 'run-id'),
      fact('Pipeline', h('a', { href: `#/pipelines/${run.definitionId}` }, `${definition?.name || run.definitionId} v${run.definitionVersion}`), 'run-pipeline'),
      fact('Audience', run.brief.audience),
      fact('Channel', run.brief.channel),
      fact('Language', run.brief.language),
      run.stateReason ? fact('Reason', run.stateReason, 'run-reason') : null,
      run.retryOf ? fact('Retry of', h('a', { href: `#/runs/${run.retryOf}`, 'data-testid': 'retry-of' }, shortId(run.retryOf)), 'run-retry-of') : null,
      run.retryOf && run.retryFromStage !== null ? fact('Started at', `stage ${run.retryFromStage + 1}; the stages before reused`, 'run-retry-from') : null,
      run.retries?.length ? fact('Retried as', h('span', {}, run.retries.map((id, i) => [i ? ', ' : '', h('a', { href: `#/runs/${id}`, 'data-testid': 'retry-link' }, shortId(id))])), 'run-retries') : null,
      run.settingsVersion ? fact('Settings', h('a', { href: '#/settings' }, `version ${run.settingsVersion}`), 'run-settings-version') : null,
      run.cancelledBy ? fact('Cancelled by', `${run.cancelledBy} at ${dateTime(run.cancelledAt)}`) : null));
}

function actionsPanel(run, context) {
  const awaiting = Boolean(run.progress?.awaitingApproval);
  const error = h('p', { class: 'field-error', role: 'alert', 'data-testid': 'action-error' });
  const buttons = [];
  if (awaiting && context.canReview) {
    buttons.push(h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'approve', onclick: (ev) => act(ev.target, () => cf.decide(run.id, { decision: 'approve' }), 'Approved: the run goes on to publish.') }, 'Approve'));
    const reason = h('textarea', { id: 'reject-reason', class: 'input', rows: 2, maxlength: 2000, 'data-testid': 'reject-reason', 'aria-describedby': 'reject-help' });
    buttons.push(h('details', {}, h('summary', { class: 'btn btn-danger', 'data-testid': 'reject-open' }, 'Reject…'),
      h('label', { class: 'field', for: 'reject-reason' }, 'Reason (required)'), reason,
      h('p', { id: 'reject-help', class: 'field-help' }, 'The run ends without publishing; the reason is kept in the approvals audit.'),
      h('button', { type: 'button', class: 'btn btn-danger', 'data-testid': 'reject-confirm', onclick: (ev) => {
        if (!reason.value.trim()) { error.textContent = 'A reason is required to reject.'; reason.focus(); return; }
        act(ev.target, () => cf.decide(run.id, { decision: 'reject', reason: reason.value.trim() }), 'Rejected: the run ends without publishing.');
      } }, 'Reject draft')));
  }
  if (OPEN.has(run.state) && context.canEdit) {
    buttons.push(h('button', { type: 'button', class: 'btn btn-danger', 'data-testid': 'cancel-run', onclick: (ev) => {
      if (!confirm('Cancel this run? Stages not yet run will not run.')) return;
      act(ev.target, () => cf.cancelRun(run.id), 'Cancellation requested.');
    } }, 'Cancel run'));
  }
  if (RETRYABLE.has(run.state) && context.canEdit) {
    const failedStage = run.stages?.find((s) => s.status !== 'done');
    buttons.push(h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'retry-run', 'aria-describedby': 'retry-help', onclick: (ev) => act(ev.target, async () => {
      const retry = await cf.retryRun(run.id);
      location.hash = `#/runs/${retry.id}`;
    }, 'Retry started: it begins at the stage that did not finish.') }, failedStage ? `Retry from ${failedStage.type}` : 'Retry'));
    buttons.push(h('span', { id: 'retry-help', class: 'field-help' }, 'A new run starts at the stage that did not finish and reuses the stored outputs of the stages before it (not charged again).'));
  }
  const progress = run.progress
    ? h('p', { class: 'muted', 'data-testid': 'run-progress' }, awaiting ? 'Waiting for a reviewer’s decision.' : run.progress.currentStage ? `Now: ${run.progress.currentStage} (stage ${run.progress.currentStageIndex + 1}).` : 'Starting…')
    : h('p', { class: 'muted', 'data-testid': 'run-progress' }, OPEN.has(run.state) ? 'The workflow is not answering right now; the stored state is shown.' : `Finished: ${run.state.replaceAll('-', ' ')}.`);
  return h('section', { class: 'panel', 'aria-labelledby': 'actions-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'actions-title' }, 'Status')),
    h('div', { class: 'panel-body' }, progress, buttons.length ? h('div', { class: 'actions' }, buttons) : null, error));

  async function act(button, call, done) {
    button.disabled = true;
    error.textContent = '';
    try {
      await call();
      announce(done);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (e) {
      error.textContent = cf.describeError(e, 'do that');
      button.disabled = false;
    }
  }
}

// Per-stage status: the API's own list when it has one (run.stages), else worked out from the pinned definition
// and the workflow's progress.
function stagesPanel(run, definition) {
  const stages = Array.isArray(run.stages) && run.stages.length
    ? run.stages.map((s, i) => ({ index: s.index ?? i, type: s.type, status: s.status || s.state || 'pending', detail: stageDetail(s) }))
    : (definition?.stages || []).map((s, i) => ({ index: i, type: s.type, status: derivedStatus(run, i, s.type), detail: '' }));
  return h('section', { class: 'panel', 'aria-labelledby': 'stages-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'stages-title' }, 'Stages')),
    stages.length === 0 ? h('p', { class: 'panel-body muted' }, 'The pipeline definition could not be read.') :
      h('ol', { class: 'stages', 'data-testid': 'run-stages' }, stages.map((s) => h('li', { 'data-stage-type': s.type, 'data-stage-status': s.status },
        h('span', { class: 'stage-index', 'aria-hidden': 'true' }, `${s.index + 1}`),
        h('span', { class: 'stage-name' }, s.type), s.detail ? h('span', { class: 'muted' }, s.detail) : null, stateBadge(s.status)))));
}

function stageDetail(stage) {
  const parts = [];
  if (stage.reused) parts.push('reused from the retried run');
  if (stage.error) parts.push(stage.error);
  if (stage.attempts > 1) parts.push(`${stage.attempts} attempts`);
  if (stage.startedAt && stage.finishedAt) parts.push(`${((Date.parse(stage.finishedAt) - Date.parse(stage.startedAt)) / 1000).toFixed(1)} s`);
  return parts.join(' · ');
}

function derivedStatus(run, index) {
  const current = run.progress?.currentStageIndex;
  if (run.state === 'published' || run.state === 'completed') return 'done';
  if (current === undefined || current === null) return OPEN.has(run.state) ? 'pending' : run.state;
  if (index < current) return 'done';
  if (index > current) return 'pending';
  return run.progress.awaitingApproval ? 'waiting' : 'running';
}

function versionsPanel(run, versions) {
  const panel = h('section', { class: 'panel', 'aria-labelledby': 'versions-title', 'data-testid': 'versions' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'versions-title' }, 'Versions')));
  if (versions.length === 0) {
    panel.append(h('p', { class: 'panel-body muted', 'data-testid': 'versions-empty' }, 'No content yet: the first version appears when a generating stage finishes.'));
    return panel;
  }
  const detail = h('div', { class: 'panel-body', 'data-testid': 'version-detail' });
  const rows = versions.map((v) => h('tr', {},
    h('td', {}, h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'version-open', 'data-version': v.version, onclick: () => showVersion(v) }, `v${v.version}`)),
    h('td', {}, v.kind), h('td', {}, v.language || ''),
    h('td', { class: 'num', 'data-testid': 'version-score' }, v.gateReport ? `${v.gateReport.score}${v.gateReport.passed ? ' ✓' : ' ✗'}` : '—'),
    h('td', {}, dateTime(v.createdAt))));
  const from = h('select', { id: 'diff-from', class: 'input', 'data-testid': 'diff-from' }, versions.map((v) => h('option', { value: v.version }, `v${v.version} · ${v.kind}`)));
  const to = h('select', { id: 'diff-to', class: 'input', 'data-testid': 'diff-to' }, versions.map((v) => h('option', { value: v.version }, `v${v.version} · ${v.kind}`)));
  from.value = `${versions[Math.max(0, versions.length - 2)].version}`;
  to.value = `${versions[versions.length - 1].version}`;
  const diffBody = h('div', { class: 'diff', 'data-testid': 'diff-body' });
  const diff = h('div', { class: 'panel-body' },
    h('div', { class: 'filters diff-controls' },
      h('div', {}, h('label', { for: 'diff-from' }, 'From'), from), h('div', {}, h('label', { for: 'diff-to' }, 'To'), to),
      h('button', { type: 'button', class: 'btn', 'data-testid': 'diff-show', onclick: showDiff }, 'Compare')),
    diffBody);
  panel.append(h('table', {}, h('thead', {}, h('tr', {}, ['Version', 'Kind', 'Language', 'Gate score', 'Created'].map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, rows)), detail, diff);
  showVersion(versions[versions.length - 1]);
  return panel;

  function showVersion(v) {
    const report = v.gateReport;
    detail.replaceChildren(
      h('h3', {}, `v${v.version} · ${v.kind}`),
      h('p', { 'data-testid': 'version-title' }, h('strong', {}, v.fields?.title || '')),
      h('p', { class: 'muted' }, (v.fields?.body || '').slice(0, 400) + ((v.fields?.body || '').length > 400 ? '…' : '')),
      report ? h('div', { 'data-testid': 'gate-report' },
        h('h3', { class: 'gate-heading' }, `Gate report: ${report.score} / min ${report.minScore} · ${report.passed ? 'passed' : 'failed'}`),
        report.issues.length === 0 ? h('p', { class: 'muted' }, 'No issues.') :
          h('ul', { class: 'issues' }, report.issues.map((i) => h('li', {}, `${i.field}: ${i.message}`, i.fixSuggestion ? h('span', { class: 'muted' }, ` Fix: ${i.fixSuggestion}`) : null))))
        : h('p', { class: 'muted' }, 'No gate report for this version.'));
  }

  async function showDiff() {
    if (from.value === to.value) { diffBody.replaceChildren(h('p', { class: 'muted' }, 'Pick two different versions.')); return; }
    diffBody.replaceChildren(h('p', { class: 'muted' }, 'Comparing…'));
    try {
      const result = await cf.versionsDiff(run.id, from.value, to.value);
      diffBody.replaceChildren(result.changes.length === 0 ? h('p', { class: 'muted', 'data-testid': 'diff-none' }, 'No differences.') :
        result.changes.map((c) => h('div', { class: 'diff-field', 'data-testid': `diff-field-${c.field}` }, h('h3', {}, c.field),
          c.operations.map((op) => op.op === 'insert' ? h('ins', {}, op.text) : op.op === 'delete' ? h('del', {}, op.text) : op.text))));
    } catch (error) {
      diffBody.replaceChildren(errorBox(cf.describeError(error, 'compare the versions')));
    }
  }
}

function costsPanel(costs) {
  return h('section', { class: 'panel', 'aria-labelledby': 'costs-title', 'data-testid': 'run-costs' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'costs-title' }, 'Costs'), h('span', { class: 'spacer' }),
      h('strong', { 'data-testid': 'run-cost-total' }, totalsText(costs.totals).cost)),
    costs.groups.length === 0 ? h('p', { class: 'panel-body muted', 'data-testid': 'costs-empty' }, 'No LLM calls yet.') :
      h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Stage'), h('th', { scope: 'col' }, 'Model'), h('th', { scope: 'col', class: 'num' }, 'Calls'), h('th', { scope: 'col', class: 'num' }, 'Tokens'), h('th', { scope: 'col', class: 'num' }, 'Cost'))),
        h('tbody', {}, costs.groups.map((g) => h('tr', { 'data-testid': 'cost-row' }, h('td', {}, g.stage), h('td', {}, g.model), h('td', { class: 'num' }, `${g.calls}`),
          h('td', { class: 'num' }, `${g.promptTokens + g.completionTokens}`), h('td', { class: 'num' }, money(g.cost, g.currency)))))),
    h('p', { class: 'panel-body muted' }, `${totalsText(costs.totals).calls} calls · ${totalsText(costs.totals).tokens} tokens`));
}
