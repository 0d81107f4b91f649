// Batches and datasets: upload a CSV or JSONL dataset (the API's row report shows what was refused and why), start a
// batch over it, and follow a batch: units by state, cost so far and ETA (refreshed every two seconds while it runs),
// pause / resume / cancel / retry failed, the results' export, and its units a server-side page at a time.
import * as cf from './api.js';
import { h, announce, stateBadge, emptyState, errorBox, dateTime, money, shortId, labelled } from './dom.js';

const UNIT_STATES = ['open', 'completed', 'needs-review', 'rejected', 'failed', 'skipped', 'cancelled'];
const OPEN_STATES = new Set(['running', 'paused', 'cancelling']);
const PAGE = 50;

export async function renderBatches(view, params, context) {
  const [datasets, batches, definitions] = await Promise.all([cf.datasets(), cf.batches(), cf.allDefinitions()]);
  const latest = new Map();
  for (const row of definitions) if (!latest.has(row.id) || latest.get(row.id).version < row.version) latest.set(row.id, row);
  const names = new Map([...latest.values()].map((d) => [d.id, d.name]));
  const datasetNames = new Map(datasets.map((d) => [d.id, d.name]));

  view.replaceChildren(
    h('div', { class: 'page-head' }, h('h1', {}, 'Batches'), h('span', { class: 'spacer' })),
    h('div', { class: 'grid-2' },
      h('div', { class: 'stack' }, batchesPanel(batches, names, datasetNames)),
      h('div', { class: 'stack' },
        context.canEdit ? uploadPanel() : null,
        datasetsPanel(datasets, [...latest.values()], context, params.get('dataset')))));
}

function batchesPanel(batches, names, datasetNames) {
  return h('section', { class: 'panel', 'aria-labelledby': 'batches-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'batches-title' }, 'Batches, newest first')),
    batches.length === 0
      ? emptyState('No batches yet', 'Upload a dataset, then start a batch over it: one run per row and language.', 'batches-empty')
      : h('table', { 'data-testid': 'batches-table' },
        h('thead', {}, h('tr', {}, ['Batch', 'Pipeline', 'Dataset', 'Items', 'Started'].map((t) => h('th', { scope: 'col', class: t === 'Items' ? 'num' : null }, t)))),
        h('tbody', {}, batches.map((b) => h('tr', { 'data-batch-id': b.id },
          h('td', {}, h('a', { href: `#/batches/${b.id}`, 'data-testid': 'batch-link' }, shortId(b.id))),
          h('td', {}, `${names.get(b.definitionId) || shortId(b.definitionId)} v${b.definitionVersion}`),
          h('td', {}, datasetNames.get(b.datasetId) || shortId(b.datasetId)),
          h('td', { class: 'num' }, `${b.itemCount} × ${b.languages.length}`),
          h('td', {}, dateTime(b.createdAt)))))));
}

function uploadPanel() {
  const name = h('input', { id: 'dataset-name', class: 'input', required: true, maxlength: 200, 'data-testid': 'dataset-name' });
  const file = h('input', { id: 'dataset-file', type: 'file', class: 'input', required: true, accept: '.csv,.jsonl,.ndjson,text/csv,application/jsonl', 'aria-describedby': 'dataset-file-help', 'data-testid': 'dataset-file' });
  const report = h('div', { 'data-testid': 'upload-report', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'upload-dataset' }, 'Upload');
  file.addEventListener('change', () => {
    if (!name.value && file.files[0]) name.value = file.files[0].name.replace(/\.[^.]+$/, '');
  });
  const form = h('form', { class: 'panel-body' },
    labelled('dataset-name', 'Name', name),
    labelled('dataset-file', 'File (CSV with a header row, or JSONL)', file),
    h('p', { id: 'dataset-file-help', class: 'field-help' }, 'Each row is one item: topic (required), audience, channel, keywords (separated by ;), sourceText; other columns are kept.'),
    h('div', { class: 'actions form-actions' }, submit), report);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const chosen = file.files[0];
    if (!chosen) { report.replaceChildren(errorBox('Choose a file to upload.')); file.focus(); return; }
    const format = /\.(jsonl|ndjson)$/i.test(chosen.name) ? 'jsonl' : 'csv';
    submit.disabled = true;
    report.replaceChildren(h('p', { class: 'muted' }, `Uploading ${chosen.name}…`));
    try {
      const result = await cf.uploadDataset(name.value.trim(), chosen, format);
      // The page drawn next shows the report under the form until the next upload.
      lastReport = result;
      announce(`Stored ${result.storedRows} rows; ${result.badRowCount} refused.`);
      location.hash = `#/batches?dataset=${result.datasetId}&uploaded=${Date.now()}`;
    } catch (error) {
      report.replaceChildren(uploadProblems(error));
      submit.disabled = false;
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'upload-title', 'data-testid': 'upload-panel' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'upload-title' }, 'Upload a dataset')), form,
    lastReport ? rowReport(lastReport) : null);
}

