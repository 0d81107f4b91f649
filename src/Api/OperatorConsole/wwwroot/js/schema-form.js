// A form generated from a stage config's JSON schema (as GET /api/stage-types gives it): numbers, text, switches,
// lists of text (one per line), nested objects as fieldsets, maps as key/value rows, anything else as JSON. A field
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
  const fallback = schema.default;

  if (has(schema, 'boolean')) {
    const box = h('input', { id, type: 'checkbox', 'data-field': name, checked: current ?? fallback ?? false, 'aria-describedby': describedBy,
      onchange: () => set(box.checked === (fallback ?? false) ? undefined : box.checked) });
    return h('div', {}, h('label', { class: 'check', for: id }, box, label(name)), help);
  }
  if (has(schema, 'integer') || has(schema, 'number')) {
    const input = h('input', { id, type: 'number', class: 'input', 'data-field': name, step: has(schema, 'integer') ? '1' : 'any',
      value: current ?? '', placeholder: fallback ?? '', 'aria-describedby': describedBy,
      oninput: () => set(input.value === '' ? undefined : Number(input.value)) });
    return h('div', {}, h('label', { class: 'field', for: id }, label(name)), input, help);
  }
  if (has(schema, 'string')) {
    const input = h('input', { id, type: 'text', class: 'input', 'data-field': name, value: current ?? '', placeholder: fallback ?? '', 'aria-describedby': describedBy,
      oninput: () => set(input.value === '' ? undefined : input.value) });
    return h('div', {}, h('label', { class: 'field', for: id }, label(name)), input, help);
  }
  if (has(schema, 'array') && schema.items && has(schema.items, 'string') && !schema.items.properties) {
    const area = h('textarea', { id, class: 'input', rows: 3, 'data-field': name, value: (current || []).join('\n'), placeholder: 'One per line', 'aria-describedby': describedBy,
      oninput: () => { const lines = area.value.split('\n').map((l) => l.trim()).filter(Boolean); set(lines.length ? lines : undefined); } });
    return h('div', {}, h('label', { class: 'field', for: id }, label(name)), area, help);
  }
  if (has(schema, 'object') && schema.properties) {
    const nested = current && typeof current === 'object' ? current : {};
    const placeholderHelp = fallback ? h('p', { class: 'field-help' }, `Default: ${Object.entries(fallback).map(([k, v]) => `${k} ${v}`).join(', ')}`) : null;
    return h('fieldset', { 'data-field': name }, h('legend', {}, label(name)), help, placeholderHelp,
      objectFields(schema, nested, () => set(Object.keys(nested).length ? nested : undefined), id));
  }
  if (has(schema, 'object') && schema.additionalProperties && (has(schema.additionalProperties, 'integer') || has(schema.additionalProperties, 'string'))) {
    return mapField(name, schema, current, set, id, help);
  }
  return jsonField(name, current, set, id, help);
}

// A map such as {"headline": 3}: one row per entry, with an add button.
function mapField(name, schema, current, set, id, help) {
  const numeric = has(schema.additionalProperties, 'integer');
  const entries = Object.entries(current || {});
  const rows = h('div', { 'data-field': name });
  const commit = () => {
    const next = {};
    for (const row of rows.children) {
      const [key, value] = row.querySelectorAll('input');
      if (key.value.trim()) next[key.value.trim()] = numeric ? Number(value.value || 0) : value.value;
    }
    set(Object.keys(next).length ? next : undefined);
  };
  const addRow = (key = '', value = '') => {
    const n = rows.children.length;
    const row = h('div', { class: 'kv-row' },
      h('input', { class: 'input', value: key, 'aria-label': `${label(name)} ${n + 1}: name`, oninput: commit }),
      h('input', { class: 'input', type: numeric ? 'number' : 'text', value: `${value}`, 'aria-label': `${label(name)} ${n + 1}: value`, oninput: commit }),
      h('button', { type: 'button', class: 'btn btn-small', 'aria-label': `Remove ${label(name)} ${n + 1}`, onclick: () => { row.remove(); commit(); } }, '×'));
    rows.append(row);
    return row;
  };
  for (const [key, value] of entries) addRow(key, value);
  return h('fieldset', {}, h('legend', {}, label(name)), help, rows,
    h('button', { type: 'button', class: 'btn btn-small', id, onclick: () => addRow().querySelector('input').focus() }, `Add ${label(name).toLowerCase()} entry`));
}

function jsonField(name, current, set, id, help) {
  const error = h('p', { class: 'field-error', role: 'alert' });
  const area = h('textarea', { id, class: 'input mono', rows: 4, 'data-field': name, value: current === undefined ? '' : JSON.stringify(current, null, 2), placeholder: 'JSON',
    oninput: () => {
      if (!area.value.trim()) { error.textContent = ''; set(undefined); return; }
      try { set(JSON.parse(area.value)); error.textContent = ''; } catch { error.textContent = 'Not valid JSON yet.'; }
    } });
  return h('div', {}, h('label', { class: 'field', for: id }, `${label(name)} (JSON)`), area, help, error);
}
