'use strict';
// Long-lived interop harness: one official TS worker plus one TS client against TEMPORAL_ADDRESS.
// Protocol: JSON lines. stdin  {"id":1,"scenario":"timer","args":{...},"timeoutMs":30000}
//                      stdout {"id":1,"ok":true,"result":...,"workflowId":...,"runId":...,"history":[...],"events":[...],"extra":{...}}
//                             {"id":1,"ok":false,"error":{name,message,...,cause:{...}},...}
// plus one {"event":"ready",...} line once the worker runs, {"event":"startFailed",...} if it cannot start,
// and {"event":"workerFailed",...} if the worker dies.
// stdout carries protocol lines only; every log (ours, the SDK's, core's) goes to stderr.
// The process exits when stdin closes.

const util = require('node:util');
const readline = require('node:readline');
const crypto = require('node:crypto');

const writeProtocolLine = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);
for (const method of ['log', 'info', 'debug', 'trace', 'warn', 'error']) {
  // eslint-disable-next-line no-console
  console[method] = (...args) => process.stderr.write(`${util.format(...args)}\n`);
}

const { Client, Connection } = require('@temporalio/client');
const { DefaultLogger, NativeConnection, Runtime, Worker } = require('@temporalio/worker');
const { historyToJSON } = require('@temporalio/common/lib/proto-utils');
const { temporal } = require('@temporalio/proto');
const activities = require('./activities');

const address = required('TEMPORAL_ADDRESS');
const namespace = process.env.TEMPORAL_NAMESPACE || 'default';
const taskQueue = process.env.INTEROP_TASK_QUEUE || `interop-${crypto.randomUUID()}`;
const logLevel = process.env.INTEROP_LOG_LEVEL || 'WARN';
// Distinguishes this harness's workflow ids from any other run against the same server.
const runTag = crypto.randomUUID().slice(0, 8);

function required(name) {
  const value = process.env[name];
  if (!value) {
    process.stderr.write(`harness: environment variable ${name} is required\n`);
    process.exit(2);
  }
  return value;
}

