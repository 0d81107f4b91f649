// Pipelines: the list, and the builder. Stages come from the stage types the API registers (GET /api/stage-types);
// they are added from the palette (click, Enter, or drag), reordered by drag and drop or Alt+↑/↓, removed with the
// button or Delete, and each one's config is edited in a form generated from its JSON schema. Every change is checked
// by the API (POST /api/definitions/validate) and the problems are shown on their stage before anything is saved.
import * as cf from './api.js';
import { h, announce, emptyState, errorBox, dateTime } from './dom.js';
import { schemaForm } from './schema-form.js';

export async function renderPipelines(view, context) {
  const rows = await cf.allDefinitions();
  const latest = new Map();
  for (const row of rows) if (!latest.has(row.id) || latest.get(row.id).version < row.version) latest.set(row.id, row);
  const definitions = [...latest.values()].sort((a, b) => a.name.localeCompare(b.name));
  view.replaceChildren(
    h('div', { class: 'page-head' }, h('h1', {}, 'Pipelines'), h('span', { class: 'spacer' }),
      context.canEdit ? h('a', { class: 'btn btn-primary', href: '#/pipelines/new', 'data-testid': 'new-pipeline' }, 'New pipeline') : null),
    h('section', { class: 'panel' }, definitions.length === 0
      ? emptyState('No pipelines yet', context.canEdit ? 'Create one with “New pipeline”: pick stages, set their options, save.' : 'An editor or admin creates pipelines; they will be listed here.', 'pipelines-empty')
      : h('table', { 'data-testid': 'pipelines-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Name'), h('th', { scope: 'col' }, 'Stages'), h('th', { scope: 'col', class: 'num' }, 'Latest version'), h('th', { scope: 'col' }, 'Saved'))),
        h('tbody', {}, definitions.map((d) => h('tr', { 'data-definition-id': d.id },
          h('td', {}, h('a', { href: `#/pipelines/${d.id}`, 'data-testid': 'pipeline-link' }, d.name)),
          h('td', {}, d.stages.map((s) => s.type).join(' → ')),
          h('td', { class: 'num' }, `v${d.version}`),
          h('td', {}, dateTime(d.createdAt))))))));
}

