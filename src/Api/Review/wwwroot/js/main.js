// The reviewers' page: sign in with an API key, then the approval queue beside the selected draft.
// Keyboard: j/k or ↓/↑ move through the queue, Enter opens, r refreshes, a approves, e saves edits, x rejects.
import * as cf from './api.js';
import { h, announce } from './dom.js';
import { renderQueue } from './queue.js';
import { openDraft } from './draft.js';

const root = document.getElementById('app');
// Runs decided in this page stay out of the queue: the server lists a run until its workflow has recorded the decision.
const state = { items: [], selectedRunId: null, draft: null, decided: new Set() };

function showSignIn(message) {
  document.getElementById('session').hidden = true;
  const input = h('input', { id: 'api-key', type: 'password', class: 'input', autocomplete: 'off', spellcheck: 'false', required: true, 'aria-describedby': 'sign-in-help sign-in-error', 'data-testid': 'api-key' });
  const error = h('p', { id: 'sign-in-error', class: 'field-error', role: 'alert', 'data-testid': 'sign-in-error' }, message || '');
  const form = h('form', { class: 'sign-in panel', 'data-testid': 'sign-in' },
    h('h1', {}, 'Sign in to review'),
    h('p', { id: 'sign-in-help', class: 'muted' }, 'Paste your project API key (reviewer, editor or admin). It stays in this browser tab only and is sent with each request.'),
    h('label', { class: 'field', for: 'api-key' }, 'API key'),
    input,
    error,
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'sign-in-submit' }, 'Sign in'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    cf.setApiKey(input.value.trim());
    await start();
  });
  root.replaceChildren(form);
  root.dataset.view = 'sign-in';
  input.focus();
}

async function start() {
  if (!cf.apiKey()) { showSignIn(); return; }
  let who;
  try {
    who = await cf.session();
  } catch (error) {
    cf.setApiKey('');
    showSignIn(cf.describeError(error, 'sign in'));
    return;
  }
  document.getElementById('session').hidden = false;
  document.getElementById('session-reviewer').textContent = who.reviewer;
  document.getElementById('session-project').textContent = who.projectName;
  document.getElementById('session-role').textContent = who.role;
  state.session = who;
  try {
    state.project = await cf.project(who.projectId);
  } catch (error) {
    announce(cf.describeError(error, 'load the brand guidelines'), true);
    state.project = null;
  }
  root.replaceChildren(
    h('div', { class: 'review-layout' },
      h('section', { class: 'panel queue-panel', 'aria-labelledby': 'queue-title', id: 'queue' }),
      h('section', { class: 'workspace', id: 'workspace', 'aria-label': 'Selected draft' },
        h('div', { class: 'empty-state' }, h('h2', {}, 'Select a draft'), h('p', { class: 'muted' }, 'Pick a run from the queue to read its draft beside the brand guidelines and its gate report.')))));
  root.dataset.view = 'review';
  await refreshQueue();
}

export async function refreshQueue() {
  const panel = document.getElementById('queue');
  if (!panel) return;
  try {
    state.items = (await cf.queue()).filter((item) => !state.decided.has(item.runId));
  } catch (error) {
    if (error instanceof cf.ApiError && error.status === 401) { cf.setApiKey(''); showSignIn(cf.describeError(error, 'load the queue')); return; }
    panel.replaceChildren(h('div', { class: 'error-box', role: 'alert' }, cf.describeError(error, 'load the approval queue')));
    return;
  }
  renderQueue(panel, state.items, state.selectedRunId, select);
  root.dataset.loaded = 'true';
}

async function select(runId) {
  state.selectedRunId = runId;
  renderQueue(document.getElementById('queue'), state.items, runId, select);
  const item = state.items.find((i) => i.runId === runId);
  state.draft = await openDraft(document.getElementById('workspace'), {
    item,
    project: state.project,
    onDecided: async (message) => {
      state.decided.add(runId);
      announce(message);
      state.selectedRunId = null;
      state.draft = null;
      document.getElementById('workspace').replaceChildren(h('div', { class: 'empty-state', 'data-testid': 'decided' }, h('h2', {}, 'Decision sent'), h('p', { class: 'muted' }, message)));
      await refreshQueue();
      document.querySelector('#queue [data-testid=queue-open]')?.focus();
    },
    onGone: refreshQueue,
  });
}

document.getElementById('sign-out').addEventListener('click', () => {
  cf.setApiKey('');
  state.selectedRunId = null;
  showSignIn('Signed out.');
});

document.addEventListener('keydown', (ev) => {
  const target = ev.target;
  if (ev.metaKey || ev.ctrlKey || ev.altKey || document.querySelector('dialog[open]')) return;
  if (target instanceof HTMLElement && target.matches('input, textarea, select')) {
    if (ev.key === 'Escape') target.blur();
    return;
  }
  if (root.dataset.view !== 'review') return;
  const openers = [...document.querySelectorAll('#queue [data-testid=queue-open]')];
  const index = openers.indexOf(document.activeElement);
  if (ev.key === 'j' || ev.key === 'ArrowDown') { ev.preventDefault(); openers[Math.min(openers.length - 1, index + 1)]?.focus(); }
  else if (ev.key === 'k' || ev.key === 'ArrowUp') { ev.preventDefault(); openers[Math.max(0, index - 1)]?.focus(); }
  else if (ev.key === 'r') refreshQueue();
  else if (state.draft && ['a', 'e', 'x'].includes(ev.key)) {
    // The reject dialog focuses its reason field during this keydown; without this the "x" would land in it.
    ev.preventDefault();
    if (ev.key === 'a') state.draft.approve();
    else if (ev.key === 'e') state.draft.saveEdits();
    else state.draft.reject();
  }
});

start();
