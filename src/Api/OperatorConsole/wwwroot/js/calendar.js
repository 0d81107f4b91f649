// The content calendar: runs' scheduled (and done) publications and the next actions of recurring schedules, on a
// week or month grid (Monday first) in the project's time zone, from GET /api/calendar. The period is in the address.
import * as cf from './api.js';
import { h, emptyState, errorBox, shortId, labelled } from './dom.js';

const DAY = 86400000;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const iso = (date) => date.toISOString().slice(0, 10);
// Dates are calendar days, computed in UTC so no local offset or DST shifts them.
const parse = (text) => (/^\d{4}-\d{2}-\d{2}$/.test(text || '') ? new Date(`${text}T00:00:00Z`) : null);
const monday = (date) => new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * DAY);

export async function renderCalendar(view, params) {
  const mode = params.get('view') === 'week' ? 'week' : 'month';
  const today = parse(new Date().toISOString().slice(0, 10));
  const anchor = parse(params.get('date')) || today;
  const channel = params.get('channel') || '';
  let start; let end; let title;
  if (mode === 'week') {
    start = monday(anchor);
    end = new Date(start.getTime() + 7 * DAY);
    title = `Week of ${start.toLocaleDateString(undefined, { dateStyle: 'medium', timeZone: 'UTC' })}`;
  } else {
    const first = new Date(Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth(), 1));
    start = monday(first);
    const next = new Date(Date.UTC(anchor.getUTCFullYear(), anchor.getUTCMonth() + 1, 1));
    end = new Date(monday(new Date(next.getTime() + 6 * DAY)).getTime());
    title = first.toLocaleDateString(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  }
  const shift = (direction) => {
    const d = new Date(anchor);
    if (mode === 'week') d.setUTCDate(d.getUTCDate() + 7 * direction); else d.setUTCMonth(d.getUTCMonth() + direction, 1);
    return iso(d);
  };
  const link = (changes) => {
    const next = new URLSearchParams({ view: mode, date: iso(anchor), ...(channel ? { channel } : {}), ...changes });
    for (const [k, v] of [...next.entries()]) if (!v) next.delete(k);
    return `#/calendar?${next}`;
  };

  const channelInput = h('input', { id: 'calendar-channel', class: 'input', value: channel, placeholder: 'All channels', 'data-testid': 'calendar-channel' });
  const filter = h('form', { class: 'calendar-filter', 'aria-label': 'Channel' }, labelled('calendar-channel', 'Channel', channelInput),
    h('button', { type: 'submit', class: 'btn' }, 'Filter'));
  filter.addEventListener('submit', (ev) => { ev.preventDefault(); location.hash = link({ channel: channelInput.value.trim() }); });
  const head = h('div', { class: 'page-head' },
    h('h1', { 'data-testid': 'calendar-title' }, `Calendar · ${title}`), h('span', { class: 'spacer' }),
    h('nav', { class: 'actions', 'aria-label': 'Period' },
      h('a', { class: 'btn', href: link({ date: shift(-1) }), 'data-testid': 'calendar-previous' }, mode === 'week' ? '← Previous week' : '← Previous month'),
      h('a', { class: 'btn', href: link({ date: iso(today) }), 'data-testid': 'calendar-today' }, 'Today'),
      h('a', { class: 'btn', href: link({ date: shift(1) }), 'data-testid': 'calendar-next' }, mode === 'week' ? 'Next week →' : 'Next month →')),
    h('nav', { class: 'actions segmented', 'aria-label': 'View' },
      h('a', { class: 'btn', href: link({ view: 'week' }), 'aria-current': mode === 'week' ? 'true' : null, 'data-testid': 'calendar-week' }, 'Week'),
      h('a', { class: 'btn', href: link({ view: 'month' }), 'aria-current': mode === 'month' ? 'true' : null, 'data-testid': 'calendar-month' }, 'Month')));
  const body = h('section', { class: 'panel', 'aria-busy': 'true' }, h('p', { class: 'panel-body muted' }, 'Loading the calendar…'));
  view.replaceChildren(head, h('section', { class: 'panel' }, filter), body);

  let calendar;
  try {
    calendar = await cf.api(`/api/calendar?from=${iso(start)}T00:00:00&to=${iso(end)}T00:00:00${channel ? `&channel=${encodeURIComponent(channel)}` : ''}`);
  } catch (error) {
    body.replaceChildren(errorBox(cf.describeError(error, 'load the calendar')));
    body.setAttribute('aria-busy', 'false');
    return;
  }
  body.setAttribute('aria-busy', 'false');
  // Placed by their local time in the project's zone (atLocal), which the team plans in.
  const byDay = new Map();
  for (const entry of calendar.entries) {
    const day = entry.atLocal.slice(0, 10);
    if (!byDay.has(day)) byDay.set(day, []);
    byDay.get(day).push(entry);
  }
  const days = [];
  for (let t = start.getTime(); t < end.getTime(); t += DAY) days.push(new Date(t));
  const weeks = [];
  for (let i = 0; i < days.length; i += 7) weeks.push(days.slice(i, i + 7));
  const month = anchor.getUTCMonth();
  body.replaceChildren(
    h('p', { class: 'panel-body muted', 'data-testid': 'calendar-zone' }, `Times in ${calendar.timeZone}. ${calendar.entries.length === 0 ? '' : `${calendar.entries.length} entries.`}`),
    calendar.entries.length === 0 ? emptyState('Nothing scheduled in this period', 'Publications appear once an approved run waits for its time; recurring schedules show their next actions.', 'calendar-empty') : null,
    h('table', { class: `calendar calendar-${mode}`, 'data-testid': 'calendar-grid' },
      h('caption', { class: 'visually-hidden' }, `${title}: publications and schedule actions by day`),
      h('thead', {}, h('tr', {}, WEEKDAYS.map((d) => h('th', { scope: 'col' }, d)))),
      h('tbody', {}, weeks.map((week) => h('tr', {}, week.map((day) => {
        const key = iso(day);
        const entries = byDay.get(key) || [];
        return h('td', { 'data-date': key, class: [mode === 'month' && day.getUTCMonth() !== month ? 'other-month' : '', key === iso(today) ? 'today' : ''].join(' ').trim() || null },
          h('span', { class: 'day-number', 'aria-label': day.toLocaleDateString(undefined, { dateStyle: 'full', timeZone: 'UTC' }) }, `${day.getUTCDate()}`),
          entries.length ? h('ul', { class: 'entries' }, entries.map(entryItem)) : null);
      }))))));
}

function entryItem(entry) {
  const time = entry.atLocal.slice(11, 16);
  if (entry.kind === 'publication') {
    return h('li', { class: `entry entry-publication entry-${entry.status || 'scheduled'}`, 'data-testid': 'calendar-entry', 'data-kind': 'publication' },
      h('a', { href: `#/runs/${entry.runId}`, title: `Run ${entry.runId}` }, `${time} ${entry.channel}`),
      h('span', { class: 'entry-meta' }, `${entry.status || 'scheduled'} · run ${shortId(entry.runId)}`));
  }
  return h('li', { class: `entry entry-schedule${entry.paused ? ' entry-paused' : ''}`, 'data-testid': 'calendar-entry', 'data-kind': 'schedule' },
    h('span', {}, `${time} ${entry.scheduleName}`),
    h('span', { class: 'entry-meta' }, `${entry.channel || 'no channel'}${entry.paused ? ' · paused' : ''}`));
}
