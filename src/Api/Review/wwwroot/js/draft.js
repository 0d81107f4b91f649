// One draft under review: the inline editor of its fields beside the brand guidelines and the gate report,
// the diff between versions, and the decision buttons (approve, save edits = edit decision, reject with reason).
// A translation is reviewed in its own language: its text in the editor, its source read-only beside it, its own
// gate report (the figures of the source must survive), and the diff between versions of that language only.
import * as cf from './api.js';
import { h, announce, relativeTime, shortId } from './dom.js';
import { publicationTimes, scoreBadge } from './queue.js';
import { renderDiffPanel } from './diff.js';
import { FIELDS, VARIANT_LABELS, variantName } from './fields.js';

export async function openDraft(workspace, { item, project, onDecided, onGone }) {
  workspace.replaceChildren(h('p', { class: 'empty', role: 'status' }, 'Loading the draft…'));
  let run;
  let versions;
  try {
    [run, versions] = await Promise.all([cf.run(item.runId), cf.versions(item.runId)]);
  } catch (error) {
    workspace.replaceChildren(h('div', { class: 'error-box', role: 'alert' }, cf.describeError(error, 'open this draft')));
    if (error instanceof cf.ApiError && error.status === 404) await onGone();
    return null;
  }
  const current = versions.find((v) => v.version === item.currentVersion) || versions.filter((v) => v.kind !== 'published').at(-1);
  if (!current) {
    workspace.replaceChildren(h('p', { class: 'empty' }, 'This run has no stored draft yet.'));
    return null;
  }

  // A version without a language is in the brief's; a translation (and every version made from one) names its own.
  const languageOf = (version) => version.language || run.brief.language;
  const language = languageOf(current);
  const source = current.derivedFrom ? versions.find((v) => v.version === current.derivedFrom) : null;
  const sameLanguage = versions.filter((v) => languageOf(v) === language);
  const original = current.fields;
  const originalVariants = original.variants || [];
  const inputs = {};
  let busy = false;
  const editedVariants = () => originalVariants.map((v, i) => ({ kind: v.kind, text: inputs[variantName(i)].value }));
  const editedFields = () => ({ ...Object.fromEntries(FIELDS.map((f) => [f.name, inputs[f.name].value])), variants: editedVariants() });
  const isDirty = () => FIELDS.some((f) => inputs[f.name].value !== (original[f.name] ?? ''))
    || originalVariants.some((v, i) => inputs[variantName(i)].value !== (v.text ?? ''));

  const approveButton = h('button', { type: 'button', class: 'btn btn-primary', 'data-testid': 'approve', 'aria-keyshortcuts': 'a', onclick: () => approve() }, 'Approve');
  const saveButton = h('button', { type: 'button', class: 'btn', 'data-testid': 'save-edits', 'aria-keyshortcuts': 'e', disabled: true, onclick: () => saveEdits() }, 'Save edits & approve');
  const resetButton = h('button', { type: 'button', class: 'btn btn-ghost', 'data-testid': 'discard-edits', disabled: true, onclick: () => discard() }, 'Discard edits');
  const rejectButton = h('button', { type: 'button', class: 'btn btn-danger', 'data-testid': 'reject', 'aria-keyshortcuts': 'x', onclick: () => reject() }, 'Reject…');
  const editHint = h('span', { class: 'hint', id: 'edit-hint', 'data-testid': 'edit-hint' });
  const actionError = h('p', { class: 'field-error', role: 'alert', 'data-testid': 'action-error' });

  const editor = h('form', { class: 'editor', lang: language, 'aria-label': source ? `Translation fields (${language})` : 'Draft fields', onsubmit: (ev) => ev.preventDefault() },
    FIELDS.map((field) => {
      const id = `field-${field.name}`;
      const value = original[field.name] ?? '';
      const control = field.multiline
        ? h('textarea', { id, name: field.name, rows: field.rows, 'data-testid': id, value })
        : h('input', { id, name: field.name, type: 'text', 'data-testid': id, value });
      const count = h('span', { class: 'count', 'aria-hidden': 'true' }, `${value.length}`);
      control.addEventListener('input', () => { count.textContent = `${control.value.length}`; changed(); });
      inputs[field.name] = control;
      return h('div', { class: 'edit-field' }, h('div', { class: 'edit-label' }, h('label', { for: id }, field.label), count), control);
    }),
    variantEditors(originalVariants, inputs, () => changed()));

  const brandPanel = h('section', { class: 'panel', 'aria-labelledby': 'brand-title', 'data-testid': 'brand-guidelines' });
  const diffPanel = h('section', { class: 'panel section', 'aria-labelledby': 'diff-title', 'data-testid': 'diff-panel' });

  const editorPanel = h('section', { class: 'panel', 'aria-labelledby': 'editor-title', 'data-testid': 'editor-panel' },
    h('div', { class: 'panel-head' },
      h('h2', { id: 'editor-title' }, source ? 'Translation ' : 'Draft', source ? h('span', { class: 'lang-tag', 'data-testid': 'editor-language' }, language) : null),
      h('span', { class: 'muted' }, 'Edit inline; saving sends an edit decision')),
    h('div', { class: 'panel-body' }, editor));

  workspace.replaceChildren(
    h('div', { class: 'draft-head' },
      h('div', {},
        h('div', { class: 'breadcrumb', 'data-testid': 'draft-breadcrumb' }, `Run ${shortId(run.id)} · ${run.brief.channel} · ${language}`,
          source ? ` · translated from ${languageOf(source)} (v${source.version})` : ''),
        h('h1', { 'data-testid': 'draft-title' }, original.title),
        h('div', { class: 'sub' },
          `Version ${current.version} (${current.kind}) · waiting ${relativeTime(item.waitingSince)}`,
          item.state === 'escalated' ? h('span', { class: 'badge badge-escalated' }, 'Escalated') : null,
          item.state === 'needs-review' ? h('span', { class: 'badge badge-needs-review', 'data-testid': 'draft-needs-review' }, 'Needs review') : null,
          run.stateReason ? h('span', { class: 'muted' }, ` · ${run.stateReason}`) : null),
        h('div', { class: 'sub', 'data-testid': 'draft-publishes' }, 'Publishes: ', publicationTimes(item.scheduledPublications))),
      h('div', { class: 'actions', role: 'group', 'aria-label': 'Decision' }, resetButton, rejectButton, saveButton, approveButton)),
    h('div', { class: 'action-status' }, editHint, actionError),
    h('div', { class: 'draft-grid' },
      source ? h('div', { class: 'translation-pair', 'data-testid': 'translation-pair' }, sourcePanel(source, languageOf(source)), editorPanel) : editorPanel,
      h('div', { class: 'side' }, gateReport(current.gateReport, inputs, source ? language : null), brandPanel)),
    diffPanel);

  const renderBrand = () => brandPanel.replaceChildren(...brandGuidelines(project, run.brief, editedFields()));
  const renderDiff = () => renderDiffPanel(diffPanel, { runId: run.id, versions: sameLanguage, current, edits: isDirty() ? editedFields() : null });
  renderBrand();
  // Not awaited: the draft's actions (and keyboard shortcuts) work while the diff is still loading.
  renderDiff();

  let diffTimer = 0;
  function changed() {
    const dirty = isDirty();
    saveButton.disabled = busy || !dirty;
    resetButton.disabled = busy || !dirty;
    approveButton.disabled = busy || dirty;
    editHint.textContent = dirty ? 'Unsaved edits: save them to publish your text, or discard them to approve the draft as it is.' : '';
    renderBrand();
    clearTimeout(diffTimer);
    diffTimer = setTimeout(renderDiff, 250);
  }

  function discard() {
    for (const field of FIELDS) inputs[field.name].value = original[field.name] ?? '';
    originalVariants.forEach((v, i) => { inputs[variantName(i)].value = v.text ?? ''; });
    for (const el of editor.querySelectorAll('.count')) el.textContent = `${el.closest('.edit-field').querySelector('input, textarea').value.length}`;
    changed();
  }

  async function send(decision, doneMessage) {
    if (busy) return false;
    busy = true;
    actionError.textContent = '';
    for (const button of [approveButton, saveButton, resetButton, rejectButton]) button.disabled = true;
    try {
      await cf.decide(run.id, decision);
      await onDecided(doneMessage);
      return true;
    } catch (error) {
      const message = cf.describeError(error, `${decision.decision} this draft`);
      actionError.textContent = message;
      announce(message, true);
      busy = false;
      if (error instanceof cf.ApiError && (error.status === 409 || error.status === 404)) {
        await onGone();
      } else {
        rejectButton.disabled = false;
        changed();
      }
      return false;
    }
  }

  async function approve() {
    if (isDirty()) { actionError.textContent = 'You have unsaved edits: save them, or discard them to approve the draft as it is.'; return; }
    await send({ decision: 'approve' }, `Approved “${original.title}”; the run goes on to publish version ${current.version}.`);
  }

  async function saveEdits() {
    if (!isDirty()) { actionError.textContent = 'Nothing changed yet: edit a field first, or approve the draft as it is.'; return; }
    const empty = FIELDS.filter((f) => ['title', 'h1', 'body'].includes(f.name) && !inputs[f.name].value.trim());
    if (empty.length) {
      actionError.textContent = `${empty.map((f) => f.label).join(', ')} must not be empty.`;
      inputs[empty[0].name].focus();
      return;
    }
    const emptyVariant = originalVariants.findIndex((v, i) => !inputs[variantName(i)].value.trim());
    if (emptyVariant >= 0) {
      actionError.textContent = `Marketing variant ${emptyVariant + 1} (${VARIANT_LABELS[originalVariants[emptyVariant].kind] || originalVariants[emptyVariant].kind}) must not be empty.`;
      inputs[variantName(emptyVariant)].focus();
      return;
    }
    await send({ decision: 'edit', content: editedFields() }, `Saved your edits to “${inputs.title.value}”; the run publishes your text.`);
  }

  function reject() {
    const dialog = document.getElementById('reject-dialog');
    const reason = document.getElementById('reject-reason');
    const error = document.getElementById('reject-error');
    reason.value = '';
    error.textContent = '';
    dialog.onclose = null;
    const form = document.getElementById('reject-form');
    form.onsubmit = async (ev) => {
      if (ev.submitter?.value !== 'reject') return;
      ev.preventDefault();
      if (!reason.value.trim()) { error.textContent = 'A reason is required to reject: say what is wrong so the team can fix it.'; reason.focus(); return; }
      dialog.close();
      await send({ decision: 'reject', reason: reason.value.trim() }, `Rejected “${original.title}”; the run ends without publishing.`);
    };
    dialog.showModal();
    reason.focus();
  }

  return { approve, saveEdits, reject };
}

