/**
 * Lesson 05, the size counter shared by real threads. Each test below targets a bug learners
 * really write:
 *
 * - "several workers ... the final count is exactly the sum": updating the shared count with a
 *   plain read-add-write (`cells[0] = cells[0] + n`) instead of Atomics.add, which loses updates
 *   when two threads add at the same moment. Four workers start together behind a gate and make
 *   one-byte adds (at least 50,000 each) until each has seen 50 adds of other threads land
 *   between two of its own, so the threads really ran at once (or until 400,000 adds, on a
 *   machine too busy to run them side by side; such a run is repeated, up to MAX_ATTEMPTS
 *   times). A non-atomic update loses tens of thousands of bytes whenever the threads overlap. The workers report how many adds they made, so the expected total is
 *   exact. Also caught: keeping the count in a private field instead of the shared buffer (each
 *   thread then counts alone); a memtable that does not charge the counter it was given, or
 *   charges a counter of its own.
 * - the same test checks each worker's own `approximateSize` against the documented formula: a
 *   memtable that reports the shared total as its own size.
 *
 * The workers are real worker_threads, started outside vitest: the worker script is TypeScript
 * (size-worker.ts), loaded with tsx (tsx-in-worker.mjs: on Node 20, `--import tsx` does not reach
 * worker threads) and the course loader (cli/loader/register.mjs), and it inherits FERRIS_MAP,
 * so it imports the same tree (reference, starter or mutant) as this test.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { SizeCounter } from '@ferris/05-memtable/size-counter.ts';
import { expectedTableSize, GATE_GO, GATE_SLOTS, type SizeWorkerData, type SizeWorkerReport } from './size-workload.ts';

const WORKERS = 4;
const WRITES_PER_WORKER = 2_000;
const MIN_ADDS = 50_000;
const MIN_INTERLEAVINGS = 50;
const MAX_ADDS = 400_000;
/** Runs that could not show the threads running side by side are repeated, at most this often. */
const MAX_ATTEMPTS = 5;
const ATTEMPTS_BUDGET_MS = 15_000;

const workerScript = new URL('./size-worker.ts', import.meta.url);
const execArgv = [
  '--import',
  new URL('./tsx-in-worker.mjs', import.meta.url).href,
  '--import',
  new URL('../../cli/loader/register.mjs', import.meta.url).href,
];

const started: Worker[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((w) => w.terminate()));
});

/** Starts one worker; resolves `ready` when it waits at the gate and `done` with its report. */
function startWorker(data: SizeWorkerData): { ready: Promise<void>; done: Promise<SizeWorkerReport> } {
  const worker = new Worker(workerScript, { execArgv, workerData: data });
  started.push(worker);
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const done = new Promise<SizeWorkerReport>((resolve, reject) => {
    worker.on('message', (message: { ready?: number } | SizeWorkerReport) => {
      if ('ready' in message) markReady();
      else resolve(message as SizeWorkerReport);
    });
    worker.on('error', (error) => reject(error));
    worker.on('exit', (code) =>
      reject(
        new Error(`worker ${data.index} (${fileURLToPath(workerScript)}) exited with code ${code} before reporting`),
      ),
    );
  });
  // A worker that fails before it is ready must not leave the test waiting at the gate.
  return { ready: Promise.race([ready, done.then(() => undefined)]), done };
}

/** One run: every worker writes and adds at once; returns what the counter and the reports say. */
async function runOnce(): Promise<{ counter: number; total: number; reports: SizeWorkerReport[] }> {
  const counter = new SizeCounter();
  const gate = new SharedArrayBuffer(GATE_SLOTS * Int32Array.BYTES_PER_ELEMENT);
  const workers = Array.from({ length: WORKERS }, (_, index) =>
    startWorker({
      counterBuffer: counter.buffer,
      gate,
      workers: WORKERS,
      index,
      writes: WRITES_PER_WORKER,
      minAdds: MIN_ADDS,
      minInterleavings: MIN_INTERLEAVINGS,
      maxAdds: MAX_ADDS,
    }),
  );
  await Promise.all(workers.map((w) => w.ready));
  const flag = new Int32Array(gate);
  Atomics.store(flag, GATE_GO, 1);
  Atomics.notify(flag, GATE_GO);
  const reports = await Promise.all(workers.map((w) => w.done));
  await Promise.all(started.splice(0).map((w) => w.terminate()));

  let total = 0;
  for (const report of reports) {
    const expected = expectedTableSize(report.index, WRITES_PER_WORKER);
    expect(
      report.tableSize,
      `worker ${report.index}'s memtable reports approximateSize ${report.tableSize}, but its ${WRITES_PER_WORKER} puts add up to ${expected} by the documented formula`,
    ).toBe(expected);
    total += expected + report.adds;
  }
  return { counter: counter.value, total, reports };
}

describe('a size counter shared by worker threads', () => {
  it(`${WORKERS} workers, each with its own memtable, write at the same time: the shared count is exactly the sum`, async () => {
    // On a busy machine the threads may take turns instead of running side by side, and then
    // even a non-atomic update loses nothing. A run in which some worker saw too few adds of
    // other threads land between its own proves nothing either way, so it is run again
    // (a few times, within a time budget) before the test accepts it.
    const began = Date.now();
    for (let attempt = 1; ; attempt++) {
      const { counter, total, reports } = await runOnce();
      const lost = total - counter;
      const interleavings = reports.map((r) => r.interleavings).join(', ');
      expect(
        counter,
        lost > 0
          ? `the shared counter lost ${lost} byte(s) of ${total}: two threads read the same old value and both wrote back their own sum ` +
              `(the workers saw ${interleavings} adds of other threads land between two of their own). Use Atomics.add on the shared buffer.`
          : `the shared counter holds ${counter}, but the workers added exactly ${total}`,
      ).toBe(total);
      const concurrent = reports.every((r) => r.interleavings >= MIN_INTERLEAVINGS);
      if (concurrent || attempt >= MAX_ATTEMPTS || Date.now() - began > ATTEMPTS_BUDGET_MS) return;
    }
  });
});
