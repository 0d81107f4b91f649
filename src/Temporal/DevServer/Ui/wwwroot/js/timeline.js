// A compact timeline on one canvas: a lane per activity, timer and child workflow, and one for
// signals. Only lanes in view are drawn, so thousands of lanes cost what a screenful costs.
import { h } from './dom.js';
import { fmtDuration, fmtTime, plural } from './format.js';

const LABEL_W = 240;
const LANE_H = 20;
const AXIS_H = 22;
const MAX_H = 340;
const COLORS = {
  Completed: '#16a34a', Failed: '#dc2626', TimedOut: '#ea580c', Canceled: '#ca8a04', Terminated: '#52525b',
  Running: '#2563eb', Scheduled: '#94a3b8', Pending: '#94a3b8', timer: '#d97706', signal: '#0d9488', workflow: '#141a2e',
};

export class Timeline {
  constructor(model, onSelect) {
    this.model = model;
    this.onSelect = onSelect;
    this.lanes = [];
    this.canvas = h('canvas', { 'data-testid': 'timeline-canvas', 'aria-label': 'Timeline of activities, timers and child workflows', role: 'img' });
    this.spacer = h('div');
    this.wrap = h('div', { class: 'timeline-wrap' }, this.canvas, this.spacer);
    this.tip = h('div', { class: 'timeline-tip', hidden: true });
    this.count = h('span', { class: 'count' });
    this.element = h('div', { class: 'panel section', id: 'timeline' },
      h('div', { class: 'panel-head' }, h('h2', null, 'Timeline ', this.count), h('div', { class: 'spacer' }),
        h('div', { class: 'legend' }, ['Completed', 'Failed', 'Running', 'Scheduled'].map((s) => h('span', null, h('i', { style: `background:${COLORS[s]}` }), s)),
          h('span', null, h('i', { style: `background:${COLORS.timer}` }), 'Timer'), h('span', null, h('i', { style: `background:${COLORS.signal}` }), 'Signal'))),
      this.wrap, this.tip);
    this.wrap.addEventListener('scroll', () => this.draw());
    this.canvas.addEventListener('mousemove', (ev) => this.#hover(ev));
    this.canvas.addEventListener('mouseleave', () => { this.tip.hidden = true; });
    this.canvas.addEventListener('click', (ev) => { const hit = this.#hit(ev); if (hit?.eventId) this.onSelect(hit.eventId); });
    this.resize = new ResizeObserver(() => this.draw());
    this.resize.observe(this.wrap);
    this.refresh();
  }

  destroy() {
    this.resize.disconnect();
    clearInterval(this.ticker);
  }

  refresh() {
    const m = this.model;
    const lanes = [{ kind: 'workflow', label: 'Workflow run', start: m.start, end: m.closeEvent ? m.end : null, status: m.closeEvent ? 'Completed' : 'Running', eventId: 1 }];
    for (const a of m.activities.values()) {
      lanes.push({ kind: 'activity', label: `${a.type} · ${a.activityId}`, start: a.start, startedAt: a.startedAt, end: a.end, status: a.status, attempt: a.attempt, eventId: a.id });
    }
    for (const t of m.timers.values()) lanes.push({ kind: 'timer', label: `Timer ${t.timerId}`, start: t.start, end: t.end, due: t.due, status: t.status, eventId: t.id });
    for (const c of m.children.values()) lanes.push({ kind: 'child', label: `Child ${c.type} · ${c.workflowId}`, start: c.start, end: c.end, status: c.status, eventId: c.id });
    for (const u of m.updates.values()) lanes.push({ kind: 'update', label: `Update ${u.name} · ${u.updateId}`, start: u.start, end: u.end, status: u.status, eventId: u.id });
    if (m.signals.length) lanes.push({ kind: 'signals', label: `Signals (${m.signals.length})`, ticks: m.signals });
    this.lanes = lanes;
    this.count.textContent = plural(lanes.length - 1, 'lane');
    const total = AXIS_H + lanes.length * LANE_H + 4;
    this.viewH = Math.min(total, MAX_H);
    this.spacer.style.height = `${total - this.viewH}px`;
    clearInterval(this.ticker);
    // Open runs: bars of running work grow with the clock; once a second is plenty.
    if (!m.closeEvent) this.ticker = setInterval(() => this.draw(), 1000);
    this.draw();
  }

  #domain() {
    const m = this.model;
    const t0 = m.start ?? Date.now();
    let t1 = m.closeEvent ? m.end : Math.max(m.end ?? t0, Date.now());
    if (t1 <= t0) t1 = t0 + 1;
    return [t0, t1 + (t1 - t0) * 0.02];
  }

  draw() {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => { this.pending = 0; this.#draw(); });
  }

  #draw() {
    const width = this.wrap.clientWidth;
    if (!width) return;
    const dpr = window.devicePixelRatio || 1;
    const height = this.viewH;
    if (this.canvas.width !== Math.round(width * dpr) || this.canvas.height !== Math.round(height * dpr)) {
      this.canvas.width = Math.round(width * dpr);
      this.canvas.height = Math.round(height * dpr);
      this.canvas.style.width = `${width}px`;
      this.canvas.style.height = `${height}px`;
    }
    const ctx = this.canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const [t0, t1] = this.#domain();
    const plotW = width - LABEL_W - 16;
    const x = (t) => LABEL_W + ((t - t0) / (t1 - t0)) * plotW;
    this.scale = { t0, t1, x, plotW };
    ctx.font = '11.5px Inter, ui-sans-serif, system-ui, sans-serif';
    ctx.textBaseline = 'middle';

    const scroll = this.wrap.scrollTop;
    const first = Math.floor(scroll / LANE_H);
    const last = Math.min(this.lanes.length, Math.ceil((scroll + height - AXIS_H) / LANE_H) + 1);
    const now = Date.now();
    for (let i = first; i < last; i++) {
      const lane = this.lanes[i];
      const y = AXIS_H + i * LANE_H - scroll;
      if (i % 2 === 1) { ctx.fillStyle = '#fafbfd'; ctx.fillRect(0, y, width, LANE_H); }
      ctx.fillStyle = '#4a5168';
      ctx.fillText(clip(ctx, lane.label, LABEL_W - 16), 10, y + LANE_H / 2);
      if (lane.kind === 'signals') {
        ctx.fillStyle = COLORS.signal;
        for (const s of lane.ticks) ctx.fillRect(Math.round(x(s.time)) - 1, y + 4, 3, LANE_H - 8);
        continue;
      }
      const end = lane.end ?? (lane.kind === 'timer' ? Math.min(now, lane.due) : now);
      const color = lane.kind === 'timer' ? COLORS.timer : lane.kind === 'workflow' ? COLORS.workflow : COLORS[lane.status] || COLORS.Running;
      const x0 = x(lane.start);
      if (lane.kind === 'activity' && lane.startedAt && lane.startedAt > lane.start) {
        // Waiting in the task queue (and between retries): a pale segment before the solid one.
        ctx.fillStyle = `${color}40`;
        ctx.fillRect(x0, y + 5, Math.max(1, x(lane.startedAt) - x0), LANE_H - 10);
      }
      const barStart = lane.kind === 'activity' && lane.startedAt ? x(lane.startedAt) : x0;
      const w = Math.max(2, x(end) - barStart);
      ctx.fillStyle = lane.kind === 'workflow' ? '#c7cde0' : color;
      roundRect(ctx, barStart, y + 4, w, LANE_H - 8, 3);
      if (lane.kind === 'timer' && !lane.end) {
        ctx.strokeStyle = color; ctx.setLineDash([3, 3]);
        ctx.strokeRect(x(end), y + 4.5, Math.max(0, x(lane.due) - x(end)), LANE_H - 9);
        ctx.setLineDash([]);
      }
      const text = barLabel(lane, end);
      const tx = barStart + w + 6;
      ctx.fillStyle = '#7a8199';
      if (tx + ctx.measureText(text).width < width - 4) ctx.fillText(text, tx, y + LANE_H / 2);
    }

    // Axis last, on top of lanes scrolled under it.
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, width, AXIS_H);
    ctx.strokeStyle = '#e3e6ee';
    ctx.beginPath(); ctx.moveTo(0, AXIS_H - 0.5); ctx.lineTo(width, AXIS_H - 0.5); ctx.stroke();
    ctx.fillStyle = '#7a8199';
    const ticks = 6;
    for (let k = 0; k <= ticks; k++) {
      const t = t0 + ((t1 - t0) * k) / ticks;
      const tx = x(t);
      ctx.fillRect(Math.round(tx), AXIS_H - 5, 1, 5);
      const label = `+${fmtDuration(t - t0)}`;
      const lw = ctx.measureText(label).width;
      ctx.fillText(label, Math.min(Math.max(tx - lw / 2, LABEL_W), width - lw - 2), AXIS_H / 2);
    }
    ctx.fillText(fmtTime(t0), 10, AXIS_H / 2);
  }

  #hit(ev) {
    const rect = this.canvas.getBoundingClientRect();
    const y = ev.clientY - rect.top;
    if (y < AXIS_H) return null;
    return this.lanes[Math.floor((y - AXIS_H + this.wrap.scrollTop) / LANE_H)] || null;
  }