// One text box per marketing variant, under a heading; nothing when the draft has none.
function variantEditors(variants, inputs, onChange) {
  if (variants.length === 0) return null;
  const perKind = {};
  return h('fieldset', { class: 'variants', 'data-testid': 'variants' },
    h('legend', {}, 'Marketing variants'),
    variants.map((variant, i) => {
      const name = variantName(i);
      const id = `field-variants-${i}`;
      perKind[variant.kind] = (perKind[variant.kind] || 0) + 1;
      const label = `${VARIANT_LABELS[variant.kind] || variant.kind} ${perKind[variant.kind]}`;
      const control = h('textarea', { id, name, rows: variant.kind === 'social-post' || variant.kind === 'ad-copy' ? 3 : 1, 'data-testid': id, 'data-kind': variant.kind, value: variant.text ?? '' });
      const count = h('span', { class: 'count', 'aria-hidden': 'true' }, `${control.value.length}`);
      control.addEventListener('input', () => { count.textContent = `${control.value.length}`; onChange(); });
      inputs[name] = control;
      return h('div', { class: 'edit-field' }, h('div', { class: 'edit-label' }, h('label', { for: id }, label), count), control);
    }));
}

// The source of a translation, read-only, in its own language: what the reviewer compares the translation with.
function sourcePanel(source, language) {
  const variants = source.fields.variants || [];
  return h('section', { class: 'panel source-panel', 'aria-labelledby': 'source-title', 'data-testid': 'source-panel' },
    h('div', { class: 'panel-head' },
      h('h2', { id: 'source-title' }, 'Source ', h('span', { class: 'lang-tag', 'data-testid': 'source-language' }, language)),
      h('span', { class: 'muted' }, `v${source.version} · ${source.kind} · read-only`)),
    h('dl', { class: 'panel-body source-fields', lang: language },
      FIELDS.map((field) => [h('dt', {}, field.label), h('dd', { 'data-testid': `source-${field.name}` }, source.fields[field.name] ?? '')]),
      variants.map((variant, i) => [h('dt', {}, `${VARIANT_LABELS[variant.kind] || variant.kind} ${i + 1}`), h('dd', { 'data-testid': `source-variants-${i}` }, variant.text ?? '')])));
}