let lastReport = null;

function rowReport(report) {
  return h('div', { class: 'panel-body', 'data-testid': 'row-report' },
    h('p', { 'data-testid': 'row-report-summary' }, `${report.storedRows} rows stored, ${report.badRowCount} refused.`),
    report.problems.length === 0 ? null : h('table', { 'data-testid': 'row-problems' },
      h('caption', { class: 'visually-hidden' }, 'Refused rows'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col', class: 'num' }, 'Line'), h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Problem'))),
      h('tbody', {}, report.problems.map((p) => h('tr', {}, h('td', { class: 'num' }, `${p.line}`), h('td', {}, p.field || '(row)'), h('td', {}, p.problem))))));
}

// A refused upload (no usable row, no name, a bad format) names its problems per line or field.
function uploadProblems(error) {
  const errors = error instanceof cf.ApiError ? error.problem?.errors : null;
  if (!errors) return errorBox(cf.describeError(error, 'upload the dataset'));
  return h('div', { role: 'alert', class: 'error-box', 'data-testid': 'upload-error' },
    h('p', {}, 'Nothing was stored:'),
    h('ul', { class: 'issues' }, Object.entries(errors).map(([field, messages]) => h('li', {}, `${field}: ${messages.join('; ')}`))));
}

function datasetsPanel(datasets, definitions, context, selectedId) {
  const panel = h('section', { class: 'panel', 'aria-labelledby': 'datasets-title', 'data-testid': 'datasets' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'datasets-title' }, 'Datasets')));
  if (datasets.length === 0) {
    panel.append(emptyState('No datasets yet', context.canEdit ? 'Upload a CSV or JSONL file above.' : 'An editor uploads datasets; they are listed here.', 'datasets-empty'));
    return panel;
  }
  // A refused upload leaves an empty dataset behind; no batch can run over it.
  const usable = datasets.filter((d) => d.itemCount > 0);
  const select = h('select', { id: 'batch-dataset', class: 'input', 'data-testid': 'batch-dataset' },
    usable.map((d) => h('option', { value: d.id }, `${d.name} · ${d.itemCount} items${d.badRowCount ? ` (${d.badRowCount} refused)` : ''}`)));
  if (selectedId && usable.some((d) => d.id === selectedId)) select.value = selectedId;
  panel.append(h('table', { 'data-testid': 'datasets-table' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col', class: 'num' }, 'Items'), h('th', { scope: 'col', class: 'num' }, 'Refused'), h('th', { scope: 'col' }, 'Uploaded'))),
    h('tbody', {}, datasets.slice(0, 20).map((d) => h('tr', { 'data-dataset-id': d.id },
      h('td', {}, d.name), h('td', { class: 'num' }, `${d.itemCount}`), h('td', { class: 'num' }, `${d.badRowCount}`), h('td', {}, dateTime(d.createdAt)))))));
  if (!context.canEdit) return panel;
  if (definitions.length === 0 || usable.length === 0) {
    panel.append(h('p', { class: 'panel-body muted' }, definitions.length === 0 ? 'Save a pipeline under Pipelines to start a batch.' : 'Upload a dataset with at least one good row to start a batch.'));
    return panel;
  }

  const definition = h('select', { id: 'batch-definition', class: 'input', 'data-testid': 'batch-definition' }, definitions.map((d) => h('option', { value: d.id }, `${d.name} (v${d.version})`)));
  const languages = h('input', { id: 'batch-languages', class: 'input', value: 'en', 'aria-describedby': 'batch-languages-help', 'data-testid': 'batch-languages' });
  const concurrency = h('input', { id: 'batch-concurrency', class: 'input', type: 'number', min: 1, max: 2000, value: 20, 'data-testid': 'batch-concurrency' });
  const problems = h('div', { 'data-testid': 'start-batch-error' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'start-batch' }, 'Start batch');
  const form = h('form', { class: 'panel-body', 'aria-labelledby': 'start-batch-title' },
    h('h3', { id: 'start-batch-title' }, 'Start a batch'),
    labelled('batch-dataset', 'Dataset', select),
    labelled('batch-definition', 'Pipeline', definition),
    labelled('batch-languages', 'Languages', languages),
    h('p', { id: 'batch-languages-help', class: 'field-help' }, 'BCP 47 tags separated by commas; the first is the master, the others are translated from it.'),
    labelled('batch-concurrency', 'Runs at a time', concurrency),
    h('div', { class: 'actions form-actions' }, submit), problems);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    submit.disabled = true;
    problems.replaceChildren();
    try {
      const started = await cf.startBatch({
        datasetId: select.value,
        definitionId: definition.value,
        languages: languages.value.split(',').map((l) => l.trim()).filter(Boolean),
        maxConcurrency: Number(concurrency.value) || undefined,
      });
      announce('Batch started.');
      location.hash = `#/batches/${started.id}`;
    } catch (error) {
      problems.replaceChildren(errorBox(cf.describeError(error, 'start the batch')));
      submit.disabled = false;
    }
  });
  panel.append(form);
  return panel;
}