function log(message) {
  process.stderr.write(`[harness ${new Date().toISOString()}] ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Serialization of errors, histories and describe responses into plain JSON

const FAILURE_FIELDS = [
  'type',
  'nonRetryable',
  'timeoutType',
  'retryState',
  'activityType',
  'activityId',
  'workflowType',
  'namespace',
  'workflowId',
  'runId',
  'code',
  'identity',
];

function serializeError(err, depth = 0) {
  if (err == null || depth > 12) {
    return null;
  }
  if (!(err instanceof Error)) {
    return { name: typeof err, message: String(err) };
  }
  const out = { name: err.name, message: err.message };
  for (const field of FAILURE_FIELDS) {
    if (err[field] !== undefined && err[field] !== null) {
      out[field] = err[field];
    }
  }
  if (err.execution) {
    out.execution = { workflowId: err.execution.workflowId, runId: err.execution.runId };
  }
  if (Array.isArray(err.details)) {
    out.details = jsonSafe(err.details);
  } else if (typeof err.details === 'string') {
    out.details = err.details;
  }
  if (err.lastHeartbeatDetails !== undefined) {
    out.lastHeartbeatDetails = jsonSafe(err.lastHeartbeatDetails);
  }
  out.cause = serializeError(err.cause, depth + 1);
  return out;
}

function jsonSafe(value) {
  try {
    return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));
  } catch {
    return String(value);
  }
}

function pascalEventType(constantName) {
  return constantName
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/** Replaces every Payload ({metadata, data}) with {encoding, json} where the payload is JSON. */
function decodePayloads(value) {
  if (Array.isArray(value)) {
    return value.map(decodePayloads);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  if (value.metadata && typeof value.metadata.encoding === 'string') {
    const encoding = Buffer.from(value.metadata.encoding, 'base64').toString('utf8');
    if (encoding === 'json/plain') {
      const text = Buffer.from(value.data || '', 'base64').toString('utf8');
      try {
        return { encoding, json: JSON.parse(text) };
      } catch {
        return { encoding, text };
      }
    }
    return { encoding };
  }
  const out = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = decodePayloads(child);
  }
  return out;
}

function simplifyHistory(history) {
  const json = JSON.parse(historyToJSON(history));
  return (json.events || []).map((event) => {
    const attributesKey = Object.keys(event).find((k) => k.endsWith('EventAttributes'));
    return {
      eventId: Number(event.eventId),
      eventType: pascalEventType(event.eventType),
      eventTime: event.eventTime,
      attributes: attributesKey ? decodePayloads(event[attributesKey]) : {},
    };
  });
}

function describeToJson(description) {
  const raw = temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse.toObject(description.raw, {
    enums: String,
    longs: String,
    bytes: String,
    defaults: false,
  });
  return {
    status: description.status.name,
    type: description.type,
    workflowId: description.workflowId,
    runId: description.runId,
    taskQueue: description.taskQueue,
    historyLength: description.historyLength,
    raw: jsonSafe(raw),
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers for scenarios

const sleepMs = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns a truthy value or the deadline passes (then throws with the last value seen). */
async function waitFor(what, probe, { timeoutMs = 15_000, intervalMs = 100 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) {
        return last;
      }
    } catch (err) {
      last = serializeError(err);
    }
    if (Date.now() > deadline) {
      const err = new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
      err.name = 'WaitTimeout';
      throw err;
    }
    await sleepMs(intervalMs);
  }
}

async function eventTypes(handle) {
  return simplifyHistory(await handle.fetchHistory()).map((e) => e.eventType);
}

async function settle(promise) {
  try {
    return { ok: true, value: await promise };
  } catch (err) {
    return { ok: false, error: serializeError(err) };
  }
}

class ScenarioContext {
  constructor(client, request) {
    this.client = client;
    this.request = request;
    this.args = request.args || {};
    this.extra = {};
    this.tracked = null;
  }

  /** A workflow id unique to this harness run and request. */
  workflowId(label) {
    return `${label}-${runTag}-${this.request.id}`;
  }

  /** Starts a workflow on the harness's task queue; the first one started is the scenario's tracked run. */
  async start(workflowType, args, options = {}) {
    const handle = await this.client.workflow.start(workflowType, {
      taskQueue,
      workflowId: options.workflowId || this.workflowId(workflowType),
      args,
      ...options,
    });
    this.track(handle.workflowId, handle.firstExecutionRunId);
    return handle;
  }

  track(workflowId, runId) {
    if (!this.tracked) {
      this.tracked = { workflowId, runId };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Scenarios: each returns the value reported as `result`, or throws (reported as `error`).

const scenarios = {
  async ping() {
    return { taskQueue, namespace, runTag };
  },

  async activity(ctx) {
    const handle = await ctx.start('greetWorkflow', [ctx.args.name ?? 'interop']);
    return await handle.result();
  },

  async activityRetry(ctx) {
    const handle = await ctx.start('retryingActivityWorkflow', []);
    return await handle.result();
  },

  async activityNonRetryable(ctx) {
    const handle = await ctx.start('nonRetryableActivityWorkflow', [ctx.args.type, ctx.args.message]);
    return await handle.result();
  },

  async heartbeatTimeout(ctx) {
    const handle = await ctx.start('heartbeatTimeoutWorkflow', []);
    return await handle.result();
  },

  async timer(ctx) {
    const handle = await ctx.start('timerWorkflow', [ctx.args.ms ?? 1000]);
    return await handle.result();
  },

  async signal(ctx) {
    const handle = await ctx.start('approvalWorkflow', []);
    await handle.signal('approve', ctx.args.approval);
    return await handle.result();
  },

  async signalWithStart(ctx) {
    const handle = await ctx.client.workflow.signalWithStart('approvalWorkflow', {
      taskQueue,
      workflowId: ctx.workflowId('signalWithStart'),
      args: [],
      signal: 'approve',
      signalArgs: [ctx.args.approval],
    });
    ctx.track(handle.workflowId, handle.signaledRunId);
    ctx.extra.signaledRunId = handle.signaledRunId;
    return await handle.result();
  },

  async query(ctx) {
    const handle = await ctx.start('approvalWorkflow', []);
    // A query needs a worker that has run the workflow once: wait for the first completed workflow task.
    await waitFor('the first WorkflowTaskCompleted', async () =>
      (await eventTypes(handle)).includes('WorkflowTaskCompleted'),
    );
    const statusWhileWaiting = await handle.query('status');
    await handle.signal('approve', { by: 'query-test', comment: 'done' });
    const result = await handle.result();
    return { statusWhileWaiting, result };
  },

  async childWorkflow(ctx) {
    const handle = await ctx.start('parentWorkflow', [ctx.args.input]);
    const result = await handle.result();
    const child = ctx.client.workflow.getHandle(`${handle.workflowId}-child`);
    ctx.extra.childHistory = simplifyHistory(await child.fetchHistory());
    return result;
  },

  async cancellation(ctx) {
    const handle = await ctx.start('cancellableWorkflow', []);
    await waitFor('TimerStarted', async () => (await eventTypes(handle)).includes('TimerStarted'));
    await handle.cancel();
    return await handle.result();
  },

  async continueAsNew(ctx) {
    const handle = await ctx.start('continueAsNewWorkflow', [0, ctx.args.times ?? 3]);
    const result = await handle.result();
    const latest = await handle.describe();
    ctx.extra.latestRunId = latest.runId;
    ctx.extra.latestRunHistory = simplifyHistory(await handle.fetchHistory());
    return result;
  },

  async terminate(ctx) {
    const handle = await ctx.start('sleepingWorkflow', [60_000]);
    await waitFor('TimerStarted', async () => (await eventTypes(handle)).includes('TimerStarted'));
    await handle.terminate(ctx.args.reason ?? 'terminated by interop test');
    const outcome = await settle(handle.result());
    const description = await handle.describe();
    return { resultResolved: outcome.ok, resultError: outcome.error ?? null, status: description.status.name };
  },

  async runTimeout(ctx) {
    const handle = await ctx.start('sleepingWorkflow', [60_000], { workflowRunTimeout: ctx.args.runTimeout ?? '2s' });
    try {
      return await handle.result();
    } finally {
      ctx.extra.status = (await settle(handle.describe().then((d) => d.status.name))).value ?? null;
    }
  },

  async describePendingActivity(ctx) {
    const handle = await ctx.start('pendingActivityWorkflow', []);
    try {
      const description = await waitFor('a started pending activity', async () => {
        const d = describeToJson(await handle.describe());
        const pending = d.raw.pendingActivities || [];
        return pending.length > 0 && pending[0].state === 'PENDING_ACTIVITY_STATE_STARTED' ? d : null;
      });
      return { status: description.status, pendingActivities: description.raw.pendingActivities };
    } finally {
      await settle(handle.terminate('describe scenario done'));
    }
  },

  async listByTypeAndStatus(ctx) {
    const prefix = ctx.workflowId('list');
    const completed = [0, 1, 2].map((i) => `${prefix}-done-${i}`);
    const running = [0, 1].map((i) => `${prefix}-waiting-${i}`);
    const started = [];
    try {
      for (const workflowId of completed) {
        started.push(await ctx.start('listProbeWorkflow', [false], { workflowId }));
      }
      for (const workflowId of running) {
        started.push(await ctx.start('listProbeWorkflow', [true], { workflowId }));
      }
      await Promise.all(started.slice(0, completed.length).map((h) => h.result()));
      const list = async (query) => {
        const rows = [];
        for await (const info of ctx.client.workflow.list({ query })) {
          if (info.workflowId.startsWith(prefix)) {
            rows.push({ workflowId: info.workflowId, type: info.type, status: info.status.name });
          }
        }
        return rows.sort((a, b) => a.workflowId.localeCompare(b.workflowId));
      };
      const queries = {
        completed: "WorkflowType = 'listProbeWorkflow' AND ExecutionStatus = 'Completed'",
        running: "WorkflowType = 'listProbeWorkflow' AND ExecutionStatus = 'Running'",
        byType: "WorkflowType = 'listProbeWorkflow'",
      };
      // Visibility may lag the execution state a little, as on a real server.
      let last = {};
      await settle(
        waitFor('visibility to show every started workflow', async () => {
          last = {
            completed: await list(queries.completed),
            running: await list(queries.running),
            byType: await list(queries.byType),
          };
          return last.completed.length === completed.length && last.running.length === running.length;
        }),
      );
      return { queries, expected: { completed, running }, ...last };
    } finally {
      for (const h of started.slice(completed.length)) {
        await settle(h.terminate('list scenario done'));
      }
    }
  },

  async duplicateWorkflowId(ctx) {
    const workflowId = ctx.workflowId('duplicate');
    const first = await ctx.start('approvalWorkflow', [], { workflowId });
    try {
      const second = await settle(ctx.client.workflow.start('approvalWorkflow', { taskQueue, workflowId, args: [] }));
      return { secondStartSucceeded: second.ok, secondStartError: second.error ?? null };
    } finally {
      await settle(first.terminate('duplicate scenario done'));
    }
  },

  async unknownWorkflow(ctx) {
    const handle = ctx.client.workflow.getHandle(ctx.workflowId('no-such-workflow'));
    const describe = await settle(handle.describe());
    const signal = await settle(handle.signal('approve', { by: 'nobody' }));
    return {
      describeSucceeded: describe.ok,
      describeError: describe.error ?? null,
      signalSucceeded: signal.ok,
      signalError: signal.error ?? null,
    };
  },

  /**
   * Drives a workflow that another SDK's worker runs on args.taskQueue: query while it waits, signal,
   * result, and the query again once it has closed. The answers so far are in `extra` when it fails.
   */
  async signalAndQueryOnTaskQueue(ctx) {
    const { workflowType, taskQueue: workflowTaskQueue, args = [], signal, signalArgs = [], query } = ctx.args;
    const handle = await ctx.start(workflowType, args, { taskQueue: workflowTaskQueue });
    // A query needs a worker that has run the workflow once: wait for the first completed workflow task.
    await waitFor('the first WorkflowTaskCompleted', async () =>
      (await eventTypes(handle)).includes('WorkflowTaskCompleted'),
    );
    ctx.extra.queryBefore = await handle.query(query);
    await handle.signal(signal, ...signalArgs);
    const result = await handle.result();
    ctx.extra.queryAfter = await handle.query(query);
    return { queryBefore: ctx.extra.queryBefore, result, queryAfter: ctx.extra.queryAfter };
  },

  /** Runs a TS workflow that calls `args.activity` on another worker's task queue (`args.taskQueue`). */
  async callActivityOnTaskQueue(ctx) {
    const handle = await ctx.start('callActivityOnTaskQueueWorkflow', [ctx.args.taskQueue, ctx.args.activity, ctx.args.args ?? []]);
    return await handle.result();
  },

  /** Starts `count` durable workflows with ids `${prefix}-${i}`; returns their ids. */
  async durableStart(ctx) {
    const { count, prefix } = ctx.args;
    const ids = [];
    const starts = [];
    for (let i = 0; i < count; i++) {
      const workflowId = `${prefix}-${i}`;
      ids.push(workflowId);
      const timerMs = 2000 + (i % 3) * 1000;
      starts.push(ctx.client.workflow.start('durableWorkflow', { taskQueue, workflowId, args: [i, timerMs] }));
    }
    await Promise.all(starts);
    return { ids };
  },

  /** Awaits every given workflow's result (following the server across restarts). */
  async durableAwait(ctx) {
    const outcomes = await Promise.all(
      ctx.args.ids.map(async (workflowId) => {
        const outcome = await settle(ctx.client.workflow.getHandle(workflowId).result());
        return { workflowId, ok: outcome.ok, result: outcome.value ?? null, error: outcome.error ?? null };
      }),
    );
    return { outcomes };
  },
};

// ---------------------------------------------------------------------------------------------
// Request loop

async function runRequest(client, request) {
  const ctx = new ScenarioContext(client, request);
  const response = { id: request.id, scenario: request.scenario };
  const scenario = scenarios[request.scenario];
  try {
    if (!scenario) {
      throw new Error(`unknown scenario '${request.scenario}'`);
    }
    const timeoutMs = request.timeoutMs ?? 60_000;
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => {
        const err = new Error(`scenario '${request.scenario}' did not finish within ${timeoutMs} ms`);
        err.name = 'ScenarioTimeout';
        reject(err);
      }, timeoutMs);
    });
    try {
      response.result = jsonSafe(await Promise.race([scenario(ctx), timeout]));
    } finally {
      clearTimeout(timer);
    }
    response.ok = true;
  } catch (err) {
    response.ok = false;
    response.error = serializeError(err);
    log(`scenario ${request.scenario} (#${request.id}) failed: ${err && err.stack ? err.stack : err}`);
  }
  if (ctx.tracked) {
    response.workflowId = ctx.tracked.workflowId;
    response.runId = ctx.tracked.runId;
    try {
      const events = simplifyHistory(
        await client.workflow.getHandle(ctx.tracked.workflowId, ctx.tracked.runId).fetchHistory(),
      );
      response.history = events.map((e) => e.eventType);
      response.events = events;
    } catch (err) {
      response.historyError = serializeError(err);
    }
  }
  response.extra = jsonSafe(ctx.extra);
  return response;
}

async function main() {
  // Read stdin from the start, so that a parent that goes away while we connect still ends us.
  const queued = [];
  let client = null;
  let onStdinClosed = () => process.exit(0);
  const dispatch = (line) => {
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      writeProtocolLine({ id: null, ok: false, error: { name: 'BadRequest', message: `not JSON: ${line}` } });
      return;
    }
    // Requests run concurrently; runRequest never rejects (failures become ok:false responses).
    void runRequest(client, request).then(writeProtocolLine);
  };
  const input = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  input.on('line', (line) => {
    if (!line.trim()) {
      return;
    }
    if (client) {
      dispatch(line);
    } else {
      queued.push(line);
    }
  });
  input.on('close', () => {
    log('stdin closed; shutting down');
    // Never hang on the way out: the parent has gone.
    setTimeout(() => process.exit(0), 5_000).unref();
    onStdinClosed();
  });

  Runtime.install({
    logger: new DefaultLogger(logLevel, (entry) => {
      const meta = entry.meta && Object.keys(entry.meta).length ? ` ${JSON.stringify(jsonSafe(entry.meta))}` : '';
      process.stderr.write(`[sdk ${entry.level}] ${entry.message}${meta}\n`);
    }),
    telemetryOptions: { logging: { filter: { core: logLevel, other: logLevel }, forward: {} } },
  });

  log(`connecting to ${address}, namespace ${namespace}, task queue ${taskQueue}`);
  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace,
    taskQueue,
    workflowsPath: require.resolve('./workflows'),
    activities,
    shutdownGraceTime: '2s',
    bundlerOptions: { logger: { trace() {}, debug() {}, info() {}, log() {}, warn: log, error: log } },
  });
  const connection = await Connection.connect({ address });

  let stopping = false;
  const workerRun = worker.run().then(
    () => {
      if (!stopping) {
        writeProtocolLine({ event: 'workerFailed', error: { name: 'WorkerStopped', message: 'worker stopped unexpectedly' } });
      }
    },
    (err) => {
      log(`worker failed: ${err && err.stack ? err.stack : err}`);
      writeProtocolLine({ event: 'workerFailed', error: serializeError(err) });
      process.exit(3);
    },
  );
  onStdinClosed = async () => {
    stopping = true;
    try {
      worker.shutdown();
    } catch {
      // already stopping
    }
    await workerRun;
    await connection.close().catch(() => {});
    await nativeConnection.close().catch(() => {});
    process.exit(0);
  };

  client = new Client({ connection, namespace });
  writeProtocolLine({ event: 'ready', taskQueue, namespace, runTag, address });
  log('ready');
  for (const line of queued.splice(0)) {
    dispatch(line);
  }
}

main().catch((err) => {
  log(`harness failed to start: ${err && err.stack ? err.stack : err}`);
  writeProtocolLine({ event: 'startFailed', error: serializeError(err) });
  process.exit(1);
});
