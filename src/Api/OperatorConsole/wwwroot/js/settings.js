// Project settings: brand profile, quality thresholds, LLM settings and publishing rules in forms generated (by
// schema-form.js) from the schema below, saved as a new version with If-Match on the version they were read at; the
// API's validation messages are shown beside their fields. Secrets are write-only. The history lists every version
// and diffs two of them.
import * as cf from './api.js';
import { h, announce, errorBox, dateTime, labelled } from './dom.js';
import { schemaForm } from './schema-form.js';

const text = (description, extra) => ({ type: 'string', description, ...extra });
const lines = (description) => ({ type: 'array', items: { type: 'string' }, description });
const prompt = { type: 'object', properties: { system: text('Replaces the default system text.', { format: 'multiline' }), user: text('Replaces the default user text.', { format: 'multiline' }) } };

// The settings as the API reads them (src/Activities/Projects); prompt keys are StagePrompts.Keys.
const SECTIONS = [
  { name: 'brand', title: 'Brand profile', adminOnly: false, schema: { properties: {
    voiceAndTone: text('How the content must sound; given to every writing stage.', { format: 'multiline' }),
    bannedPhrases: lines('Content containing one of these fails the quality gates.'),
    requiredPhrases: lines('Content missing one of these gets a gate warning.'),
    personas: { type: 'array', description: 'Standing readers; generate writes for them when no audience stage ran.', items: { properties: {
      name: text('A short name, e.g. “Busy parent”.'), needs: lines('What this reader wants.'), objections: lines('What holds this reader back.'), toneNotes: text('How to speak to this reader.', { format: 'multiline' }) } } },
    glossary: { type: 'object', keyName: 'term', valueName: 'usage', additionalProperties: { type: 'string' }, description: 'Preferred terms and how to use them.' },
  } } },
  { name: 'quality', title: 'Quality thresholds', adminOnly: false, schema: { properties: {
    minScore: { type: 'integer', default: 80, title: 'Minimum gate score', description: 'The 0–100 gate score a draft needs to pass; a gate stage’s own config wins.' },
  } } },
  { name: 'llm', title: 'LLM settings', adminOnly: true, schema: { properties: {
    endpoint: text('OpenAI-compatible base URL, e.g. https://api.openai.com/v1; empty uses the offline generator.'),
    apiKeySecret: text('The project secret holding the endpoint’s key (store it under Secrets).', { default: 'llm-api-key' }),
    requestTimeoutSeconds: { type: 'integer', default: 120, title: 'Request timeout (seconds)', description: 'How long one call may take.' },
    defaultModel: text('The model of stages not listed below.', { default: 'offline' }),
    modelsByStage: { type: 'object', keyName: 'stage', valueName: 'model', additionalProperties: { type: 'string' }, description: 'A model per stage type, e.g. generate → a large model, rewrite → a cheaper one.' },
    temperature: { type: 'number', default: 0.2, description: 'Sampling temperature, 0–2.' },
    currency: text('ISO 4217 code of the prices and costs, e.g. USD; empty uses the worker’s default price list’s.'),
    prices: { type: 'object', keyName: 'model', additionalProperties: { type: 'object', properties: { inputPer1M: { type: 'number', title: 'Input per 1M tokens' }, outputPer1M: { type: 'number', title: 'Output per 1M tokens' } } },
      description: 'Per model, the price of 1M input and output tokens; a name also prices its dated names (gpt-4o prices gpt-4o-2024-08-06).' },
    monthlyBudget: { type: 'number', title: 'Monthly budget', description: 'LLM spending per calendar month (UTC) in the currency above; the console warns at 80%. Empty: no budget.' },
    prompts: { type: 'object', description: 'Prompt overrides per stage; empty keeps the default text.', properties: Object.fromEntries(
      ['audience', 'digest', 'extract', 'generate', 'rewrite', 'translate', 'quality-gates.brand-voice', 'quality-gates.factuality'].map((key) => [key, prompt])) },
  } } },
  { name: 'publishing', title: 'Publishing rules', adminOnly: true, schema: { properties: {
    requireApproval: { type: 'boolean', default: false, description: 'Refuse pipelines that publish without an approval stage before.' },
    timeZone: text('IANA zone in which publication times without an offset are read, e.g. Europe/Berlin.', { default: 'UTC' }),
  } } },
];