let shown = null;

export async function renderBatch(view, batchId, params, context) {
  const token = Symbol(batchId);
  shown = token;
  const status = UNIT_STATES.includes(params.get('status')) ? params.get('status') : '';
  const cursor = params.get('cursor') || '';
  // The pipeline's name only labels the title: it is filled in when it arrives, without holding the page back.
  const definitions = cf.allDefinitions().catch(() => []);
  const [batch, page] = await Promise.all([cf.batch(batchId), cf.batchItems(batchId, { status, cursor, limit: PAGE })]);
  const pipelineName = h('span', {}, shortId(batch.batch.definitionId));
  definitions.then((rows) => { const name = rows.find((d) => d.id === batch.batch.definitionId)?.name; if (name) pipelineName.textContent = name; });

  const progress = h('section', { class: 'panel', 'aria-labelledby': 'progress-title', 'data-testid': 'batch-progress' });
  const head = h('div', { class: 'page-head' },
    h('a', { href: '#/batches', class: 'btn btn-small', 'aria-label': 'Back to batches' }, '← Batches'),
    h('h1', { 'data-testid': 'batch-title' }, `Batch ${shortId(batch.batch.id)} · `, pipelineName, ` v${batch.batch.definitionVersion}`),
    h('span', { 'data-testid': 'batch-state-badge' }), h('span', { class: 'spacer' }),
    h('button', { type: 'button', class: 'btn', 'data-testid': 'export-csv', onclick: (ev) => exportAs(ev.target, 'csv') }, 'Export CSV'),
    h('button', { type: 'button', class: 'btn', 'data-testid': 'export-jsonl', onclick: (ev) => exportAs(ev.target, 'jsonl') }, 'Export JSONL'));
  let units = unitsPanel(batch, page, status, cursor);
  view.replaceChildren(head, progress, units);
  drawProgress(batch);
  if (OPEN_STATES.has(batch.state)) poll();

  function drawProgress(current) {
    view.dataset.state = current.state;
    head.querySelector('[data-testid=batch-state-badge]').replaceChildren(stateBadge(current.state));
    progress.replaceChildren(
      h('div', { class: 'panel-head' }, h('h2', { id: 'progress-title' }, 'Progress'), h('span', { class: 'spacer' }), actions(current)),
      progressBody(current));
  }

  function poll() {
    setTimeout(async () => {
      if (shown !== token || !view.isConnected) return;
      try {
        const [next, nextPage] = await Promise.all([cf.batch(batchId), cf.batchItems(batchId, { status, cursor, limit: PAGE })]);
        if (shown !== token || !view.isConnected) return;
        drawProgress(next);
        // The units' states move too; the list is redrawn in place unless someone is working in it.
        if (!units.contains(document.activeElement)) {
          const redrawn = unitsPanel(next, nextPage, status, cursor);
          units.replaceWith(redrawn);
          units = redrawn;
        }
        if (!OPEN_STATES.has(next.state)) return;
      } catch { /* the next poll tries again */ }
      poll();
    }, 2000);
  }

  function actions(current) {
    if (!context.canEdit || !OPEN_STATES.has(current.state) || current.state === 'cancelling') return null;
    const p = current.progress;
    const error = h('span', { class: 'field-error', role: 'alert', 'data-testid': 'batch-action-error' });
    const button = (action, label, testId, danger) => h('button', { type: 'button', class: danger ? 'btn btn-danger' : 'btn', 'data-testid': testId, onclick: async (ev) => {
      if (action === 'cancel' && !confirm('Cancel this batch? No new items start; running ones finish.')) return;
      ev.target.disabled = true;
      error.textContent = '';
      try {
        await cf.batchAction(batchId, action);
        announce(`${label}: requested.`);
        drawProgress(await cf.batch(batchId));
        if (shown === token) poll();
      } catch (e) {
        error.textContent = cf.describeError(e, label.toLowerCase());
        ev.target.disabled = false;
      }
    } }, label);
    return h('div', { class: 'actions' },
      p?.paused ? button('resume', 'Resume', 'batch-resume') : button('pause', 'Pause', 'batch-pause'),
      p && p.failed > 0 ? button('retry-failed', 'Retry failed', 'batch-retry-failed') : null,
      button('cancel', 'Cancel batch', 'batch-cancel', true),
      error);
  }

  async function exportAs(button, format) {
    button.disabled = true;
    try {
      announce(`Downloading ${await cf.exportBatch(batchId, format)}.`);
    } catch (error) {
      announce(cf.describeError(error, 'export the results'), true);
    }
    button.disabled = false;
  }
}

