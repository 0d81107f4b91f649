// The project's LLM costs for a period (default: the last 30 days), by stage and by model, from the stored call rows.
import * as cf from './api.js';
import { h, emptyState, money, totalsText } from './dom.js';

export async function renderCosts(view, params, context) {
  const today = new Date();
  const iso = (d) => d.toISOString().slice(0, 10);
  const from = params.get('from') || iso(new Date(today.getTime() - 29 * 86400000));
  const to = params.get('to') || iso(new Date(today.getTime() + 86400000));
  const form = h('form', { class: 'filters', 'aria-label': 'Period' },
    h('div', {}, h('label', { for: 'costs-from' }, 'From'), h('input', { id: 'costs-from', name: 'from', type: 'date', class: 'input', value: from })),
    h('div', {}, h('label', { for: 'costs-to' }, 'Before'), h('input', { id: 'costs-to', name: 'to', type: 'date', class: 'input', value: to })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Show')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = `#/costs?from=${form.elements.from.value}&to=${form.elements.to.value}`;
  });
  const report = await cf.projectCosts(context.session.projectId, from, to);
  const totals = totalsText(report.totals);
  const by = (key) => {
    const sums = new Map();
    // Grouped per currency too, so amounts in different currencies stay apart.
    for (const g of report.groups) {
      const label = g.currency && g.currency !== 'USD' ? `${g[key]} (${g.currency})` : g[key];
      sums.set(label, (sums.get(label) || 0) + Number(g.cost));
    }
    return [...sums.entries()].sort((a, b) => b[1] - a[1]);
  };
  const chart = (title, rows, testId) => {
    const max = Math.max(...rows.map(([, v]) => v), 0.000001);
    return h('section', { class: 'panel', 'data-testid': testId },
      h('div', { class: 'panel-head' }, h('h2', {}, title)),
      h('table', {}, h('tbody', {}, rows.map(([name, cost]) => h('tr', {},
        h('th', { scope: 'row' }, name),
        h('td', { class: 'num' }, money(cost)),
        h('td', { 'aria-hidden': 'true' }, bar(cost / max)))))));
  };
  view.replaceChildren(
    h('div', { class: 'page-head' }, h('h1', {}, 'Costs'), h('span', { class: 'spacer' }),
      h('strong', { 'data-testid': 'project-cost-total' }, totals.cost), h('span', { class: 'muted' }, `${totals.calls} calls · ${totals.tokens} tokens`)),
    h('section', { class: 'panel' }, form),
    report.groups.length === 0
      ? h('section', { class: 'panel' }, emptyState('No LLM calls in this period', 'Costs appear once runs call a model.', 'costs-empty'))
      : h('div', { class: 'grid-2' }, chart('By stage', by('stage'), 'costs-by-stage'), chart('By model', by('model'), 'costs-by-model')));
}

// A bar's width is set through the CSSOM (allowed by the CSP), not a style attribute (which it refuses).
function bar(fraction) {
  const el = h('div', { class: 'bar' });
  el.style.width = `${Math.round(Math.max(0, Math.min(1, fraction)) * 100)}%`;
  return el;
}
