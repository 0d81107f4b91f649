// A small element builder: h('div', { class: 'x', onclick: fn }, child, 'text', [more]).
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'text') el.textContent = value;
    else if (key === 'value') el.value = value;
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
  const toast = h('div', { class: isError ? 'toast toast-error' : 'toast', 'data-testid': 'toast' }, message);
  document.body.append(toast);
  setTimeout(() => toast.remove(), isError ? 8000 : 4000);
}

export function relativeTime(iso) {
  const seconds = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

// Run ids are UUIDv7: the leading digits are a timestamp shared by runs started together, the tail is random.
export const shortId = (id) => `…${id.slice(-8)}`;