export async function renderBuilder(view, definitionId, context, params) {
  const [types, versions] = await Promise.all([cf.stageTypes(), definitionId ? cf.definitionVersions(definitionId) : null]);
  const shownVersion = definitionId ? Number(params.get('version')) || versions.activeVersion : null;
  const loaded = definitionId ? await cf.definition(definitionId, shownVersion) : null;
  const byName = new Map(types.map((t) => [t.name, t]));
  const state = {
    name: loaded?.name || '',
    stages: (loaded?.stages || []).map((s) => ({ type: s.type, config: structuredClone(s.config || {}) })),
    selected: loaded?.stages?.length ? 0 : -1,
    problems: {},
  };
  const readOnly = !context.canEdit;

  const nameInput = h('input', { id: 'pipeline-name', class: 'input', value: state.name, required: true, maxlength: 200, 'data-testid': 'pipeline-name', readonly: readOnly || Boolean(definitionId),
    'aria-describedby': 'pipeline-name-help', oninput: () => { state.name = nameInput.value; } });
  const saveError = h('p', { class: 'field-error', role: 'alert', 'data-testid': 'save-error' });
  const summary = h('p', { class: 'muted', 'data-testid': 'validation-summary', 'aria-live': 'polite' });
  const list = h('ol', { class: 'pipeline', id: 'pipeline-stages', 'data-testid': 'pipeline-stages', 'aria-label': 'Stages of this pipeline, in order' });
  const editor = h('section', { class: 'panel', 'aria-labelledby': 'stage-editor-title', 'data-testid': 'stage-editor' });
  const saveButton = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'save-pipeline', onclick: save, disabled: readOnly }, definitionId ? 'Save as new version' : 'Save pipeline');

  const palette = h('ul', { class: 'palette', 'data-testid': 'palette', 'aria-label': 'Stage types' }, types.map((t) => h('li', {
    draggable: readOnly ? null : 'true', 'data-stage-type': t.name,
    ondragstart: (ev) => { ev.dataTransfer.setData('text/plain', `type:${t.name}`); ev.dataTransfer.effectAllowed = 'copy'; },
  },
  h('div', { class: 'page-head', 'data-compact': '' }, h('strong', {}, t.name), h('span', { class: 'spacer' }),
    readOnly ? null : h('button', { type: 'button', class: 'btn btn-small', 'data-testid': `add-${t.name}`, 'aria-label': `Add a ${t.name} stage`, onclick: () => add(t.name) }, 'Add')),
  h('p', {}, t.description))));

  list.addEventListener('dragover', (ev) => { if (!readOnly) { ev.preventDefault(); } });
  list.addEventListener('drop', (ev) => {
    ev.preventDefault();
    const target = ev.target.closest('li[data-index]');
    drop(ev.dataTransfer.getData('text/plain'), target ? Number(target.dataset.index) : state.stages.length);
  });
  list.addEventListener('keydown', (ev) => {
    const item = ev.target.closest('li[data-index]');
    if (!item || readOnly || ev.target.matches('button')) return;
    const index = Number(item.dataset.index);
    if (ev.altKey && (ev.key === 'ArrowUp' || ev.key === 'ArrowDown')) { ev.preventDefault(); move(index, ev.key === 'ArrowUp' ? index - 1 : index + 1); }
    else if (ev.key === 'ArrowUp' || ev.key === 'ArrowDown') { ev.preventDefault(); focusStage(ev.key === 'ArrowUp' ? index - 1 : index + 1); }
    else if (ev.key === 'Delete') { ev.preventDefault(); remove(index); }
    else if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); select(index); }
  });

  view.replaceChildren(
    h('div', { class: 'page-head' },
      h('a', { href: '#/pipelines', class: 'btn btn-small', 'aria-label': 'Back to pipelines' }, '← Pipelines'),
      h('h1', { 'data-testid': 'builder-title' }, loaded ? `${loaded.name} · v${loaded.version}` : 'New pipeline'),
      h('span', { class: 'spacer' }), summary, saveButton),
    saveError,
    h('div', { class: 'builder' },
      h('section', { class: 'panel', 'aria-labelledby': 'palette-title' },
        h('div', { class: 'panel-head' }, h('h2', { id: 'palette-title' }, 'Stage types')),
        readOnly ? h('p', { class: 'panel-body muted' }, 'Your key is a reviewer’s: you can read pipelines but not change them.') : null,
        palette),
      h('div', { class: 'stack' },
        h('section', { class: 'panel', 'aria-labelledby': 'pipeline-title' },
          h('div', { class: 'panel-head' }, h('h2', { id: 'pipeline-title' }, 'Pipeline')),
          h('div', { class: 'panel-body' },
            h('label', { class: 'field', for: 'pipeline-name' }, 'Name'), nameInput,
            h('p', { class: 'field-help', id: 'pipeline-name-help' }, definitionId ? 'Saving stores a new version of this pipeline; runs keep the version they started with.' : 'Saving again under the same name stores a new version.')),
          h('p', { class: 'field-help panel-body' }, 'Drag stage types here or use Add. Select a stage to edit it; Alt+↑/↓ moves it, Delete removes it.'),
          list),
        versions ? versionsPanel(definitionId, versions, shownVersion, context) : null,
        definitionId && context.canEdit ? runPanel(definitionId) : null),
      editor));

  draw();
  await validate();

  function drop(data, index) {
    if (readOnly || !data) return;
    if (data.startsWith('type:')) add(data.slice(5), index);
    else if (data.startsWith('index:')) move(Number(data.slice(6)), index > Number(data.slice(6)) ? index - 1 : index);
  }

  function add(type, index = state.stages.length) {
    state.stages.splice(index, 0, { type, config: {} });
    state.selected = index;
    changed(`Added a ${type} stage at position ${index + 1}.`);
    focusStage(index);
  }

  function move(from, to) {
    if (to < 0 || to >= state.stages.length || from === to) return;
    const [stage] = state.stages.splice(from, 1);
    state.stages.splice(to, 0, stage);
    state.selected = to;
    changed(`Moved ${stage.type} to position ${to + 1}.`);
    focusStage(to);
  }

  function remove(index) {
    const [stage] = state.stages.splice(index, 1);
    state.selected = Math.min(index, state.stages.length - 1);
    changed(`Removed the ${stage.type} stage.`);
    focusStage(state.selected);
  }

  function select(index) {
    state.selected = index;
    draw();
    focusStage(index);
  }

  function focusStage(index) {
    list.querySelector(`li[data-index="${index}"]`)?.focus();
  }

  function changed(message) {
    if (message) announce(message);
    draw();
    validate();
  }

  function draw() {
    list.replaceChildren(...(state.stages.length === 0
      ? [h('li', { class: 'muted', 'data-testid': 'pipeline-empty' }, 'No stages yet.')]
      : state.stages.map((stage, index) => {
        const problems = state.problems[`stages[${index}]`] || [];
        return h('li', {
          'data-index': index, 'data-stage-type': stage.type, tabindex: index === Math.max(0, state.selected) ? '0' : '-1',
          'aria-selected': index === state.selected ? 'true' : 'false', class: problems.length ? 'invalid' : null,
          'aria-label': `Stage ${index + 1}: ${stage.type}${problems.length ? ', has problems' : ''}`,
          draggable: readOnly ? null : 'true',
          ondragstart: (ev) => { ev.dataTransfer.setData('text/plain', `index:${index}`); ev.dataTransfer.effectAllowed = 'move'; },
          ondragenter: (ev) => ev.currentTarget.classList.add('drag-over'),
          ondragleave: (ev) => ev.currentTarget.classList.remove('drag-over'),
          onclick: (ev) => { if (!ev.target.closest('button')) select(index); },
        },
        h('span', { class: 'stage-index', 'aria-hidden': 'true' }, `${index + 1}`),
        h('span', { class: 'stage-name' }, stage.type, problems.length ? h('span', { class: 'stage-problems', 'data-testid': 'stage-problems' }, ` · ${problems.length} problem${problems.length > 1 ? 's' : ''}`) : null),
        readOnly ? null : [
          h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Move ${stage.type} up`, disabled: index === 0, onclick: () => move(index, index - 1) }, '↑'),
          h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Move ${stage.type} down`, disabled: index === state.stages.length - 1, onclick: () => move(index, index + 1) }, '↓'),
          h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Remove ${stage.type}`, 'data-testid': 'remove-stage', onclick: () => remove(index) }, '×')]);
      })));
    drawEditor();
  }

  function drawEditor() {
    const stage = state.stages[state.selected];
    if (!stage) {
      editor.replaceChildren(h('div', { class: 'panel-head' }, h('h2', { id: 'stage-editor-title' }, 'Stage options')),
        h('p', { class: 'panel-body muted' }, 'Select a stage to edit its options.'));
      return;
    }
    const type = byName.get(stage.type);
    const problems = state.problems[`stages[${state.selected}]`] || [];
    const form = type
      ? schemaForm(type.configSchema, stage.config, () => { clearTimeout(drawEditor.timer); drawEditor.timer = setTimeout(validate, 300); }, `stage-${state.selected}`)
      : errorBox(`Unknown stage type “${stage.type}”.`);
    if (readOnly) for (const control of form.querySelectorAll('input, textarea, button')) control.disabled = true;
    editor.replaceChildren(
      h('div', { class: 'panel-head' }, h('h2', { id: 'stage-editor-title' }, `Stage ${state.selected + 1}: ${stage.type}`)),
      h('div', { class: 'panel-body' },
        type ? h('p', { class: 'muted' }, type.description) : null,
        h('div', { 'data-testid': 'stage-editor-problems', role: 'alert' }, problems.length ? h('ul', { class: 'issues field-error' }, problems.map((p) => h('li', {}, p))) : null),
        form));
  }

  async function validate() {
    if (readOnly) return;
    const stages = state.stages.map((s) => ({ type: s.type, config: s.config }));
    try {
      const result = await cf.validateStages(stages);
      state.problems = result.problems;
      const general = result.problems.stages || [];
      summary.textContent = result.valid ? 'Valid: ready to save.' : `${Object.values(result.problems).flat().length} problem(s) to fix before saving.${general.length ? ' ' + general.join(' ') : ''}`;
      summary.dataset.valid = `${result.valid}`;
      saveButton.disabled = !result.valid;
    } catch (error) {
      summary.textContent = cf.describeError(error, 'check the pipeline');
      summary.dataset.valid = 'false';
    }
    // Redraw the list's marks and the open stage's problems without rebuilding the form being typed in.
    const focused = document.activeElement;
    for (const item of list.querySelectorAll('li[data-index]')) {
      const count = (state.problems[`stages[${item.dataset.index}]`] || []).length;
      item.classList.toggle('invalid', count > 0);
      item.querySelector('[data-testid=stage-problems]')?.remove();
      if (count) item.querySelector('.stage-name').append(h('span', { class: 'stage-problems', 'data-testid': 'stage-problems' }, ` · ${count} problem${count > 1 ? 's' : ''}`));
    }
    const problems = state.problems[`stages[${state.selected}]`] || [];
    editor.querySelector('[data-testid=stage-editor-problems]')?.replaceChildren(problems.length ? h('ul', { class: 'issues field-error' }, problems.map((p) => h('li', {}, p))) : '');
    if (focused && document.contains(focused)) focused.focus();
  }

  async function save() {
    saveError.textContent = '';
    if (!state.name.trim()) { saveError.textContent = 'Give the pipeline a name.'; nameInput.focus(); return; }
    saveButton.disabled = true;
    try {
      const saved = await cf.saveDefinition(state.name.trim(), state.stages.map((s) => ({ type: s.type, config: s.config })));
      announce(`Saved ${saved.name} version ${saved.version}.`);
      location.hash = `#/pipelines/${saved.id}?version=${saved.version}`;
    } catch (error) {
      saveError.textContent = cf.describeError(error, 'save the pipeline');
      saveButton.disabled = false;
    }
  }
}

function versionsPanel(definitionId, versions, shownVersion, context) {
  const compare = h('div', { 'data-testid': 'version-diff' });
  const other = h('select', { id: 'compare-version', class: 'input', 'data-testid': 'compare-version' },
    h('option', { value: '' }, 'Compare with…'), versions.versions.filter((v) => v.version !== shownVersion).map((v) => h('option', { value: v.version }, `v${v.version}`)));
  other.addEventListener('change', async () => {
    if (!other.value) { compare.replaceChildren(); return; }
    const [a, b] = await Promise.all([cf.definition(definitionId, Math.min(shownVersion, other.value)), cf.definition(definitionId, Math.max(shownVersion, other.value))]);
    compare.replaceChildren(stageDiff(a, b));
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'versions-title', 'data-testid': 'definition-versions' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'versions-title' }, 'Versions')),
    h('table', {}, h('tbody', {}, versions.versions.map((v) => h('tr', { 'data-version': v.version },
      h('td', {}, v.version === shownVersion ? h('strong', {}, `v${v.version} (shown)`) : h('a', { href: `#/pipelines/${definitionId}?version=${v.version}` }, `v${v.version}`)),
      h('td', {}, `${v.stageCount} stages`),
      h('td', {}, dateTime(v.createdAt)),
      h('td', {}, v.active ? h('span', { class: 'state state-done', 'data-testid': 'active-version' }, 'active')
        : context.canEdit ? h('button', { type: 'button', class: 'btn btn-small', 'data-testid': 'activate-version', onclick: async () => {
          try {
            await cf.activateVersion(definitionId, v.version);
            announce(`Version ${v.version} is now active: new runs use it.`);
            window.dispatchEvent(new HashChangeEvent('hashchange'));
          } catch (error) { announce(cf.describeError(error, 'activate the version'), true); }
        } }, 'Activate') : null))))),
    h('div', { class: 'panel-body' }, h('label', { class: 'visually-hidden', for: 'compare-version' }, 'Compare with version'), other, compare));
}

