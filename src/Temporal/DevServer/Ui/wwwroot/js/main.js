// Router and page chrome: deep links like /namespaces/default/workflows/{id}/{runId}, the
// namespace picker, codec settings and global keyboard shortcuts.
import { api, uiListUrl } from './api.js';
import { codecEndpoint, setCodecEndpoint } from './payloads.js';
import { showList } from './list.js';
import { showWorkflow } from './workflow.js';
import { showSchedules } from './schedules.js';

const root = document.getElementById('app');
let controller = new AbortController();

function parseRoute(pathname) {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'namespaces' && parts[1] && parts[2] === 'schedules' && parts.length === 3) return { view: 'schedules', ns: parts[1] };
  if (parts[0] === 'namespaces' && parts[1] && parts[2] === 'workflows') {
    if (parts.length === 3) return { view: 'list', ns: parts[1] };
    return { view: 'workflow', ns: parts[1], workflowId: parts[3], runId: parts[4] || '' };
  }
  return null;
}

export function navigate(url, replace = false) {
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render();
}

async function render() {
  controller.abort();
  controller = new AbortController();
  const route = parseRoute(location.pathname);
  if (!route) { navigate(uiListUrl(localStorage.getItem('contentflows.ui.namespace') || 'default'), true); return; }
  localStorage.setItem('contentflows.ui.namespace', route.ns);
  delete root.dataset.loaded;
  delete root._keys;
  delete root._view;
  syncNamespace(route.ns);
  document.getElementById('nav-workflows').classList.toggle('active', route.view === 'list');
  document.getElementById('nav-workflows').setAttribute('href', uiListUrl(route.ns));
  document.getElementById('nav-schedules').classList.toggle('active', route.view === 'schedules');
  document.getElementById('nav-schedules').setAttribute('href', `/namespaces/${encodeURIComponent(route.ns)}/schedules`);
  document.title = route.view === 'list' ? `Workflows · ${route.ns}` : route.view === 'schedules' ? `Schedules · ${route.ns}` : `${route.workflowId} · ${route.ns}`;
  window.scrollTo(0, 0);
  if (route.view === 'schedules') await showSchedules(root, route, controller.signal);
  else if (route.view === 'list') await showList(root, { ns: route.ns, params: new URLSearchParams(location.search) }, controller.signal, navigate);
  else await showWorkflow(root, route, controller.signal);
}

const nsSelect = document.getElementById('namespace-select');
async function loadNamespaces() {
  try {
    const list = await api('/namespaces');
    const names = (list.namespaces || []).map((n) => n.namespaceInfo?.name).filter(Boolean);
    const current = nsSelect.value;
    nsSelect.replaceChildren(...names.map((n) => new Option(n, n)));
    if (current) syncNamespace(current);
  } catch { /* the picker stays empty; routes still work */ }
}
function syncNamespace(ns) {
  if (![...nsSelect.options].some((o) => o.value === ns)) nsSelect.append(new Option(ns, ns));
  nsSelect.value = ns;
}
nsSelect.addEventListener('change', () => navigate(uiListUrl(nsSelect.value)));

// Codec endpoint: stored per browser; a change re-renders the page with the payloads decoded.
const codecDialog = document.getElementById('codec-dialog');
const codecInput = document.getElementById('codec-endpoint');
function showCodecState() { document.getElementById('codec-state').textContent = codecEndpoint() ? 'on' : 'off'; }
document.getElementById('codec-button').addEventListener('click', () => { codecInput.value = codecEndpoint(); codecDialog.showModal(); });
codecDialog.addEventListener('close', () => {
  if (codecDialog.returnValue === 'save') setCodecEndpoint(codecInput.value.trim());
  else if (codecDialog.returnValue === 'clear') setCodecEndpoint('');
  else return;
  showCodecState();
  render();
});
document.getElementById('help-button').addEventListener('click', () => document.getElementById('help-dialog').showModal());

// In-app links navigate without reloading.
document.addEventListener('click', (ev) => {
  const a = ev.target.closest('a[data-nav]');
  if (!a || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.button !== 0) return;
  ev.preventDefault();
  navigate(a.getAttribute('href'));
});
window.addEventListener('popstate', render);

let pendingG = false;
document.addEventListener('keydown', (ev) => {
  const target = ev.target;
  if (ev.key === 'Escape' && target instanceof HTMLElement && target.matches('input, textarea, select')) { target.blur(); return; }
  if (ev.metaKey || ev.ctrlKey || ev.altKey || target instanceof HTMLElement && target.matches('input, textarea, select') || document.querySelector('dialog[open]')) return;
  if (pendingG) {
    pendingG = false;
    if (ev.key === 'w') { navigate(uiListUrl(nsSelect.value || 'default')); return; }
  }
  if (ev.key === 'g') { pendingG = true; return; }
  if (ev.key === '?') { document.getElementById('help-dialog').showModal(); return; }
  if (root._keys?.(ev)) return;
  if (ev.key === '/') {
    const filter = root.querySelector('[data-testid=event-filter]');
    if (filter) { ev.preventDefault(); filter.focus(); }
  } else if (ev.key === 's' && root._view) {
    ev.preventDefault();
    root._view.openSignal();
  } else if ((ev.key === 'j' || ev.key === 'k') && root._view) {
    root.querySelector('[data-testid=history-table]')?.focus();
  }
});

showCodecState();
loadNamespaces();
render();