export async function renderSettings(view, context) {
  const projectId = context.session.projectId;
  const [{ body: current, etag }, versions] = await Promise.all([
    cf.api(`/api/projects/${projectId}/settings`, { withETag: true }),
    cf.api(`/api/projects/${projectId}/settings/versions`),
  ]);
  const role = context.session.role;
  const isAdmin = role === 'admin';
  const value = Object.fromEntries(SECTIONS.map((s) => [s.name, structuredClone(current[s.name])]));
  let dirty = false;
  const status = h('span', { class: 'muted', 'data-testid': 'settings-status', 'aria-live': 'polite' }, `Version ${current.version} · ${current.changedBy}, ${dateTime(current.changedAt)}`);
  const summary = h('div', { 'data-testid': 'settings-errors' });
  const save = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'save-settings', disabled: true, onclick: submit }, 'Save as new version');
  const form = h('div', { class: 'stack', 'data-testid': 'settings-form' }, SECTIONS.map((section) => {
    const locked = !context.canEdit || (section.adminOnly && !isAdmin);
    const body = schemaForm({ type: 'object', properties: section.schema.properties }, value[section.name], () => {
      dirty = true;
      save.disabled = false;
      status.textContent = `Unsaved changes (based on version ${current.version})`;
    }, `settings-${section.name}`);
    return h('section', { class: 'panel', 'aria-labelledby': `settings-${section.name}-title`, 'data-section': section.name },
      h('div', { class: 'panel-head' }, h('h2', { id: `settings-${section.name}-title` }, section.title), h('span', { class: 'spacer' }),
        locked && context.canEdit ? h('span', { class: 'muted' }, 'An admin key changes these.') : null),
      h('fieldset', { class: 'panel-body plain', disabled: locked }, body));
  }));

  view.replaceChildren(
    h('div', { class: 'page-head' }, h('h1', {}, 'Project settings'), h('span', { class: 'spacer' }), status, context.canEdit ? save : null),
    summary,
    h('div', { class: 'grid-2' }, form, h('div', { class: 'stack' }, isAdmin ? secretsPanel(projectId) : null, historyPanel(projectId, versions))));

  window.addEventListener('beforeunload', (ev) => { if (dirty && view.isConnected) ev.preventDefault(); }, { once: true });

  async function submit() {
    save.disabled = true;
    clearFieldErrors(view);
    summary.replaceChildren();
    try {
      const saved = await cf.api(`/api/projects/${projectId}/settings`, { method: 'PUT', body: value, ifMatch: etag });
      dirty = false;
      announce(`Saved as version ${saved.version}.`);
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (error) {
      save.disabled = false;
      if (error instanceof cf.ApiError && error.status === 412) {
        summary.replaceChildren(h('div', { class: 'error-box', role: 'alert', 'data-testid': 'settings-conflict' },
          `${error.problem?.detail || 'The settings changed meanwhile.'} `,
          h('button', { type: 'button', class: 'btn btn-small', onclick: () => window.dispatchEvent(new HashChangeEvent('hashchange')) }, 'Reload the latest (your changes are dropped)')));
      } else if (error instanceof cf.ApiError && error.status === 400 && error.problem?.errors) {
        summary.replaceChildren(showFieldErrors(view, 'settings', error.problem.errors));
      } else {
        summary.replaceChildren(errorBox(cf.describeError(error, 'save the settings')));
      }
    }
  }
}

// Each problem beside its field (the API names fields as dotted paths: llm.endpoint, quality.minScore), and a summary
// linking to them; a field the form does not show is named in the summary only.
export function showFieldErrors(container, prefix, errors) {
  const items = [];
  for (const [key, messages] of Object.entries(errors)) {
    const control = findControl(container, `${prefix}-${key.replace(/[.[\]]+/g, '-').replace(/-$/, '')}`);
    const message = messages.join(' ');
    if (control) {
      const errorId = `${control.id}-error`;
      control.setAttribute('aria-invalid', 'true');
      control.setAttribute('aria-describedby', [control.getAttribute('aria-describedby'), errorId].filter(Boolean).join(' '));
      const holder = control.closest('fieldset, div') || control;
      holder.after(h('p', { class: 'field-error', id: errorId, 'data-error-for': key, 'data-testid': 'field-error' }, message));
    }
    items.push(h('li', {}, control
      ? h('a', { href: `#${control.id}`, onclick: (ev) => { ev.preventDefault(); control.focus(); } }, `${key}: ${message}`)
      : `${key}: ${message}`));
  }
  const box = h('div', { class: 'error-box', role: 'alert', tabindex: '-1' }, h('p', {}, 'Nothing was saved. Fix these:'), h('ul', { class: 'issues' }, items));
  setTimeout(() => box.focus(), 0);
  return box;
}

export function clearFieldErrors(container) {
  for (const p of container.querySelectorAll('p[data-error-for]')) p.remove();
  for (const el of container.querySelectorAll('[aria-invalid]')) {
    el.removeAttribute('aria-invalid');
    const rest = (el.getAttribute('aria-describedby') || '').split(' ').filter((id) => id && !id.endsWith('-error'));
    if (rest.length) el.setAttribute('aria-describedby', rest.join(' ')); else el.removeAttribute('aria-describedby');
  }
}

// The control of a path, or of its closest parent the form shows (llm.prices.gpt-4o → the prices rows).
function findControl(container, id) {
  for (let candidate = id; candidate.includes('-'); candidate = candidate.slice(0, candidate.lastIndexOf('-'))) {
    const exact = container.querySelector(`[id="${CSS.escape(candidate)}"]`);
    if (exact) return exact;
    const child = container.querySelector(`[id^="${CSS.escape(candidate)}-"]`);
    if (child) return child;
  }
  return null;
}