// Stage by stage: added, removed or changed (config shown as JSON before → after).
function stageDiff(older, newer) {
  const rows = [];
  const count = Math.max(older.stages.length, newer.stages.length);
  for (let i = 0; i < count; i++) {
    const a = older.stages[i];
    const b = newer.stages[i];
    const before = a ? `${a.type} ${JSON.stringify(a.config || {})}` : '';
    const after = b ? `${b.type} ${JSON.stringify(b.config || {})}` : '';
    if (before === after) continue;
    rows.push(h('div', { class: 'diff-field', 'data-testid': 'stage-diff' }, h('h3', {}, `Stage ${i + 1}`),
      before ? h('del', {}, before) : null, before && after ? ' → ' : null, after ? h('ins', {}, after) : null));
  }
  return h('div', { class: 'diff' }, h('p', { class: 'muted' }, `v${older.version} → v${newer.version}`), rows.length ? rows : h('p', { class: 'muted' }, 'Same stages.'));
}

function runPanel(definitionId) {
  const input = (name, text, attrs = {}) => [h('label', { class: 'field', for: `brief-${name}` }, text), h(attrs.rows ? 'textarea' : 'input', { id: `brief-${name}`, name, class: 'input', 'data-testid': `brief-${name}`, ...attrs })];
  const error = h('p', { class: 'field-error', role: 'alert', 'data-testid': 'run-error' });
  const form = h('form', { class: 'panel-body', 'data-testid': 'run-form' },
    input('topic', 'Topic', { required: true, maxlength: 500 }),
    input('audience', 'Audience', { required: true, maxlength: 500 }),
    input('channel', 'Channel', { required: true, value: 'product-page', maxlength: 500 }),
    input('language', 'Language', { required: true, value: 'en', maxlength: 35 }),
    input('keywords', 'Keywords (comma separated)'),
    input('sourceText', 'Source text', { rows: 3 }),
    error,
    h('button', { type: 'submit', class: 'btn btn-primary', 'data-testid': 'start-run' }, 'Start run'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const value = (name) => form.elements[name].value.trim();
    error.textContent = '';
    try {
      const run = await cf.startRun({
        definitionId,
        brief: { topic: value('topic'), audience: value('audience'), channel: value('channel'), language: value('language'), keywords: value('keywords').split(',').map((k) => k.trim()).filter(Boolean), sourceText: value('sourceText') },
      });
      announce('Run started.');
      location.hash = `#/runs/${run.id}`;
    } catch (e) {
      error.textContent = cf.describeError(e, 'start the run');
    }
  });
  return h('section', { class: 'panel', 'aria-labelledby': 'run-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'run-title' }, 'Run this pipeline'), h('span', { class: 'muted' }, 'with its active version')), form);
}
