/**
 * Lesson 05, the size counter shared by real threads. Each test below targets a bug learners
 * really write:
 *
 * - "several workers ... the final count is exactly the sum": updating the shared count with a
 *   plain read-add-write (`cells[0] = cells[0] + n`) instead of Atomics.add, which loses updates
 *   when two threads add at the same moment (four workers make hundreds of thousands of one-byte
 *   adds at once, behind a start gate, so lost updates show every time); keeping the count in a
 *   private field instead of the shared buffer (each thread then counts alone); a memtable that
 *   does not charge the counter it was given, or charges a counter of its own.
 * - the same test checks each worker's own `approximateSize` against the documented formula: a
 *   memtable that reports the shared total as its own size.
 *
 * The workers are real worker_threads, started outside vitest: the worker script is TypeScript
 * (size-worker.ts), loaded with tsx and the course loader (cli/loader/register.mjs), and it
 * inherits FERRIS_MAP, so it imports the same tree (reference, starter or mutant) as this test.
 */
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { SizeCounter } from '@ferris/05-memtable/size-counter.ts';
import { expectedTableSize, type SizeWorkerData, type SizeWorkerReport } from './size-workload.ts';

const WORKERS = 4;
const WRITES_PER_WORKER = 4_000;
const SMALL_ADDS_PER_WORKER = 200_000;

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
      reject(new Error(`worker ${data.index} (${fileURLToPath(workerScript)}) exited with code ${code} before reporting`)),
    );
  });
  // A worker that fails before it is ready must not leave the test waiting at the gate.
  return { ready: Promise.race([ready, done.then(() => undefined)]), done };
}

describe('a size counter shared by worker threads', () => {
  it(
    `${WORKERS} workers, each with its own memtable, write at the same time: the shared count is exactly the sum`,
    async () => {
      const counter = new SizeCounter();
      const gate = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
      const workers = Array.from({ length: WORKERS }, (_, index) =>
        startWorker({
          counterBuffer: counter.buffer,
          gate,
          index,
          writes: WRITES_PER_WORKER,
          smallAdds: SMALL_ADDS_PER_WORKER,
        }),
      );
      await Promise.all(workers.map((w) => w.ready));
      const flag = new Int32Array(gate);
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
      const reports = await Promise.all(workers.map((w) => w.done));

      let tables = 0;
      for (const report of reports) {
        const expected = expectedTableSize(report.index, WRITES_PER_WORKER);
        expect(
          report.tableSize,
          `worker ${report.index}'s memtable reports approximateSize ${report.tableSize}, but its ${WRITES_PER_WORKER} puts add up to ${expected} by the documented formula`,
        ).toBe(expected);
        tables += expected;
      }
      const total = tables + WORKERS * SMALL_ADDS_PER_WORKER;
      const lost = total - counter.value;
      expect(
        counter.value,
        lost > 0
          ? `the shared counter lost ${lost} byte(s) of ${total}: two threads read the same old value and both wrote back their own sum. Use Atomics.add on the shared buffer.`
          : `the shared counter holds ${counter.value}, but the workers added exactly ${total}`,
      ).toBe(total);
    },
  );
});
