// The operators' console: sign in with a project key, then runs, pipelines and costs. The key's role decides what is
// offered (reviewers read and decide approvals; editors and admins also build pipelines, start and cancel runs).
// Keyboard: g r / g p / g b / g k / g c / g s go to runs, pipelines, batches, calendar, costs, settings; "/" focuses the runs filter; Escape leaves a field.
import * as cf from './api.js';
import { h } from './dom.js';
import { renderRuns } from './runs.js';
import { renderRun } from './run.js';
import { renderPipelines, renderBuilder } from './builder.js';
import { renderCosts, showBudgetAlert } from './costs.js';
import { renderBatches, renderBatch } from './batches.js';
import { renderSettings } from './settings.js';
import { renderCalendar } from './calendar.js';

const root = document.getElementById('app');
const nav = document.getElementById('nav');
const context = { session: null, canEdit: false, canReview: false };

function showSignIn(message) {
  document.getElementById('session').hidden = true;
  nav.hidden = true;
  const input = h('input', { id: 'api-key', type: 'password', class: 'input', autocomplete: 'off', spellcheck: 'false', required: true, 'aria-describedby': 'sign-in-help sign-in-error', 'data-testid': 'api-key' });
  const form = h('form', { class: 'sign-in panel', 'data-testid': 'sign-in' },
    h('h1', {}, 'Sign in to the console'),
    h('p', { id: 'sign-in-help', class: 'muted' }, 'Paste a project API key. Its role decides what you can do here: reviewers read runs and decide approvals; editors and admins also build pipelines and start runs. The key stays in this browser tab only.'),
    h('label', { class: 'field', for: 'api-key' }, 'API key'),
    input,
    h('p', { id: 'sign-in-error', class: 'field-error', role: 'alert', 'data-testid': 'sign-in-error' }, message || ''),
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
  try {
    context.session = await cf.session();
  } catch (error) {
    cf.setApiKey('');
    showSignIn(cf.describeError(error, 'sign in'));
    return;
  }
  const { role } = context.session;
  context.canEdit = role === 'admin' || role === 'editor';
  context.canReview = context.canEdit || role === 'reviewer';
  document.getElementById('session').hidden = false;
  nav.hidden = false;
  document.getElementById('session-name').textContent = context.session.keyName;
  document.getElementById('session-project').textContent = context.session.projectName;
  document.getElementById('session-role').textContent = role;
  // The budget's alert stays under the top bar on every page once 80% is spent; the costs page refreshes it.
  cf.costBudget().then(showBudgetAlert).catch(() => { /* the costs page says why */ });
  if (!location.hash || location.hash === '#' || location.hash === '#/') location.hash = '#/runs';
  else await route();
}

// #/runs?state=…, #/runs/{id}, #/pipelines, #/pipelines/new, #/pipelines/{definitionId}, #/batches, #/batches/{id}?status=…, #/calendar?view=week|month&date=…, #/costs, #/settings
async function route() {
  if (!context.session) return;
  const [path, search] = location.hash.slice(1).split('?');
  const parts = path.split('/').filter(Boolean);
  const params = new URLSearchParams(search || '');
  const section = parts[0] || 'runs';
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset.section === section) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  root.dataset.view = section;
  delete root.dataset.loaded;
  const view = h('div', { class: 'view' });
  root.replaceChildren(view);
  try {
    if (section === 'runs' && parts[1]) await renderRun(view, parts[1], context);
    else if (section === 'runs') await renderRuns(view, params, context);
    else if (section === 'pipelines' && parts[1]) await renderBuilder(view, parts[1] === 'new' ? null : parts[1], context, params);
    else if (section === 'pipelines') await renderPipelines(view, context);
    else if (section === 'batches' && parts[1]) await renderBatch(view, parts[1], params, context);
    else if (section === 'batches') await renderBatches(view, params, context);
    else if (section === 'costs') await renderCosts(view, params, context);
    else if (section === 'settings') await renderSettings(view, context);
    else if (section === 'calendar') await renderCalendar(view, params);
    else view.replaceChildren(h('div', { class: 'empty-state' }, h('h2', {}, 'Nothing here'), h('p', {}, 'This page does not exist. Use the navigation above.')));
  } catch (error) {
    if (error instanceof cf.ApiError && error.status === 401) { cf.setApiKey(''); showSignIn(cf.describeError(error, 'load this page')); return; }
    view.replaceChildren(h('div', { class: 'error-box', role: 'alert', 'data-testid': 'error' }, cf.describeError(error, 'load this page')));
  }
  root.dataset.loaded = 'true';
  // Focus the page's heading so screen readers announce the new page and Tab starts from its top.
  const heading = view.querySelector('h1');
  if (heading && !view.contains(document.activeElement)) { heading.tabIndex = -1; heading.focus({ preventScroll: true }); }
}

window.addEventListener('hashchange', route);

document.getElementById('sign-out').addEventListener('click', () => {
  cf.setApiKey('');
  context.session = null;
  showSignIn('Signed out.');
});

let pendingG = false;
document.addEventListener('keydown', (ev) => {
  const target = ev.target;
  if (ev.metaKey || ev.ctrlKey || ev.altKey || document.querySelector('dialog[open]') || !context.session) return;
  if (target instanceof HTMLElement && target.matches('input, textarea, select, [contenteditable]')) {
    if (ev.key === 'Escape') target.blur();
    return;
  }
  if (pendingG) {
    pendingG = false;
    const to = { r: '#/runs', p: '#/pipelines', b: '#/batches', k: '#/calendar', c: '#/costs', s: '#/settings' }[ev.key];
    if (to) { ev.preventDefault(); location.hash = to; }
    return;
  }
  if (ev.key === 'g') { pendingG = true; return; }
  if (ev.key === '/') {
    const filter = document.getElementById('filter-text');
    if (filter) { ev.preventDefault(); filter.focus(); }
  }
});

start();
