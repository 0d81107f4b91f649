// The project's LLM costs for a period (default: the last 30 days): the monthly budget and how much of it is spent,
// then charts by day, pipeline, stage and model from one grouped report of the stored call rows. Each chart is also a
// table, so the numbers are read out, not only drawn.
import * as cf from './api.js';
import { h, emptyState, money, totalsText, shortId } from './dom.js';

const DAY = 86400000;

export async function renderCosts(view, params) {
  const today = new Date();
  const iso = (d) => d.toISOString().slice(0, 10);
  const from = params.get('from') || iso(new Date(today.getTime() - 29 * DAY));
  const to = params.get('to') || iso(new Date(today.getTime() + DAY));
  const form = h('form', { class: 'filters costs-filters', 'aria-label': 'Period' },
    h('div', {}, h('label', { for: 'costs-from' }, 'From'), h('input', { id: 'costs-from', name: 'from', type: 'date', class: 'input', value: from })),
    h('div', {}, h('label', { for: 'costs-to' }, 'Before'), h('input', { id: 'costs-to', name: 'to', type: 'date', class: 'input', value: to })),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'btn btn-primary' }, 'Show')));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = `#/costs?from=${form.elements.from.value}&to=${form.elements.to.value}`;
  });
  const [report, budget, definitions] = await Promise.all([
    cf.api(`/api/costs?groupBy=day,definition,stage,model&from=${from}&to=${to}`),
    cf.costBudget(),
    cf.allDefinitions().catch(() => []),
  ]);
  showBudgetAlert(budget);
  const names = new Map(definitions.map((d) => [d.id, d.name]));
  const totals = totalsText(report.totals);
  const by = (key, label = (v) => v) => {
    const sums = new Map();
    // Grouped per currency too, so amounts in different currencies stay apart.
    for (const g of report.groups) {
      const name = g[key] === null ? '(none)' : label(g[key]);
      const row = g.currency && g.currency !== 'USD' ? `${name} (${g.currency})` : name;
      const sum = sums.get(row) || { cost: 0, calls: 0, currency: g.currency };
      sum.cost += Number(g.cost);
      sum.calls += Number(g.calls);
      sums.set(row, sum);
    }
    return [...sums.entries()].sort((a, b) => b[1].cost - a[1].cost);
  };

  view.replaceChildren(
    h('div', { class: 'page-head' }, h('h1', {}, 'Costs'), h('span', { class: 'spacer' }),
      h('strong', { 'data-testid': 'project-cost-total' }, totals.cost), h('span', { class: 'muted' }, `${totals.calls} calls · ${totals.tokens} tokens`)),
    budgetPanel(budget),
    h('section', { class: 'panel' }, form),
    report.groups.length === 0
      ? h('section', { class: 'panel' }, emptyState('No LLM calls in this period', 'Costs appear once runs call a model.', 'costs-empty'))
      : h('div', { class: 'stack' },
        dailyChart(report, from, to),
        h('div', { class: 'grid-3' },
          chart('By pipeline', by('definition', (id) => names.get(id) || shortId(id)), 'costs-by-definition'),
          chart('By stage', by('stage'), 'costs-by-stage'),
          chart('By model', by('model'), 'costs-by-model'))));
}

// The budget's banner under the top bar, on every page, from the first 80% spent on.
export function showBudgetAlert(budget) {
  const banner = document.getElementById('budget-alert');
  if (!banner) return;
  banner.hidden = !budget.alert;
  banner.replaceChildren(budget.alert
    ? h('span', {}, `${Math.floor(budget.spentFraction * 100)}% of this month’s LLM budget is spent (${money(budget.spent, budget.currency)} of ${money(budget.monthlyBudget, budget.currency)}). `,
      h('a', { href: '#/costs' }, 'See costs'))
    : '');
}

