// A form generated from a JSON schema (a stage config's, as GET /api/stage-types gives it, or the project settings'):
// numbers, text (long text as a text area), switches, choices (enum), lists of text (one per line), nested objects as
// fieldsets, lists of objects as repeated fieldsets, maps as key/value rows (a value with properties as one input per
// property), anything else as JSON. A field
// left empty is left out of the config, so the stage's default (shown as the placeholder) applies.
import { h } from './dom.js';

const types = (schema) => [].concat(schema?.type || []);
const has = (schema, type) => types(schema).includes(type);
const label = (name) => name.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase()).replace(/\bh1\b/i, 'H1').replace(/\bcta\b/i, 'CTA');

/**
 * Renders the fields of `schema` for `value` (mutated in place) into a new element; `onChange` runs after each edit
 * with the whole value.
 */
export function schemaForm(schema, value, onChange, idPrefix) {
  return h('div', { class: 'schema-form' }, objectFields(schema, value, () => onChange(value), idPrefix));
}

function objectFields(schema, target, changed, prefix) {
  return Object.entries(schema.properties || {}).map(([name, property]) => field(name, property, target, changed, `${prefix}-${name}`));
}

function field(name, schema, target, changed, id) {
  const help = schema.description ? h('p', { class: 'field-help', id: `${id}-help` }, schema.description) : null;
  const describedBy = help ? `${id}-help` : null;
  const set = (v) => {
    if (v === undefined) delete target[name]; else target[name] = v;
    changed();
  };
  const current = target[name];
  const title = schema.title || label(name);
  const fallback = schema.default;

  if (has(schema, 'boolean')) {
    const box = h('input', { id, type: 'checkbox', 'data-field': name, checked: current ?? fallback ?? false, 'aria-describedby': describedBy,
      onchange: () => set(box.checked === (fallback ?? false) ? undefined : box.checked) });
    return h('div', {}, h('label', { class: 'check', for: id }, box, title), help);
  }
  if (has(schema, 'integer') || has(schema, 'number')) {
    const input = h('input', { id, type: 'number', class: 'input', 'data-field': name, step: has(schema, 'integer') ? '1' : 'any',
      value: current ?? '', placeholder: fallback ?? '', 'aria-describedby': describedBy,
      oninput: () => set(input.value === '' ? undefined : Number(input.value)) });
    return h('div', {}, h('label', { class: 'field', for: id }, title), input, help);
  }
  if (has(schema, 'string') && Array.isArray(schema.enum)) {
    const select = h('select', { id, class: 'input', 'data-field': name, 'aria-describedby': describedBy, onchange: () => set(select.value === '' ? undefined : select.value) },
      h('option', { value: '' }, fallback ? `Default (${fallback})` : '—'), schema.enum.map((v) => h('option', { value: v }, v)));
    select.value = current ?? '';
    return h('div', {}, h('label', { class: 'field', for: id }, title), select, help);
  }
  if (has(schema, 'string') && schema.format === 'multiline') {
    const area = h('textarea', { id, class: 'input', rows: 3, 'data-field': name, value: current ?? '', placeholder: fallback ?? '', 'aria-describedby': describedBy,
      oninput: () => set(area.value === '' ? undefined : area.value) });
    return h('div', {}, h('label', { class: 'field', for: id }, title), area, help);
  }
  if (has(schema, 'string')) {
    const input = h('input', { id, type: 'text', class: 'input', 'data-field': name, value: current ?? '', placeholder: fallback ?? '', 'aria-describedby': describedBy,
      oninput: () => set(input.value === '' ? undefined : input.value) });
    return h('div', {}, h('label', { class: 'field', for: id }, title), input, help);
  }
  if (has(schema, 'array') && schema.items && has(schema.items, 'string') && !schema.items.properties) {
    const area = h('textarea', { id, class: 'input', rows: 3, 'data-field': name, value: (current || []).join('\n'), placeholder: 'One per line', 'aria-describedby': describedBy,
      oninput: () => { const lines = area.value.split('\n').map((l) => l.trim()).filter(Boolean); set(lines.length ? lines : undefined); } });
    return h('div', {}, h('label', { class: 'field', for: id }, title), area, help);
  }
  if (has(schema, 'object') && schema.properties) {
    const nested = current && typeof current === 'object' ? current : {};
    const placeholderHelp = fallback ? h('p', { class: 'field-help' }, `Default: ${Object.entries(fallback).map(([k, v]) => `${k} ${v}`).join(', ')}`) : null;
    return h('fieldset', { 'data-field': name }, h('legend', {}, title), help, placeholderHelp,
      objectFields(schema, nested, () => set(Object.keys(nested).length ? nested : undefined), id));
  }
  if (has(schema, 'array') && schema.items?.properties) {
    return listField(title, schema, current, set, id, help);
  }
  if (has(schema, 'object') && schema.additionalProperties && (has(schema.additionalProperties, 'integer') || has(schema.additionalProperties, 'string') || schema.additionalProperties.properties)) {
    return mapField(title, schema, current, set, id, help);
  }
  return jsonField(name, title, current, set, id, help);
}

