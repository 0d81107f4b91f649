// A small element builder: h('div', { class: 'x', onclick: fn }, child, 'text', [more]). Text is always text
// (textContent / text nodes), never parsed as HTML.
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'value') el.value = value;
    else if (key === 'checked') el.checked = Boolean(value);
    else el.setAttribute(key, value === true ? '' : value);
  }
  appendAll(el, children);
  return el;
}

function appendAll(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) appendAll(el, child);
    else el.append(child instanceof Node ? child : String(child));
  }
}

// Tells screen readers what just happened (the region is aria-live) and shows it briefly on screen.
export function announce(message, isError = false) {
  document.getElementById('announcer').textContent = message;
  // Toasts stack in one corner instead of covering each other.
  let stack = document.getElementById('toasts');
  if (!stack) { stack = h('div', { id: 'toasts', class: 'toasts' }); document.body.append(stack); }
  const toast = h('div', { class: isError ? 'toast toast-error' : 'toast', 'data-testid': 'toast' }, message);
  stack.append(toast);
  setTimeout(() => toast.remove(), isError ? 8000 : 4000);
}

export const stateBadge = (state) => h('span', { class: `state state-${state}`, 'data-testid': 'state' }, state.replaceAll('-', ' '));
export const emptyState = (title, text, testId) => h('div', { class: 'empty-state', 'data-testid': testId || 'empty' }, h('h2', {}, title), h('p', {}, text));
export const errorBox = (message) => h('div', { class: 'error-box', role: 'alert', 'data-testid': 'error' }, message);
export const dateTime = (iso) => (iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '');
export const money = (value, currency) => (!currency || currency === 'USD')
  ? `$${Number(value || 0).toFixed(4)}`
  : `${Number(value || 0).toFixed(4)} ${currency}`;
// A report's totals, one per currency (the API never adds amounts in different currencies).
export const totalsText = (totals) => ({
  cost: totals.length === 0 ? money(0) : totals.map((t) => money(t.cost, t.currency)).join(' + '),
  calls: totals.reduce((n, t) => n + Number(t.calls), 0),
  tokens: totals.reduce((n, t) => n + Number(t.totalTokens), 0),
});
export const shortId = (id) => `…${id.slice(-8)}`;
// A control with its visible label above it.
export const labelled = (id, text, control) => h('div', {}, h('label', { for: id }, text), control);