function budgetPanel(budget) {
  const panel = h('section', { class: 'panel', 'aria-labelledby': 'budget-title', 'data-testid': 'budget' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'budget-title' }, 'Monthly budget'), h('span', { class: 'spacer' }),
      h('span', { class: 'muted' }, `${new Date(budget.from).toLocaleDateString(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' })} (UTC)`)));
  if (budget.monthlyBudget === null) {
    panel.append(h('p', { class: 'panel-body muted', 'data-testid': 'budget-none' }, `No budget set; ${money(budget.spent, budget.currency)} spent this month. An admin sets one under Settings → LLM settings → Monthly budget.`));
    return panel;
  }
  const fraction = Number(budget.spentFraction);
  const meter = h('div', { class: `meter${budget.alert ? ' meter-alert' : ''}`, role: 'meter', 'aria-label': 'Budget spent', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': Math.round(fraction * 100) });
  const fill = h('div', { class: 'meter-fill' });
  fill.style.width = `${Math.min(100, Math.round(fraction * 100))}%`;
  meter.append(fill);
  panel.append(h('div', { class: 'panel-body' },
    h('p', { 'data-testid': 'budget-spent' }, `${money(budget.spent, budget.currency)} of ${money(budget.monthlyBudget, budget.currency)} spent (${Math.floor(fraction * 100)}%)`),
    meter,
    budget.alert ? h('p', { class: 'error-box budget-alert-inline', role: 'alert', 'data-testid': 'budget-alert' }, 'Over 80% of the monthly budget is spent. Runs are not stopped; lower the spending or raise the budget.') : null));
  return panel;
}

// One column per day of the period, days without calls included, so the axis never jumps.
function dailyChart(report, from, to) {
  const perDay = new Map();
  for (const g of report.groups) perDay.set(g.day, (perDay.get(g.day) || 0) + Number(g.cost));
  const days = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t < Date.parse(`${to}T00:00:00Z`) && days.length < 370; t += DAY) days.push(new Date(t).toISOString().slice(0, 10));
  const max = Math.max(...perDay.values(), 0.000001);
  const columns = h('div', { class: 'day-chart', 'aria-hidden': 'true' }, days.map((day) => {
    const column = h('div', { class: 'day-column', title: `${day}: ${money(perDay.get(day) || 0)}` }, h('div', { class: 'day-bar' }));
    column.firstChild.style.height = `${Math.round(((perDay.get(day) || 0) / max) * 100)}%`;
    return column;
  }));
  const withCalls = days.filter((d) => perDay.has(d));
  return h('section', { class: 'panel', 'data-testid': 'costs-by-day', 'aria-labelledby': 'costs-day-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'costs-day-title' }, 'By day (UTC)'), h('span', { class: 'spacer' }), h('span', { class: 'muted' }, `${days[0]} – ${days[days.length - 1]}`)),
    h('div', { class: 'panel-body' }, columns),
    h('details', { class: 'panel-body' }, h('summary', {}, 'Days with calls, as a table'),
      h('table', {}, h('tbody', {}, withCalls.map((d) => h('tr', { 'data-day': d }, h('th', { scope: 'row' }, d), h('td', { class: 'num' }, money(perDay.get(d)))))))));
}

function chart(title, rows, testId) {
  const max = Math.max(...rows.map(([, v]) => v.cost), 0.000001);
  return h('section', { class: 'panel', 'data-testid': testId },
    h('div', { class: 'panel-head' }, h('h2', {}, title)),
    h('table', {}, h('tbody', {}, rows.map(([name, sum]) => h('tr', {},
      h('th', { scope: 'row' }, name),
      h('td', { class: 'num' }, money(sum.cost, sum.currency)),
      h('td', { class: 'bar-cell', 'aria-hidden': 'true' }, bar(sum.cost / max)))))));
}

// A bar's width is set through the CSSOM (allowed by the CSP), not a style attribute (which it refuses).
function bar(fraction) {
  const el = h('div', { class: 'bar' });
  el.style.width = `${Math.round(Math.max(0, Math.min(1, fraction)) * 100)}%`;
  return el;
}