// A translation's report is its own: checked by its language's rules, its figures against its source's.
function gateReport(report, inputs, translationLanguage) {
  const panel = h('section', { class: 'panel', 'aria-labelledby': 'gate-title', 'data-testid': 'gate-report' });
  const head = h('div', { class: 'panel-head' }, h('h2', { id: 'gate-title' }, 'Gate report',
    translationLanguage ? h('span', { class: 'lang-tag', 'data-testid': 'gate-language' }, report?.language || translationLanguage) : null));
  if (!report) {
    panel.append(head, h('p', { class: 'empty' }, 'This version has not been through the quality gates.'));
    return panel;
  }
  head.append(h('span', { class: 'spacer' }), h('span', { class: report.passed ? 'badge badge-pass' : 'badge badge-fail', 'data-testid': 'gate-verdict' }, report.passed ? 'Passed' : 'Failed'));
  const summary = h('div', { class: 'gate-summary' },
    h('div', { class: 'gate-score', 'data-testid': 'gate-score' }, scoreBadge(report.score, report.passed)),
    h('div', { class: 'muted' }, `of 100 · pass mark ${report.minScore} · ${report.issues.length} issue${report.issues.length === 1 ? '' : 's'}`));
  const order = { error: 0, warning: 1, info: 2 };
  const issues = [...report.issues].sort((a, b) => order[a.severity] - order[b.severity]);
  const list = issues.length === 0
    ? h('p', { class: 'empty' }, 'No issues found.')
    : h('ul', { class: 'issues', 'data-testid': 'gate-issues' }, issues.map((issue) => h('li', { class: `issue issue-${issue.severity}` },
      h('div', { class: 'issue-head' },
        h('span', { class: `severity severity-${issue.severity}` }, issue.severity),
        inputs[issue.field]
          ? h('button', { type: 'button', class: 'link-button field-link', title: `Go to the ${issue.field} field`, onclick: () => inputs[issue.field].focus() }, issue.field)
          : h('span', { class: 'mono' }, issue.field),
        h('code', { class: 'muted' }, issue.code)),
      h('p', {}, issue.message),
      h('p', { class: 'fix' }, h('strong', {}, 'Fix: '), issue.fixSuggestion))));
  panel.append(head, h('div', { class: 'panel-body' }, summary, list));
  return panel;
}