function secretsPanel(projectId) {
  const name = h('input', { id: 'secret-name', class: 'input', value: 'llm-api-key', required: true, 'data-testid': 'secret-name' });
  const purpose = h('select', { id: 'secret-purpose', class: 'input', 'data-testid': 'secret-purpose' },
    h('option', { value: 'llm-api-key' }, 'LLM API key'), h('option', { value: 'webhook-signing' }, 'Webhook signing secret'), h('option', { value: 'wordpress-password' }, 'WordPress application password'));
  const host = h('input', { id: 'secret-host', class: 'input', placeholder: 'hooks.example.com', 'aria-describedby': 'secret-host-help', 'data-testid': 'secret-host' });
  const value = h('input', { id: 'secret-value', class: 'input', type: 'password', autocomplete: 'new-password', required: true, 'data-testid': 'secret-value' });
  const result = h('div', { 'aria-live': 'polite', 'data-testid': 'secret-result' });
  const form = h('form', { class: 'panel-body', 'data-testid': 'secret-form' },
    h('p', { class: 'muted' }, 'Secrets are write-only: stored encrypted, used by the worker, never shown again.'),
    labelled('secret-name', 'Name', name), labelled('secret-purpose', 'Purpose', purpose), labelled('secret-host', 'Host it may be sent to', host),
    h('p', { id: 'secret-host-help', class: 'field-help' }, 'Required for webhook and WordPress secrets.'),
    labelled('secret-value', 'Value', value),
    h('div', { class: 'actions form-actions' }, h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'save-secret' }, 'Store secret')), result);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearFieldErrors(form);
    result.replaceChildren();
    try {
      await cf.api(`/api/projects/${projectId}/secrets/${encodeURIComponent(name.value.trim())}`, { method: 'PUT', body: { value: value.value, purpose: purpose.value, host: host.value.trim() || undefined } });
      value.value = '';
      result.replaceChildren(h('p', { class: 'muted', 'data-testid': 'secret-stored' }, `Stored “${name.value.trim()}”. Its value cannot be read back.`));
    } catch (error) {
      result.replaceChildren(error instanceof cf.ApiError && error.problem?.errors ? showFieldErrors(form, 'secret', error.problem.errors) : errorBox(cf.describeError(error, 'store the secret')));
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'secrets-title' }, h('div', { class: 'panel-head' }, h('h2', { id: 'secrets-title' }, 'Secrets')), form);
}

function historyPanel(projectId, versions) {
  const options = () => versions.map((v) => h('option', { value: v.version }, `v${v.version} · ${v.changedBy}`));
  const from = h('select', { id: 'settings-diff-from', class: 'input', 'data-testid': 'settings-diff-from' }, options());
  const to = h('select', { id: 'settings-diff-to', class: 'input', 'data-testid': 'settings-diff-to' }, options());
  to.value = `${versions[0]?.version ?? ''}`;
  from.value = `${versions[1]?.version ?? versions[0]?.version ?? ''}`;
  const diff = h('div', { class: 'panel-body', 'data-testid': 'settings-diff', 'aria-live': 'polite' });
  const compare = async () => {
    if (from.value === to.value) { diff.replaceChildren(h('p', { class: 'muted' }, 'Pick two different versions.')); return; }
    try {
      const result = await cf.api(`/api/projects/${projectId}/settings/diff?from=${from.value}&to=${to.value}`);
      diff.replaceChildren(result.changes.length === 0 ? h('p', { class: 'muted' }, 'No differences.') :
        h('table', { class: 'diff' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Setting'), h('th', { scope: 'col' }, `v${result.from}`), h('th', { scope: 'col' }, `v${result.to}`))),
          h('tbody', {}, result.changes.map((c) => h('tr', { 'data-path': c.path },
            h('th', { scope: 'row', class: 'mono' }, c.path), h('td', {}, h('del', {}, show(c.from))), h('td', {}, h('ins', {}, show(c.to))))))));
    } catch (error) {
      diff.replaceChildren(errorBox(cf.describeError(error, 'compare the versions')));
    }
  };
  const panel = h('section', { class: 'panel', 'aria-labelledby': 'history-title', 'data-testid': 'settings-history' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'history-title' }, 'History')),
    h('table', {}, h('thead', {}, h('tr', {}, ['Version', 'By', 'When', 'Changed'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, versions.map((v) => h('tr', { 'data-version': v.version },
        h('td', {}, `v${v.version}`), h('td', {}, v.changedBy), h('td', {}, dateTime(v.changedAt)), h('td', { class: 'mono' }, v.changedPaths.join(', ') || 'created'))))),
    versions.length < 2 ? h('p', { class: 'panel-body muted' }, 'Each saved change becomes a version here; with two you can compare them.') :
      h('div', { class: 'filters diff-controls panel-body' }, labelled('settings-diff-from', 'From', from), labelled('settings-diff-to', 'To', to),
        h('div', { class: 'actions' }, h('button', { type: 'button', class: 'btn', 'data-testid': 'settings-compare', onclick: compare }, 'Compare'))),
    diff);
  if (versions.length >= 2) compare();
  return panel;
}

const show = (node) => (node === null || node === undefined ? '(none)' : typeof node === 'string' ? node : JSON.stringify(node));
