// The run's history turned into what engineers read: per-event category and summary (computed
// lazily, only for rows on screen), and activities, timers, children and signals as spans.
import { h } from './dom.js';
import { durationMillis, enumName, eventTypeName, fmtDuration, tsMillis } from './format.js';
import { failureMessage } from './failure.js';
import { payloadsPreview } from './payloads.js';

export function attributesOf(event) {
  if (event._attrs === undefined) {
    const key = Object.keys(event).find((k) => k.endsWith('EventAttributes'));
    event._attrs = key ? event[key] : {};
  }
  return event._attrs;
}

export function categoryOf(type) {
  if (type.startsWith('ActivityTask')) return type === 'ActivityTaskFailed' || type === 'ActivityTaskTimedOut' ? 'bad' : 'activity';
  if (type.startsWith('WorkflowTask')) return type === 'WorkflowTaskFailed' || type === 'WorkflowTaskTimedOut' ? 'bad' : 'wft';
  if (type.startsWith('Timer')) return 'timer';
  if (type.includes('Signal')) return 'signal';
  if (type.startsWith('WorkflowExecutionUpdate')) return 'update';
  if (type.includes('ChildWorkflow')) return type.endsWith('Failed') || type.endsWith('TimedOut') ? 'bad' : 'child';
  if (type === 'MarkerRecorded') return 'marker';
  if (/WorkflowExecution(Failed|TimedOut|Terminated)$/.test(type)) return 'bad';
  return 'workflow';
}

export const CATEGORIES = [
  ['all', 'All'], ['workflow', 'Workflow'], ['activity', 'Activities'], ['timer', 'Timers'], ['signal', 'Signals'], ['update', 'Updates'],
  ['child', 'Children'], ['marker', 'Markers'], ['wft', 'Workflow tasks'], ['bad', 'Failures'],
];

export class HistoryModel {
  constructor() {
    this.events = [];
    this.byId = new Map();
    this.activities = new Map();
    this.timers = new Map();
    this.children = new Map();
    this.signals = [];
    this.updates = new Map();
    this.start = null;
    this.end = null;
    this.closeEvent = null;
  }

  add(events) {
    for (const e of events) {
      e.id = Number(e.eventId);
      e.type = eventTypeName(e.eventType);
      e.time = tsMillis(e.eventTime);
      e.category = categoryOf(e.type);
      this.events.push(e);
      this.byId.set(e.id, e);
      if (this.start === null) this.start = e.time;
      this.end = e.time;
      this.#index(e, attributesOf(e));
    }
  }

  #index(e, a) {
    switch (e.type) {
      case 'ActivityTaskScheduled':
        this.activities.set(e.id, { scheduled: e, id: e.id, activityId: a.activityId, type: a.activityType?.name, status: 'Scheduled', attempt: 1, start: e.time, end: null });
        break;
      case 'ActivityTaskStarted': {
        const act = this.activities.get(Number(a.scheduledEventId));
        if (act) Object.assign(act, { started: e, status: 'Running', attempt: a.attempt || 1, startedAt: e.time, lastFailure: a.lastFailure });
        break;
      }
      case 'ActivityTaskCompleted': case 'ActivityTaskFailed': case 'ActivityTaskTimedOut': case 'ActivityTaskCanceled': {
        const act = this.activities.get(Number(a.scheduledEventId));
        if (act) Object.assign(act, { closed: e, status: e.type.slice('ActivityTask'.length), end: e.time, failure: a.failure, retryState: a.retryState });
        break;
      }
      case 'TimerStarted':
        this.timers.set(a.timerId, { started: e, id: e.id, timerId: a.timerId, status: 'Running', start: e.time, end: null, due: e.time + (durationMillis(a.startToFireTimeout) || 0) });
        break;
      case 'TimerFired': case 'TimerCanceled': {
        const timer = this.timers.get(a.timerId);
        if (timer) Object.assign(timer, { closed: e, status: e.type === 'TimerFired' ? 'Completed' : 'Canceled', end: e.time });
        break;
      }
      case 'StartChildWorkflowExecutionInitiated':
        this.children.set(e.id, { initiated: e, id: e.id, workflowId: a.workflowId, type: a.workflowType?.name, namespace: a.namespace, status: 'Pending', start: e.time, end: null });
        break;
      case 'StartChildWorkflowExecutionFailed': {
        const child = this.children.get(Number(a.initiatedEventId));
        if (child) Object.assign(child, { closed: e, status: 'Failed', end: e.time, cause: enumName(a.cause, 'START_CHILD_WORKFLOW_EXECUTION_FAILED_CAUSE_') });
        break;
      }
      case 'ChildWorkflowExecutionStarted': {
        const child = this.children.get(Number(a.initiatedEventId));
        if (child) Object.assign(child, { started: e, status: 'Running', runId: a.workflowExecution?.runId });
        break;
      }
      case 'ChildWorkflowExecutionCompleted': case 'ChildWorkflowExecutionFailed': case 'ChildWorkflowExecutionCanceled':
      case 'ChildWorkflowExecutionTimedOut': case 'ChildWorkflowExecutionTerminated': {
        const child = this.children.get(Number(a.initiatedEventId));
        if (child) Object.assign(child, { closed: e, status: e.type.slice('ChildWorkflowExecution'.length), end: e.time, failure: a.failure, runId: child.runId || a.workflowExecution?.runId });
        break;
      }
      case 'WorkflowExecutionSignaled':
        this.signals.push(e);
        break;
      case 'WorkflowExecutionUpdateAccepted':
        this.updates.set(e.id, { accepted: e, id: e.id, updateId: a.protocolInstanceId, name: a.acceptedRequest?.input?.name || '', status: 'Running', start: e.time, end: null });
        break;
      case 'WorkflowExecutionUpdateCompleted': {
        const update = this.updates.get(Number(a.acceptedEventId));
        if (update) Object.assign(update, { closed: e, status: a.outcome?.failure ? 'Failed' : 'Completed', end: e.time, failure: a.outcome?.failure });
        break;
      }
      default:
        if (/^WorkflowExecution(Completed|Failed|TimedOut|Canceled|Terminated|ContinuedAsNew)$/.test(e.type)) this.closeEvent = e;
    }
  }
}