// Live counts while the workflow answers; the stored results (what export returns) once it has ended.
function progressBody(batch) {
  const p = batch.progress;
  const r = batch.recorded;
  const total = p ? p.total : batch.batch.itemCount * batch.batch.languages.length;
  // [label, count, kind, finished]: awaiting a person is an open approval; needs review is an ended unit a person must look at.
  const counts = p
    ? [['Completed', p.completed, 'done', true], ['Awaiting approval', p.awaitingPerson, 'waiting', false], ['Needs review', p.awaitingReview, 'review', true],
      ['Running', p.running, 'running', false], ['Pending', p.pending, 'pending', false], ['Failed', p.failed, 'failed', true], ['Rejected', p.rejected, 'rejected', true],
      ['Skipped', p.skipped, 'skipped', true]]
    : [['Completed', r.completed, 'done', true], ['Needs review', r.needsReview, 'review', true], ['Failed', r.failed, 'failed', true], ['Rejected', r.rejected, 'rejected', true],
      ['Skipped', r.skipped, 'skipped', true], ['Cancelled', r.cancelled, 'cancelled', true]];
  const finished = counts.filter(([, , , done]) => done).reduce((n, [, v]) => n + v, 0);
  const meter = h('div', { class: 'meter', role: 'progressbar', 'aria-label': 'Units finished', 'aria-valuemin': 0, 'aria-valuemax': total, 'aria-valuenow': finished });
  const fill = h('div', { class: 'meter-fill' });
  fill.style.width = `${total ? Math.round((finished / total) * 100) : 0}%`;
  meter.append(fill);
  const fact = (term, value, testId) => h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, term), h('strong', { 'data-testid': testId }, value));
  return h('div', { class: 'panel-body' },
    meter,
    h('div', { class: 'stats' },
      fact('Units', `${finished} of ${total} finished`, 'batch-finished'),
      fact('Cost so far', money(p ? p.cost : r.cost), 'batch-cost'),
      fact('ETA', p ? eta(p) : 'ended', 'batch-eta'),
      fact('Rate', p?.unitsPerMinute ? `${p.unitsPerMinute.toFixed(1)} / min` : '—', 'batch-rate')),
    h('ul', { class: 'counts', 'data-testid': 'batch-counts', 'aria-label': 'Units by state' },
      counts.map(([label, value, kind]) => h('li', { 'data-count': kind }, h('span', {}, label), h('strong', {}, `${value}`)))),
    batch.state === 'unknown' ? h('p', { class: 'muted' }, 'The workflow server does not know this batch now; the stored results are shown.') : null);
}

