// A Temporal Failure and its cause chain, outermost first.
import { h } from './dom.js';
import { enumName } from './format.js';
import { readPayload, renderPayloads } from './payloads.js';

function kindOf(f) {
  if (f.applicationFailureInfo) return f.applicationFailureInfo.type || 'ApplicationFailure';
  if (f.timeoutFailureInfo) return `Timeout: ${enumName(f.timeoutFailureInfo.timeoutType, 'TIMEOUT_TYPE_')}`;
  if (f.canceledFailureInfo) return 'Canceled';
  if (f.terminatedFailureInfo) return 'Terminated';
  if (f.serverFailureInfo) return 'ServerFailure';
  if (f.resetWorkflowFailureInfo) return 'ResetWorkflow';
  if (f.activityFailureInfo) return 'ActivityFailure';
  if (f.childWorkflowExecutionFailureInfo) return 'ChildWorkflowFailure';
  return 'Failure';
}

function meta(f) {
  const parts = [];
  if (f.source) parts.push(`source ${f.source}`);
  const app = f.applicationFailureInfo;
  if (app?.nonRetryable) parts.push('non-retryable');
  const act = f.activityFailureInfo;
  if (act) parts.push(`activity ${act.activityType?.name || ''} (${act.activityId || ''})`, enumName(act.retryState, 'RETRY_STATE_'));
  const child = f.childWorkflowExecutionFailureInfo;
  if (child) parts.push(`child ${child.workflowExecution?.workflowId || ''}`, enumName(child.retryState, 'RETRY_STATE_'));
  return parts.filter(Boolean).join(' · ');
}

// With a failure converter that encodes attributes, message and stack trace live in a payload.
function readable(f) {
  if (!f.encodedAttributes) return { message: f.message, stackTrace: f.stackTrace };
  const r = readPayload(f.encodedAttributes);
  if (r.kind === 'json' && r.value) return { message: r.value.message ?? f.message, stackTrace: r.value.stack_trace ?? f.stackTrace };
  return { message: r.kind === 'encrypted' ? `encrypted (${r.encoding})` : f.message, stackTrace: f.stackTrace };
}

export function failureMessage(f) {
  return f ? readable(f).message || kindOf(f) : '';
}

// Innermost cause: usually what the engineer needs first.
export function rootCause(f) {
  let current = f;
  while (current?.cause) current = current.cause;
  return current;
}

export function renderFailure(f) {
  if (!f) return null;
  const { message, stackTrace } = readable(f);
  const details = f.applicationFailureInfo?.details || f.canceledFailureInfo?.details || f.timeoutFailureInfo?.lastHeartbeatDetails;
  return h('div', { class: 'failure', 'data-failure': '' },
    h('div', { class: 'f-title' }, h('span', { class: 'f-message' }, message || '(no message)'), h('span', { class: 'f-type' }, kindOf(f))),
    meta(f) ? h('div', { class: 'f-meta' }, meta(f)) : null,
    details?.payloads?.length ? h('div', { class: 'f-details' }, h('div', { class: 'f-meta' }, 'details'), renderPayloads(details)) : null,
    stackTrace ? h('pre', null, stackTrace) : null,
    f.cause ? [h('div', { class: 'caused-by' }, 'Caused by'), renderFailure(f.cause)] : null);
}