const b = (text) => h('b', null, text);
const err = (text) => h('span', { class: 'err' }, text);

// One line per event, the part of its attributes worth reading in a table.
export function summarize(e, model) {
  const a = attributesOf(e);
  const act = (id) => model.activities.get(Number(id));
  switch (e.type) {
    case 'WorkflowExecutionStarted':
      return [b(a.workflowType?.name), ` on ${a.taskQueue?.name || ''}`, a.input ? `  input ${payloadsPreview(a.input)}` : '', a.attempt > 1 ? `  attempt ${a.attempt}` : ''];
    case 'WorkflowExecutionCompleted': return ['result ', payloadsPreview(a.result) || 'none'];
    case 'WorkflowExecutionFailed': return [err(failureMessage(a.failure)), `  ${enumName(a.retryState, 'RETRY_STATE_')}`];
    case 'WorkflowExecutionTerminated': return ['reason ', b(a.reason || '(none)'), a.identity ? ` by ${a.identity}` : ''];
    case 'WorkflowExecutionCancelRequested': return ['reason ', b(a.cause || '(none)'), a.identity ? ` by ${a.identity}` : ''];
    case 'WorkflowExecutionContinuedAsNew': return ['new run ', b(a.newExecutionRunId || '')];
    case 'WorkflowExecutionSignaled': return [b(a.signalName), a.input ? `  ${payloadsPreview(a.input)}` : '', a.identity ? `  by ${a.identity}` : ''];
    case 'WorkflowExecutionUpdateAdmitted':
      return [b(a.request?.input?.name || ''), `  ${a.request?.meta?.updateId || ''}`, a.request?.input?.args ? `  ${payloadsPreview(a.request.input.args)}` : ''];
    case 'WorkflowExecutionUpdateAccepted': {
      const input = a.acceptedRequest?.input;
      return [b(input?.name || ''), `  ${a.protocolInstanceId || ''}`, input?.args ? `  ${payloadsPreview(input.args)}` : '', a.acceptedRequest?.meta?.identity ? `  by ${a.acceptedRequest.meta.identity}` : ''];
    }
    case 'WorkflowExecutionUpdateCompleted': {
      const accepted = model.byId.get(Number(a.acceptedEventId));
      const name = attributesOf(accepted || {}).acceptedRequest?.input?.name || '';
      const outcome = a.outcome?.failure ? err(failureMessage(a.outcome.failure)) : `result ${payloadsPreview(a.outcome?.success) || 'none'}`;
      return [b(name), `  ${a.meta?.updateId || ''}  `, outcome];
    }
    case 'WorkflowTaskScheduled': return a.attempt > 1 ? `attempt ${a.attempt}` : '';
    case 'WorkflowTaskStarted': return a.identity ? `by ${a.identity}` : '';
    case 'WorkflowTaskFailed': return [err(enumName(a.cause, 'WORKFLOW_TASK_FAILED_CAUSE_')), ' ', failureMessage(a.failure)];
    case 'ActivityTaskScheduled': return [b(a.activityType?.name), ` (${a.activityId})`, a.input ? `  ${payloadsPreview(a.input, 60)}` : ''];
    case 'ActivityTaskStarted': {
      const s = act(a.scheduledEventId);
      return [b(s?.type || ''), ` attempt ${a.attempt || 1}`, a.lastFailure ? ['  last failure: ', err(failureMessage(a.lastFailure))] : ''];
    }
    case 'ActivityTaskCompleted': {
      const s = act(a.scheduledEventId);
      return [b(s?.type || ''), s?.start ? `  ${fmtDuration(e.time - s.start)}` : '', a.result ? `  result ${payloadsPreview(a.result, 60)}` : ''];
    }
    case 'ActivityTaskFailed': {
      const s = act(a.scheduledEventId);
      return [b(s?.type || ''), ' ', err(failureMessage(a.failure)), `  ${enumName(a.retryState, 'RETRY_STATE_')}`];
    }
    case 'ActivityTaskTimedOut': return [b(act(a.scheduledEventId)?.type || ''), ' ', err(failureMessage(a.failure))];
    case 'ActivityTaskCancelRequested': case 'ActivityTaskCanceled': return b(act(a.scheduledEventId)?.type || '');
    case 'TimerStarted': return [b(a.timerId), `  fires after ${fmtDuration(durationMillis(a.startToFireTimeout))}`];
    case 'TimerFired': case 'TimerCanceled': return b(a.timerId);
    case 'MarkerRecorded': return b(a.markerName);
    case 'StartChildWorkflowExecutionInitiated': return [b(a.workflowType?.name), ` ${a.workflowId}`];
    default:
      if (e.type.startsWith('ChildWorkflowExecution')) return [b(a.workflowType?.name || ''), ` ${a.workflowExecution?.workflowId || ''}`, a.failure ? ['  ', err(failureMessage(a.failure))] : ''];
      if (a.signalName) return b(a.signalName);
      return '';
  }
}
