'use strict';
// Dev server throughput: N workflows of three no-op activities, run by the official TS worker.
// At most --concurrency workflows are in flight (each lane starts one, awaits its result, starts the next).
// Prints one JSON line to stdout: {store, n, concurrency, seconds, workflowsPerSecond, p50Ms, p99Ms, failures,
// workerCpuSeconds, serverCpuSeconds} (CPU used during the measured batch; the server's only with --server-pid on Linux).
// Reuses the interop harness's npm packages, workflows and activities (tests/Temporal/Interop/ts).

const path = require('node:path');
const crypto = require('node:crypto');
const { parseArgs } = require('node:util');

const tsProject = path.resolve(__dirname, '../../tests/Temporal/Interop/ts');
const requireTs = (name) => require(require.resolve(name, { paths: [tsProject] }));
const { Client, Connection } = requireTs('@temporalio/client');
const { DefaultLogger, NativeConnection, Runtime, Worker } = requireTs('@temporalio/worker');

const { values } = parseArgs({
  options: {
    address: { type: 'string' },
    n: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '20' },
    store: { type: 'string', default: 'unknown' },
    'server-pid': { type: 'string' },
  },
});
if (!values.address) {
  process.stderr.write('usage: node bench.js --address host:port [--n 1000] [--concurrency 100] [--warmup 20] [--store label]\n');
  process.exit(2);
}
const n = Number(values.n);
const concurrency = Number(values.concurrency);
const warmup = Number(values.warmup);

/** CPU seconds (user + system) the process has used so far, from /proc; null where unavailable. */
function processCpuSeconds(pid) {
  try {
    const stat = require('node:fs').readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime
    const ticksPerSecond = Number(require('node:child_process').execSync('getconf CLK_TCK').toString().trim()) || 100;
    return ticks / ticksPerSecond;
  } catch {
    return null;
  }
}

function percentile(sorted, p) {
  if (sorted.length === 0) {
    return NaN;
  }
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

async function runBatch(client, taskQueue, prefix, count) {
  const latencies = [];
  let failures = 0;
  let next = 0;
  let firstStart = Infinity;
  let lastEnd = 0;
  const lane = async () => {
    for (;;) {
      const i = next++;
      if (i >= count) {
        return;
      }
      const started = performance.now();
      firstStart = Math.min(firstStart, started);
      try {
        const handle = await client.workflow.start('benchWorkflow', { taskQueue, workflowId: `${prefix}-${i}`, args: [] });
        await handle.result();
        const ended = performance.now();
        lastEnd = Math.max(lastEnd, ended);
        latencies.push(ended - started);
      } catch (err) {
        failures++;
        process.stderr.write(`bench: workflow ${prefix}-${i} failed: ${err && err.message}\n`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  latencies.sort((a, b) => a - b);
  return { latencies, failures, seconds: (lastEnd - firstStart) / 1000 };
}

async function main() {
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry) => process.stderr.write(`[sdk ${entry.level}] ${entry.message}\n`)),
    telemetryOptions: { logging: { filter: { core: 'WARN', other: 'WARN' }, forward: {} } },
  });
  const taskQueue = `bench-${crypto.randomUUID()}`;
  const nativeConnection = await NativeConnection.connect({ address: values.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowsPath: path.join(tsProject, 'workflows.js'),
    activities: require(path.join(tsProject, 'activities.js')),
    bundlerOptions: { logger: { trace() {}, debug() {}, info() {}, log() {}, warn() {}, error: (m) => process.stderr.write(`${m}\n`) } },
  });
  const connection = await Connection.connect({ address: values.address });
  const client = new Client({ connection });
  const run = Promise.resolve().then(() => worker.run());
  const runTag = crypto.randomUUID().slice(0, 8);
  try {
    if (warmup > 0) {
      await runBatch(client, taskQueue, `bench-warmup-${runTag}`, warmup);
    }
    const serverCpuBefore = values['server-pid'] ? processCpuSeconds(values['server-pid']) : null;
    const workerCpuBefore = process.cpuUsage();
    const { latencies, failures, seconds } = await runBatch(client, taskQueue, `bench-${runTag}`, n);
    const workerCpu = process.cpuUsage(workerCpuBefore);
    const serverCpuAfter = values['server-pid'] ? processCpuSeconds(values['server-pid']) : null;
    const completed = latencies.length;
    process.stdout.write(
      `${JSON.stringify({
        store: values.store,
        n,
        concurrency,
        completed,
        failures,
        seconds: Number(seconds.toFixed(2)),
        workflowsPerSecond: Number((completed / seconds).toFixed(1)),
        p50Ms: Math.round(percentile(latencies, 50)),
        p99Ms: Math.round(percentile(latencies, 99)),
        workerCpuSeconds: Number(((workerCpu.user + workerCpu.system) / 1e6).toFixed(1)),
        serverCpuSeconds:
          serverCpuBefore === null || serverCpuAfter === null ? null : Number((serverCpuAfter - serverCpuBefore).toFixed(1)),
      })}\n`,
    );
  } finally {
    worker.shutdown();
    await run;
    await connection.close();
    await nativeConnection.close();
  }
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
