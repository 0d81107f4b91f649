// Formatting of protobuf JSON values: timestamps, durations, enum names.
const pad = (n, w = 2) => String(n).padStart(w, '0');

export function tsMillis(ts) {
  if (!ts) return null;
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? null : ms;
}

export function fmtTime(ts) {
  const ms = typeof ts === 'number' ? ts : tsMillis(ts);
  if (ms === null) return '';
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function fmtClock(ms) {
  if (ms === null || ms === undefined) return '';
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export function fmtDuration(ms) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return '';
  if (ms < 0) ms = 0;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const s = Math.floor(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

// Protobuf JSON durations look like "10s" or "0.100s".
export function durationMillis(value) {
  if (!value) return null;
  const match = /^(-?\d+(?:\.\d+)?)s$/.exec(value);
  return match ? Number(match[1]) * 1000 : null;
}

function pascal(upper) {
  return upper.toLowerCase().split('_').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

export function enumName(value, prefix) {
  if (!value) return '';
  return pascal(value.startsWith(prefix) ? value.slice(prefix.length) : value);
}

export const eventTypeName = (v) => enumName(v, 'EVENT_TYPE_');
export const statusName = (v) => enumName(v || 'WORKFLOW_EXECUTION_STATUS_UNSPECIFIED', 'WORKFLOW_EXECUTION_STATUS_');

export function shortId(id) {
  return id && id.length > 12 ? `${id.slice(0, 8)}…` : id || '';
}

export function plural(n, word) {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}