function eta(progress) {
  if (progress.paused) return 'paused';
  const span = progress.estimatedTimeRemaining;
  if (!span) return progress.total === progress.completed ? 'done' : 'estimating…';
  // A TimeSpan in JSON: [d.]hh:mm:ss[.fffffff]
  const match = /^(?:(\d+)\.)?(\d+):(\d+):(\d+)/.exec(span);
  if (!match) return span;
  const [, d, hh, mm, ss] = match.map((v) => Number(v || 0));
  const seconds = d * 86400 + hh * 3600 + mm * 60 + ss;
  if (seconds < 60) return `${seconds} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h ${Math.round((seconds % 3600) / 60)} min`;
}

// The units, a page at a time from the server; cursors of the pages before are kept per filter for "Previous".
const cursors = new Map();

function unitsPanel(batch, page, status, cursor) {
  const id = batch.batch.id;
  const key = `${id}|${status}`;
  const stack = cursors.get(key) || [];
  cursors.set(key, stack);
  if (cursor === '') stack.length = 0;
  const filter = h('select', { id: 'units-status', class: 'input', 'data-testid': 'units-status', onchange: () => go(filter.value, '') },
    h('option', { value: '' }, 'Any state'), UNIT_STATES.map((s) => h('option', { value: s }, s === 'open' ? 'pending or running' : s.replaceAll('-', ' '))));
  filter.value = status;
  const start = stack.length * PAGE + 1;
  const body = page.items.length === 0
    ? emptyState(status ? 'No units in this state' : 'No units', status ? 'Pick another state, or any state.' : 'This batch has no units.', 'units-empty')
    : h('table', { class: 'runs-table', 'data-testid': 'units-table' },
      h('caption', { class: 'visually-hidden' }, 'Units of this batch, in item order'),
      h('thead', {}, h('tr', {}, ['#', 'Topic', 'Language', 'State', 'Score', 'Cost', 'Run'].map((t) => h('th', { scope: 'col', class: ['#', 'Score', 'Cost'].includes(t) ? 'num' : null }, t)))),
      h('tbody', {}, page.items.map((u) => h('tr', { 'data-item': u.itemIndex, 'data-language': u.language },
        h('td', { class: 'num' }, `${u.itemIndex + 1}`),
        h('td', { title: u.topic }, u.topic),
        h('td', {}, u.language),
        h('td', { title: u.reason || '' }, stateBadge(u.status || 'open')),
        h('td', { class: 'num' }, u.score === null ? '' : `${u.score}`),
        h('td', { class: 'num' }, u.cost === null ? '' : money(u.cost)),
        h('td', {}, u.runId ? h('a', { href: `#/runs/${u.runId}` }, shortId(u.runId)) : '')))));
  return h('section', { class: 'panel', 'aria-labelledby': 'units-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'units-title' }, 'Units'), h('span', { class: 'spacer' }),
      h('label', { for: 'units-status' }, 'State'), h('div', { class: 'inline-select' }, filter)),
    body,
    h('div', { class: 'pager' },
      h('span', { class: 'muted', 'data-testid': 'units-count' }, page.items.length ? `${start}–${start + page.items.length - 1} of ${page.total}` : `0 of ${page.total}`),
      h('span', { class: 'spacer' }),
      h('button', { type: 'button', class: 'btn', disabled: stack.length === 0, 'data-testid': 'units-previous', onclick: () => { const previous = stack.pop(); go(status, previous, true); } }, 'Previous'),
      h('button', { type: 'button', class: 'btn', disabled: !page.nextCursor, 'data-testid': 'units-next', onclick: () => { stack.push(cursor); go(status, page.nextCursor, true); } }, 'Next')));

  function go(nextStatus, nextCursor, keep) {
    if (!keep) cursors.delete(`${id}|${nextStatus}`);
    const next = new URLSearchParams();
    if (nextStatus) next.set('status', nextStatus);
    if (nextCursor) next.set('cursor', nextCursor);
    location.hash = `#/batches/${id}` + (next.size ? '?' + next : '');
  }
}
