'use strict';
// Scenario activities. Every execution is appended to INTEROP_ACTIVITY_LOG (when set) as one JSON line
// {workflowId, activity, attempt, outcome}, so the C# durability test can tell which attempts ran.

const fs = require('node:fs');
const { ApplicationFailure, activityInfo, heartbeat, sleep } = require('@temporalio/activity');

const activityLog = process.env.INTEROP_ACTIVITY_LOG || '';

function record(outcome) {
  if (!activityLog) {
    return;
  }
  const info = activityInfo();
  const line = JSON.stringify({
    workflowId: info.workflowExecution.workflowId,
    runId: info.workflowExecution.runId,
    activity: info.activityType,
    attempt: info.attempt,
    outcome,
    at: new Date().toISOString(),
  });
  // One write per line with O_APPEND: lines from concurrent activities do not interleave.
  fs.appendFileSync(activityLog, `${line}\n`);
}

async function recorded(body) {
  record('started');
  try {
    const result = await body();
    record('completed');
    return result;
  } catch (err) {
    record('failed');
    throw err;
  }
}

async function greet(name) {
  return recorded(async () => `Hello, ${name}!`);
}

async function failTwiceThenSucceed() {
  return recorded(async () => {
    const { attempt } = activityInfo();
    if (attempt < 3) {
      throw ApplicationFailure.retryable(`attempt ${attempt} failed on purpose`, 'FlakyFailure');
    }
    return { succeededOnAttempt: attempt };
  });
}

async function failNonRetryable(type, message) {
  return recorded(async () => {
    throw ApplicationFailure.nonRetryable(message, type);
  });
}

async function heartbeatOnceThenStall() {
  return recorded(async () => {
    heartbeat('alive once');
    // Stop heartbeating; the server times the attempt out after 2 s. Sleep throws once the worker
    // learns of the cancellation (or at shutdown), so the slot is freed either way.
    await sleep(20_000);
    return 'should have timed out';
  });
}

async function heartbeatUntilCancelled() {
  return recorded(async () => {
    for (let beat = 0; ; beat++) {
      heartbeat(beat);
      await sleep(300);
    }
  });
}

async function cleanup(workflowId) {
  return recorded(async () => `cleaned up ${workflowId}`);
}

async function durableStepA(index) {
  return recorded(async () => `A${index}`);
}

async function durableStepB(index) {
  return recorded(async () => `B${index}`);
}

/** Called by a C# workflow on this worker's task queue: returns the draft and the keys it saw. */
async function echoDraft(draft) {
  return recorded(async () => ({
    draft,
    seen: {
      keys: Object.keys(draft),
      authorKeys: Object.keys(draft.author ?? {}),
      sectionKeys: Object.keys((draft.sections ?? [])[0] ?? {}),
    },
  }));
}

/** Called by a C# workflow: fails with a non-retryable ApplicationFailure carrying one detail and a plain Error as cause. */
async function rejectDraft(type, message, detail) {
  return recorded(async () => {
    throw ApplicationFailure.create({ type, message, nonRetryable: true, details: [detail], cause: new RangeError('tone score 3 is below 5') });
  });
}

async function noop() {
  return undefined;
}

module.exports = {
  cleanup,
  durableStepA,
  durableStepB,
  echoDraft,
  failNonRetryable,
  failTwiceThenSucceed,
  greet,
  heartbeatOnceThenStall,
  heartbeatUntilCancelled,
  noop,
  rejectDraft,
};
