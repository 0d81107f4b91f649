// The schedules list: each schedule's spec in words, paused state and note, next runs and recent actions.
import { api, uiRunUrl } from './api.js';
import { h } from './dom.js';
import { durationMillis, fmtDuration, fmtTime, plural, statusName } from './format.js';

// One field's ranges as cron-like text; the whole domain reads "*".
function ranges(list, { names, min, max, width = 1 } = {}) {
  if (!list || list.length === 0) return '*';
  const r0 = list[0];
  if (list.length === 1 && (r0.start || 0) === min && r0.end === max && !(r0.step > 1)) return '*';
  const show = (v) => (names ? names[v] : String(v).padStart(width, '0'));
  return list.map((r) => {
    const start = r.start || 0;
    const end = r.end && r.end !== start ? `-${show(r.end)}` : '';
    const step = r.step > 1 ? `/${r.step}` : '';
    return `${show(start)}${end}${step}`;
  }).join(',');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

// Temporal's canonical spec: intervals and structured calendars (cron strings arrive converted).
export function specSummary(spec) {
  if (!spec) return '';
  const parts = [];
  for (const iv of spec.interval || []) {
    const phase = durationMillis(iv.phase);
    parts.push(`every ${fmtDuration(durationMillis(iv.interval))}${phase ? ` (offset ${fmtDuration(phase)})` : ''}`);
  }
  for (const c of spec.structuredCalendar || []) {
    const time = `${ranges(c.hour, { min: 0, max: 23 })}:${ranges(c.minute, { min: 0, max: 59, width: 2 })}:${ranges(c.second, { min: 0, max: 59, width: 2 })}`;
    const days = [`day ${ranges(c.dayOfMonth, { min: 1, max: 31 })}`, `month ${ranges(c.month, { min: 1, max: 12 })}`, `weekday ${ranges(c.dayOfWeek, { names: DAYS, min: 0, max: 6 })}`];
    if (c.year?.length) days.push(`year ${ranges(c.year)}`);
    parts.push(`at ${time}, ${days.join(', ')}${c.comment ? ` (${c.comment})` : ''}`);
  }
  if ((spec.excludeStructuredCalendar || []).length) parts.push(`skipping ${spec.excludeStructuredCalendar.length} calendar(s)`);
  if (spec.timezoneName) parts.push(`in ${spec.timezoneName}`);
  if (spec.jitter) parts.push(`jitter ${fmtDuration(durationMillis(spec.jitter))}`);
  return parts.join('; ');
}

export async function showSchedules(root, { ns }, signal) {
  const body = h('tbody');
  const total = h('span', { class: 'muted', 'data-testid': 'schedule-count' });
  const error = h('div', { class: 'error-box', hidden: true, 'data-testid': 'schedules-error' });
  root.replaceChildren(
    h('div', { class: 'page-title' }, h('h1', null, 'Schedules'), h('span', { class: 'muted' }, ns)),
    h('div', { class: 'panel' },
      h('div', { class: 'toolbar' }, total, h('span', { class: 'spacer' }), h('button', { type: 'button', class: 'btn', title: 'Refresh (r)', onclick: () => load() }, '⟳')),
      error,
      h('div', { class: 'table-scroll' }, h('table', { class: 'grid', 'data-testid': 'schedules-table' },
        h('thead', null, h('tr', null, ['Schedule ID', 'Workflow type', 'Spec', 'State', 'Next runs', 'Recent actions'].map((c) => h('th', null, c)))),
        body))));
  root._keys = (ev) => {
    if (ev.key !== 'r') return false;
    load();
    return true;
  };

  async function load() {
    try {
      const list = await api(`/namespaces/${encodeURIComponent(ns)}/schedules`, { signal });
      const schedules = list.schedules || [];
      total.textContent = plural(schedules.length, 'schedule');
      error.hidden = true;
      body.replaceChildren(...schedules.map((s) => row(s)));
      root.dataset.loaded = 'true';
    } catch (e) {
      if (e.name === 'AbortError') return;
      error.hidden = false;
      error.textContent = e.message;
    }
  }

  function row(s) {
    const info = s.info || {};
    return h('tr', { 'data-testid': 'schedule-row', dataset: { scheduleId: s.scheduleId } },
      h('td', { class: 'mono' }, s.scheduleId),
      h('td', null, info.workflowType?.name || ''),
      h('td', { 'data-testid': 'schedule-spec' }, specSummary(info.spec)),
      h('td', null, info.paused ? h('span', { class: 'badge' }, 'Paused') : 'Active', info.notes ? h('div', { class: 'muted' }, info.notes) : null),
      h('td', { 'data-testid': 'schedule-next' }, (info.futureActionTimes || []).map((t) => h('div', { class: 'mono' }, fmtTime(t)))),
      h('td', null, (info.recentActions || []).map((a) => {
        const wf = a.startWorkflowResult || {};
        return h('div', null,
          h('a', { href: uiRunUrl(ns, wf.workflowId, wf.runId), 'data-nav': true, class: 'mono' }, wf.workflowId),
          ' ', h('span', { class: 'muted' }, statusName(a.startWorkflowStatus)));
      })));
  }

  await load();
}
