// The event history as a virtualized table: fixed-height rows, only those on screen are in the
// DOM, so 10,000 events render as fast as 10. A side panel shows the selected event in full.
import { clear, h } from './dom.js';
import { fmtClock, fmtDuration, fmtTime } from './format.js';
import { attributesOf, CATEGORIES, summarize } from './events.js';
import { isPayload, renderPayload, renderPayloads } from './payloads.js';
import { renderFailure } from './failure.js';
import { uiRunUrl } from './api.js';

const ROW = 26;
const OVERSCAN = 12;

const isFailure = (v) => v && typeof v === 'object' && ('message' in v || 'cause' in v) && Object.keys(v).some((k) => k.endsWith('FailureInfo') || k === 'cause' || k === 'stackTrace' || k === 'source');

export class HistoryTable {
  constructor(model, namespace) {
    this.model = model;
    this.namespace = namespace;
    this.filter = '';
    this.category = 'all';
    this.rows = [];
    this.selected = null;
    this.rendered = new Map();

    this.viewport = h('div', { class: 'vt-viewport', tabindex: '0', role: 'grid', 'aria-label': 'Event history', 'data-testid': 'history-table' });
    this.spacer = h('div', { class: 'vt-spacer' });
    this.viewport.append(this.spacer);
    this.viewport.addEventListener('scroll', () => this.#schedule());
    this.viewport.addEventListener('keydown', (ev) => this.#key(ev));
    this.viewport.addEventListener('click', (ev) => {
      const row = ev.target.closest('.vt-row');
      if (row) this.select(Number(row.dataset.eventId), false);
    });
    this.countLabel = h('span', { class: 'count' });
    this.filterInput = h('input', { class: 'input', type: 'search', placeholder: 'Filter events  ( / )', 'aria-label': 'Filter events', 'data-testid': 'event-filter', style: 'width: 240px' });
    this.filterInput.addEventListener('input', () => { this.filter = this.filterInput.value.trim().toLowerCase(); this.refilter(); });
    this.filterInput.addEventListener('keydown', (ev) => { if (ev.key === 'ArrowDown') { ev.preventDefault(); this.viewport.focus(); this.#move(1); } });
    this.categorySelect = h('select', { class: 'input', 'aria-label': 'Event category' }, CATEGORIES.map(([value, label]) => h('option', { value }, label)));
    this.categorySelect.addEventListener('change', () => { this.category = this.categorySelect.value; this.refilter(); });
    this.detail = h('div', { class: 'detail', 'data-testid': 'event-detail' });
    this.layout = h('div', { class: 'history-layout no-detail' },
      h('div', { class: 'vt' },
        h('div', { class: 'vt-head', role: 'row' }, h('div', { style: 'text-align:right' }, 'ID'), h('div', null, 'Time'), h('div', { style: 'text-align:right' }, 'Elapsed'), h('div', null, 'Event'), h('div', null, 'Details')),
        this.viewport),
      this.detail);
    this.element = h('div', { class: 'panel section', id: 'history' },
      h('div', { class: 'panel-head' }, h('h2', null, 'Event history ', this.countLabel), h('div', { class: 'spacer' }),
        h('div', { class: 'filterbar' }, this.categorySelect, this.filterInput)),
      this.layout);
    this.refilter();
  }

  #matches(e) {
    if (this.category !== 'all' && e.category !== this.category) return false;
    if (!this.filter) return true;
    if (e._search === undefined) e._search = `${e.id} ${e.type} ${JSON.stringify(attributesOf(e))}`.toLowerCase();
    return e._search.includes(this.filter);
  }

  refilter() {
    this.rows = this.model.events.filter((e) => this.#matches(e));
    this.#sized();
    this.#render(true);
  }

  /** New events from the live long poll; keeps following the end if the view was there. */
  append(events) {
    const atEnd = this.viewport.scrollTop + this.viewport.clientHeight >= this.spacer.offsetHeight - ROW * 2;
    for (const e of events) if (this.#matches(e)) this.rows.push(e);
    this.#sized();
    if (atEnd) this.viewport.scrollTop = this.spacer.offsetHeight;
    this.#render(true);
  }

  #sized() {
    this.spacer.style.height = `${this.rows.length * ROW}px`;
    // Short histories get a short table; long ones scroll inside a fixed window.
    this.viewport.style.height = `${Math.min(520, Math.max(4, this.rows.length) * ROW + 2)}px`;
    const total = this.model.events.length;
    this.countLabel.textContent = this.rows.length === total ? `${total.toLocaleString('en-US')} events` : `${this.rows.length.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} events`;
  }

  #schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.#render(false); });
  }

  #render(force) {
    const top = this.viewport.scrollTop;
    const height = this.viewport.clientHeight || 520;
    const first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
    const last = Math.min(this.rows.length, Math.ceil((top + height) / ROW) + OVERSCAN);
    if (force) { this.rendered.forEach((el) => el.remove()); this.rendered.clear(); }
    const keep = new Set();
    for (let i = first; i < last; i++) {
      const e = this.rows[i];
      keep.add(e.id);
      let el = this.rendered.get(e.id);
      if (!el) {
        el = this.#row(e);
        this.rendered.set(e.id, el);
        this.spacer.append(el);
      }
      el.style.transform = `translateY(${i * ROW}px)`;
    }
    for (const [id, el] of this.rendered) if (!keep.has(id)) { el.remove(); this.rendered.delete(id); }
  }

  #row(e) {
    const start = this.model.start;
    return h('div', { class: `vt-row c-${e.category}${this.selected === e.id ? ' selected' : ''}`, role: 'row', dataset: { eventId: e.id, eventType: e.type } },
      h('div', { class: 'id' }, e.id),
      h('div', { class: 'time', title: fmtTime(e.time) }, fmtClock(e.time)),
      h('div', { class: 'delta' }, e.time !== null && start !== null ? `+${fmtDuration(e.time - start)}` : ''),
      h('div', null, h('span', { class: `etype c-${e.category}` }, e.type)),
      h('div', { class: 'summary' }, summarize(e, this.model)));
  }

  select(id, scroll = true) {
    const index = this.rows.findIndex((e) => e.id === id);
    if (index < 0 && this.model.byId.has(id)) {
      // Selected from the timeline but hidden by the filter: clear the filter.
      this.filterInput.value = ''; this.filter = ''; this.category = 'all'; this.categorySelect.value = 'all';
      this.refilter();
      return this.select(id, scroll);
    }
    this.selected = id;
    for (const [rid, el] of this.rendered) el.classList.toggle('selected', rid === id);
    if (scroll && index >= 0) {
      const y = index * ROW;
      if (y < this.viewport.scrollTop || y > this.viewport.scrollTop + this.viewport.clientHeight - ROW) this.viewport.scrollTop = Math.max(0, y - this.viewport.clientHeight / 3);
      this.#render(false);
    }
    this.#showDetail(this.model.byId.get(id));
  }

  #move(delta) {
    if (!this.rows.length) return;
    const index = this.rows.findIndex((e) => e.id === this.selected);
    const next = Math.min(this.rows.length - 1, Math.max(0, index < 0 ? 0 : index + delta));
    this.select(this.rows[next].id);
  }

  #key(ev) {
    const moves = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1, PageDown: 20, PageUp: -20 };
    if (ev.key in moves) { ev.preventDefault(); this.#move(moves[ev.key]); }
    else if (ev.key === 'Home') { ev.preventDefault(); this.#move(-Infinity); }
    else if (ev.key === 'End') { ev.preventDefault(); this.#move(Infinity); }
    else if (ev.key === 'Escape') { this.selected = null; this.layout.classList.add('no-detail'); this.#render(true); }
  }

  #showDetail(e) {
    clear(this.detail);
    if (!e) { this.layout.classList.add('no-detail'); return; }
    this.layout.classList.remove('no-detail');
    const close = h('button', { class: 'btn btn-ghost btn-icon btn-small', title: 'Close (Esc)', 'aria-label': 'Close event details', onclick: () => { this.selected = null; this.layout.classList.add('no-detail'); this.#render(true); } }, '✕');
    this.detail.append(
      h('div', { class: 'detail-head' },
        h('div', { style: 'display:flex;align-items:center;gap:8px' }, h('span', { class: `etype c-${e.category}` }, e.type), h('span', { class: 'muted mono' }, `#${e.id}`), h('span', { style: 'flex:1' }), close),
        h('div', { class: 'muted', style: 'font-size:11.5px;margin-top:2px' }, fmtTime(e.time), e.taskId ? `  · task ${e.taskId}` : '')),
      h('div', { class: 'detail-body' }, this.#tree(attributesOf(e))));
  }

  #tree(obj) {
    const rows = [];
    for (const [key, value] of Object.entries(obj)) {
      if (key.startsWith('_')) continue;
      rows.push(h('tr', null, h('td', { class: 'k' }, key), h('td', { class: 'v' }, this.#value(key, value))));
    }
    return rows.length ? h('table', { class: 'attr-table' }, rows) : h('div', { class: 'muted' }, 'No attributes.');
  }

  #value(key, value) {
    if (value === null || typeof value !== 'object') return String(value);
    if (isPayload(value)) return renderPayload(value);
    if (Array.isArray(value.payloads)) return renderPayloads(value);
    if (isFailure(value)) return renderFailure(value);
    if (value.workflowId && 'runId' in value && key !== 'execution') {
      return h('a', { href: uiRunUrl(this.namespace, value.workflowId, value.runId), 'data-nav': '' }, `${value.workflowId} / ${value.runId}`);
    }
    if (Array.isArray(value)) return value.length ? h('div', null, value.map((v, i) => h('div', null, this.#value(`${key}[${i}]`, v)))) : '[]';
    if (key === 'fields' || key === 'indexedFields') {
      return this.#tree(Object.fromEntries(Object.entries(value)));
    }
    return this.#tree(value);
  }
}