  #hover(ev) {
    const lane = this.#hit(ev);
    if (!lane || !this.scale) { this.tip.hidden = true; return; }
    const lines = [h('div', { class: 't' }, lane.label)];
    if (lane.kind === 'signals') {
      const rect = this.canvas.getBoundingClientRect();
      const px = ev.clientX - rect.left;
      const near = lane.ticks.filter((s) => Math.abs(this.scale.x(s.time) - px) < 4).slice(0, 5);
      near.forEach((s) => lines.push(h('div', { class: 'm' }, `#${s.id} ${s.workflowExecutionSignaledEventAttributes?.signalName || ''} at ${fmtTime(s.time)}`)));
    } else {
      const end = lane.end ?? Date.now();
      lines.push(h('div', { class: 'm' }, `${lane.status}${lane.attempt ? ` · attempt ${lane.attempt}` : ''} · ${fmtDuration(end - lane.start)}${lane.end ? '' : ' so far'}`));
      lines.push(h('div', { class: 'm' }, `from ${fmtTime(lane.start)}`));
      if (lane.startedAt) lines.push(h('div', { class: 'm' }, `started ${fmtTime(lane.startedAt)} (waited ${fmtDuration(lane.startedAt - lane.start)})`));
    }
    this.tip.replaceChildren(...lines);
    this.tip.hidden = false;
    this.tip.style.left = `${Math.min(ev.clientX + 14, window.innerWidth - 390)}px`;
    this.tip.style.top = `${ev.clientY + 14}px`;
    this.canvas.style.cursor = lane.eventId ? 'pointer' : 'default';
  }
}

function barLabel(lane, end) {
  const d = fmtDuration(end - lane.start);
  if (lane.kind === 'activity') return `${lane.status} · attempt ${lane.attempt} · ${d}`;
  if (lane.kind === 'timer') return `${lane.status === 'Running' ? 'Waiting' : lane.status} · ${lane.end ? d : fmtDuration(lane.due - lane.start)}`;
  return `${lane.status} · ${d}`;
}

function clip(ctx, text, max) {
  if (ctx.measureText(text).width <= max) return text;
  let lo = 0; let hi = text.length;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (ctx.measureText(`${text.slice(0, mid)}…`).width <= max) lo = mid; else hi = mid - 1; }
  return `${text.slice(0, lo)}…`;
}

function roundRect(ctx, x, y, w, hgt, r) {
  ctx.beginPath();
  ctx.roundRect ? ctx.roundRect(x, y, w, hgt, Math.min(r, w / 2)) : ctx.rect(x, y, w, hgt);
  ctx.fill();
}