function brandGuidelines(project, brief, fields) {
  const head = h('div', { class: 'panel-head' }, h('h2', { id: 'brand-title' }, 'Brand guidelines'), project ? h('span', { class: 'muted' }, project.name) : null);
  if (!project) return [head, h('p', { class: 'empty' }, 'The brand profile could not be loaded.')];
  const brand = project.brand;
  const text = [...FIELDS.map((f) => fields[f.name] ?? ''), ...(fields.variants || []).map((v) => v.text)].join('\n').toLowerCase();
  const phraseList = (phrases, mustContain) => phrases.length === 0
    ? h('p', { class: 'muted' }, 'None.')
    : h('ul', { class: 'phrases' }, phrases.map((phrase) => {
      const present = text.includes(phrase.toLowerCase());
      const ok = mustContain ? present : !present;
      const status = mustContain ? (present ? 'used' : 'missing') : (present ? 'used — remove it' : 'not used');
      return h('li', { class: ok ? 'ok' : 'bad' }, h('span', { class: 'mark', 'aria-hidden': 'true' }, ok ? '✓' : '✗'), h('span', {}, `“${phrase}”`), h('span', { class: 'visually-hidden' }, `: ${status}`));
    }));
  const glossary = Object.entries(brand.glossary || {});
  const personas = brand.personas || [];
  return [head, h('dl', { class: 'panel-body guidelines' },
    h('dt', {}, 'Voice and tone'), h('dd', {}, brand.voiceAndTone || h('span', { class: 'muted' }, 'Not set.')),
    h('dt', {}, 'Audience'), h('dd', {}, brief.audience),
    h('dt', {}, 'Personas'), h('dd', {}, personas.length === 0
      ? h('span', { class: 'muted' }, 'None.')
      : h('ul', { class: 'personas' }, personas.map((p) => h('li', {},
        h('strong', {}, p.name),
        p.needs?.length ? h('div', {}, h('span', { class: 'muted' }, 'Needs: '), p.needs.join('; ')) : null,
        p.objections?.length ? h('div', {}, h('span', { class: 'muted' }, 'Objections: '), p.objections.join('; ')) : null,
        p.toneNotes ? h('div', {}, h('span', { class: 'muted' }, 'Tone: '), p.toneNotes) : null)))),
    h('dt', {}, 'Keywords'), h('dd', {}, brief.keywords.length ? brief.keywords.join(', ') : h('span', { class: 'muted' }, 'None.')),
    h('dt', {}, 'Required phrases'), h('dd', {}, phraseList(brand.requiredPhrases || [], true)),
    h('dt', {}, 'Banned phrases'), h('dd', {}, phraseList(brand.bannedPhrases || [], false)),
    h('dt', {}, 'Glossary'), h('dd', {}, glossary.length === 0
      ? h('span', { class: 'muted' }, 'None.')
      : h('dl', { class: 'glossary' }, glossary.map(([term, usage]) => [h('dt', {}, term), h('dd', {}, usage)]))))];
}
