'use strict';
// Scenario workflows run by the official TS worker against the ContentFlows dev server.
// Bundled by the worker's own webpack; keep to the @temporalio/workflow API (deterministic code only).

const {
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  executeChild,
  isCancellation,
  proxyActivities,
  setHandler,
  sleep,
  workflowInfo,
} = require('@temporalio/workflow');

const retrying = proxyActivities({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '100ms', backoffCoefficient: 1, maximumInterval: '100ms', maximumAttempts: 5 },
});

const heartbeating = proxyActivities({
  startToCloseTimeout: '30s',
  heartbeatTimeout: '2s',
  retry: { maximumAttempts: 1 },
});

const blocking = proxyActivities({
  startToCloseTimeout: '2m',
  heartbeatTimeout: '10s',
  retry: { maximumAttempts: 1 },
});

// Short start-to-close: an activity task lost with a killed server is retried after this timeout.
const durable = proxyActivities({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '500ms', backoffCoefficient: 1, maximumAttempts: 20 },
});

const approveSignal = defineSignal('approve');
const releaseSignal = defineSignal('release');
const statusQuery = defineQuery('status');

/** One activity, its result returned. */
async function greetWorkflow(name) {
  return await retrying.greet(name);
}

/** An activity that fails on attempts 1 and 2 and succeeds on attempt 3. */
async function retryingActivityWorkflow() {
  return await retrying.failTwiceThenSucceed();
}

/** An activity that throws a non-retryable ApplicationFailure; the workflow does not catch it. */
async function nonRetryableActivityWorkflow(type, message) {
  return await retrying.failNonRetryable(type, message);
}

/** An activity that heartbeats once and then stops; heartbeat timeout 2 s, one attempt. */
async function heartbeatTimeoutWorkflow() {
  return await heartbeating.heartbeatOnceThenStall();
}

/** A durable timer. */
async function timerWorkflow(ms) {
  await sleep(ms);
  return `slept ${ms} ms`;
}

/** Waits for the `approve` signal; answers the `status` query meanwhile. */
async function approvalWorkflow() {
  let approval;
  let status = 'waiting for approval';
  setHandler(approveSignal, (input) => {
    approval = input;
    status = 'approved';
  });
  setHandler(statusQuery, () => status);
  await condition(() => approval !== undefined);
  return { approvedBy: approval.by, comment: approval.comment, status };
}

/** Fails with a non-retryable ApplicationFailure or returns, as asked. */
async function childWorkflow(input) {
  if (input.fail) {
    throw ApplicationFailure.nonRetryable(input.message, 'ChildBroke', { value: input.value });
  }
  return `child got ${input.value}`;
}

/** Runs one child and reports what it saw: the child's result or the failure it raised in the parent. */
async function parentWorkflow(input) {
  try {
    const result = await executeChild(childWorkflow, {
      args: [input],
      workflowId: `${workflowInfo().workflowId}-child`,
    });
    return { childResult: result };
  } catch (err) {
    return { childFailure: describeFailure(err) };
  }
}

/** Sleeps a minute; on cancellation runs a cleanup activity that cannot be cancelled, then rethrows. */
async function cancellableWorkflow() {
  try {
    await sleep('1 minute');
    return 'not cancelled';
  } catch (err) {
    if (isCancellation(err)) {
      await CancellationScope.nonCancellable(() => retrying.cleanup(workflowInfo().workflowId));
    }
    throw err;
  }
}

/** Continues as new until `iteration` reaches `total`, then reports the chain it saw. */
async function continueAsNewWorkflow(iteration, total) {
  if (iteration < total) {
    await continueAsNew(iteration + 1, total);
  }
  const info = workflowInfo();
  return {
    iterations: iteration,
    runId: info.runId,
    firstExecutionRunId: info.firstExecutionRunId,
    continuedFromExecutionRunId: info.continuedFromExecutionRunId ?? null,
  };
}

/** Sleeps for the given time (used by terminate and run-timeout scenarios). */
async function sleepingWorkflow(ms) {
  await sleep(ms);
  return 'woke up';
}

/** Runs one activity that heartbeats until it is cancelled. */
async function pendingActivityWorkflow() {
  return await blocking.heartbeatUntilCancelled();
}

/** Completes at once, or waits for `release` when asked to. */
async function listProbeWorkflow(wait) {
  let released = false;
  setHandler(releaseSignal, () => {
    released = true;
  });
  if (wait) {
    await condition(() => released);
  }
  return 'listed';
}

/** Activity A, a timer, activity B: the durability scenario's unit of work. */
async function durableWorkflow(index, timerMs) {
  const a = await durable.durableStepA(index);
  await sleep(timerMs);
  const b = await durable.durableStepB(index);
  return `${a}|${b}`;
}

// ---------------------------------------------------------------------------------------------
// Met by the C# SDK (tests/Temporal/Interop/Sdk): its client starts these, or they call its activities.

/** Returns the draft it got, unchanged, and the keys it saw: a C# client checks the JSON shape both ways. */
async function echoDraftWorkflow(draft) {
  return { draft, seen: seenKeys(draft) };
}

/** Fails with a non-retryable ApplicationFailure carrying the given details. */
async function rejectDraftWorkflow(type, message, detail) {
  throw ApplicationFailure.create({ type, message, nonRetryable: true, details: [detail, 'second detail'] });
}

/** Calls an activity by name on another task queue (a C# worker's) and reports what this workflow saw. */
async function callActivityOnTaskQueueWorkflow(taskQueue, activity, args) {
  const remote = proxyActivities({ taskQueue, startToCloseTimeout: '30s', retry: { maximumAttempts: 1 } });
  try {
    const result = await remote[activity](...args);
    return { result, resultKeys: result !== null && typeof result === 'object' ? Object.keys(result) : null };
  } catch (err) {
    return { failure: describeFailure(err) };
  }
}

/** The property names of a draft and of its nested author and first section, as the TS side sees them. */
function seenKeys(draft) {
  return {
    keys: Object.keys(draft),
    authorKeys: Object.keys(draft.author ?? {}),
    sectionKeys: Object.keys((draft.sections ?? [])[0] ?? {}),
  };
}

/** Three no-op activities: the throughput benchmark's unit of work. */
async function benchWorkflow() {
  await durable.noop();
  await durable.noop();
  await durable.noop();
  return 'ok';
}

function describeFailure(err) {
  if (err == null) {
    return null;
  }
  return {
    name: err.name,
    message: err.message,
    type: err.type ?? null,
    retryState: err.retryState ?? null,
    workflowType: err.workflowType ?? null,
    activityType: err.activityType ?? null,
    nonRetryable: err.nonRetryable ?? null,
    details: Array.isArray(err.details) ? err.details : null,
    cause: describeFailure(err.cause),
  };
}

module.exports = {
  approvalWorkflow,
  benchWorkflow,
  callActivityOnTaskQueueWorkflow,
  cancellableWorkflow,
  childWorkflow,
  continueAsNewWorkflow,
  durableWorkflow,
  echoDraftWorkflow,
  greetWorkflow,
  heartbeatTimeoutWorkflow,
  listProbeWorkflow,
  nonRetryableActivityWorkflow,
  parentWorkflow,
  pendingActivityWorkflow,
  rejectDraftWorkflow,
  retryingActivityWorkflow,
  sleepingWorkflow,
  timerWorkflow,
};