// A map such as {"headline": 3}: one row per entry, with an add button. A value with properties (a model's prices)
// gets one input per property.
function mapField(title, schema, current, set, id, help) {
  const valueSchema = schema.additionalProperties;
  const parts = valueSchema.properties ? Object.entries(valueSchema.properties) : [['', valueSchema]];
  const isNumber = (s) => has(s, 'integer') || has(s, 'number');
  const entries = Object.entries(current || {});
  const rows = h('div');
  const read = (input, s) => (isNumber(s) ? Number(input.value || 0) : input.value);
  const commit = () => {
    const next = {};
    for (const row of rows.children) {
      const [key, ...values] = row.querySelectorAll('input');
      if (!key.value.trim()) continue;
      next[key.value.trim()] = valueSchema.properties
        ? Object.fromEntries(parts.map(([part, s], i) => [part, read(values[i], s)]))
        : read(values[0], valueSchema);
    }
    set(Object.keys(next).length ? next : undefined);
  };
  const addRow = (key = '', value = '') => {
    const n = rows.children.length;
    const row = h('div', { class: `kv-row kv-${parts.length + 2}` },
      h('input', { class: 'input', value: key, placeholder: schema.keyName || 'name', 'aria-label': `${title} ${n + 1}: ${schema.keyName || 'name'}`, oninput: commit }),
      parts.map(([part, s]) => h('input', { class: 'input', type: isNumber(s) ? 'number' : 'text', step: 'any', placeholder: part ? s.title || label(part) : schema.valueName || 'value',
        value: `${part ? value?.[part] ?? '' : value}`, 'aria-label': `${title} ${n + 1}: ${part ? s.title || label(part) : schema.valueName || 'value'}`, oninput: commit })),
      h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Remove ${title} ${n + 1}`, onclick: () => { row.remove(); commit(); } }, '×'));
    rows.append(row);
    return row;
  };
  for (const [key, value] of entries) addRow(key, value);
  return h('fieldset', {}, h('legend', {}, title), help, rows,
    h('button', { type: 'button', class: 'btn btn-small', id, onclick: () => addRow().querySelector('input').focus() }, `Add ${title.toLowerCase()} entry`));
}

// A list of objects (personas): one fieldset per item with a remove button, and an add button.
function listField(title, schema, current, set, id, help) {
  const items = Array.isArray(current) ? current : [];
  const list = h('div');
  const commit = () => set(items.length ? items : undefined);
  const draw = () => list.replaceChildren(...items.map((item, i) => h('fieldset', { class: 'list-item' },
    h('legend', {}, `${title.replace(/s$/, '')} ${i + 1}`),
    objectFields(schema.items, item, commit, `${id}-${i}`),
    h('button', { type: 'button', class: 'btn btn-small btn-danger', 'aria-label': `Remove ${title.replace(/s$/, '').toLowerCase()} ${i + 1}`, onclick: () => { items.splice(i, 1); draw(); commit(); } }, 'Remove'))));
  draw();
  return h('fieldset', {}, h('legend', {}, title), help, list,
    h('button', { type: 'button', class: 'btn btn-small', id, onclick: () => { items.push({}); draw(); commit(); list.lastElementChild?.querySelector('input, textarea')?.focus(); } }, `Add ${title.replace(/s$/, '').toLowerCase()}`));
}

function jsonField(name, title, current, set, id, help) {
  const error = h('p', { class: 'field-error', role: 'alert' });
  const area = h('textarea', { id, class: 'input mono', rows: 4, 'data-field': name, value: current === undefined ? '' : JSON.stringify(current, null, 2), placeholder: 'JSON',
    oninput: () => {
      if (!area.value.trim()) { error.textContent = ''; set(undefined); return; }
      try { set(JSON.parse(area.value)); error.textContent = ''; } catch { error.textContent = 'Not valid JSON yet.'; }
    } });
  return h('div', {}, h('label', { class: 'field', for: id }, `${title} (JSON)`), area, help, error);
}
