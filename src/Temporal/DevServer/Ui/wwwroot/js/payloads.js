// Payloads as the data converter wrote them: json/plain is shown pretty-printed, binary/null as
// null, anything else (a codec's binary/encrypted, ...) as encrypted unless a codec endpoint is set.
import { h } from './dom.js';

const CODEC_KEY = 'contentflows.ui.codecEndpoint';
const decoded = new WeakMap();
const utf8 = new TextDecoder();

export const codecEndpoint = () => localStorage.getItem(CODEC_KEY) || '';
export function setCodecEndpoint(value) {
  if (value) localStorage.setItem(CODEC_KEY, value.replace(/\/+$/, ''));
  else localStorage.removeItem(CODEC_KEY);
}

function b64ToBytes(b64) {
  const bin = atob(b64 || '');
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

const b64Text = (b64) => utf8.decode(b64ToBytes(b64));
export const encodingOf = (payload) => (payload?.metadata?.encoding ? b64Text(payload.metadata.encoding) : '');

const NATIVE = new Set(['json/plain', 'json/protobuf', 'binary/null', 'binary/plain']);

export function isPayload(value) {
  return value && typeof value === 'object' && !Array.isArray(value) && value.metadata && typeof value.metadata === 'object'
    && Object.keys(value).every((k) => k === 'metadata' || k === 'data' || k === 'externalPayloads');
}

// Every payload inside a protobuf JSON object (events, describe answers).
export function collectPayloads(root, out = []) {
  const stack = [root];
  while (stack.length) {
    const value = stack.pop();
    if (!value || typeof value !== 'object') continue;
    if (isPayload(value)) { out.push(value); continue; }
    for (const child of Array.isArray(value) ? value : Object.values(value)) {
      if (child && typeof child === 'object') stack.push(child);
    }
  }
  return out;
}

/** Decodes, through the codec server when one is set, the payloads the page cannot read itself. */
export async function decodeWithCodec(roots, namespace) {
  const endpoint = codecEndpoint();
  if (!endpoint) return 0;
  const pending = [];
  for (const root of roots) {
    for (const p of collectPayloads(root)) {
      if (!decoded.has(p) && !NATIVE.has(encodingOf(p))) pending.push(p);
    }
  }
  for (let i = 0; i < pending.length; i += 500) {
    const batch = pending.slice(i, i + 500);
    const response = await fetch(`${endpoint}/decode`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Namespace': namespace },
      body: JSON.stringify({ payloads: batch.map((p) => ({ metadata: p.metadata, data: p.data || '' })) }),
    });
    if (!response.ok) throw new Error(`Codec server answered ${response.status}`);
    const json = await response.json();
    (json.payloads || []).forEach((result, index) => decoded.set(batch[index], result));
  }
  return pending.length;
}

/** { kind: 'json' | 'text' | 'null' | 'encrypted' | 'binary', value, encoding } */
export function readPayload(original) {
  const payload = decoded.get(original) || original;
  const encoding = encodingOf(payload);
  if (encoding === 'binary/null') return { kind: 'null', value: null, encoding };
  if (encoding === 'json/plain' || encoding === 'json/protobuf') {
    const text = b64Text(payload.data);
    try { return { kind: 'json', value: JSON.parse(text), encoding }; } catch { return { kind: 'text', value: text, encoding }; }
  }
  if (encoding === 'binary/plain') return { kind: 'binary', value: `${b64ToBytes(payload.data).length} bytes`, encoding };
  return { kind: 'encrypted', value: null, encoding: encoding || 'unknown' };
}

export function payloadText(payload) {
  const r = readPayload(payload);
  if (r.kind === 'json') return JSON.stringify(r.value, null, 2);
  if (r.kind === 'null') return 'null';
  if (r.kind === 'encrypted') return `encrypted (${r.encoding})`;
  return String(r.value);
}

// One-line preview for table summaries.
export function payloadsPreview(payloads, max = 80) {
  const list = payloads?.payloads || (isPayload(payloads) ? [payloads] : []);
  if (!list.length) return '';
  const text = list.map((p) => {
    const r = readPayload(p);
    if (r.kind === 'json') return JSON.stringify(r.value);
    if (r.kind === 'encrypted') return `encrypted (${r.encoding})`;
    return r.kind === 'null' ? 'null' : String(r.value);
  }).join(', ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function renderPayload(payload) {
  const r = readPayload(payload);
  if (r.kind === 'encrypted') return h('span', { class: 'payload-encrypted', title: 'Set a codec endpoint to decode' }, `encrypted (${r.encoding})`);
  if (r.kind === 'null') return h('span', { class: 'payload-null' }, 'null');
  return h('pre', { class: 'payload' }, r.kind === 'json' ? JSON.stringify(r.value, null, 2) : String(r.value));
}

export function renderPayloads(payloads) {
  const list = payloads?.payloads || [];
  if (!list.length) return h('span', { class: 'payload-null' }, 'none');
  if (list.length === 1) return renderPayload(list[0]);
  return h('div', { class: 'payload-list' }, list.map((p, i) => h('div', null, h('div', { class: 'muted' }, `arg ${i}`), renderPayload(p))));
}
