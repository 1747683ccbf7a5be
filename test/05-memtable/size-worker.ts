/**
 * One thread of workers.test.ts: its own MemTable, charging a SizeCounter that every worker
 * shares through one SharedArrayBuffer.
 *
 * The test starts it with tsx and the course loader in execArgv, so `@ferris/...` resolves to the
 * same tree as the test (the worker inherits FERRIS_MAP). It waits at a start gate until every
 * worker is ready, so that all of them write at the same moment, then reports what it did.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MemTable } from '@ferris/05-memtable/memtable.ts';
import { SizeCounter } from '@ferris/05-memtable/size-counter.ts';
import {
  GATE_GO,
  GATE_READY,
  GATE_SATISFIED,
  workerWrite,
  type SizeWorkerData,
  type SizeWorkerReport,
} from './size-workload.ts';

const data = workerData as SizeWorkerData;
const counter = new SizeCounter(data.counterBuffer);
const table = new MemTable({ counter });
const gate = new Int32Array(data.gate);

Atomics.add(gate, GATE_READY, 1);
parentPort!.postMessage({ ready: data.index });
Atomics.wait(gate, GATE_GO, 0); // until the test sets the go flag

// Puts, each of which adds its entry's size to the shared counter.
for (let i = 0; i < data.writes; i++) {
  const { key, value } = workerWrite(data.index, i);
  table.put(i + 1, key, value);
}

// Many one-byte adds, until this worker has seen other threads' adds land between its own and
// every other worker has too: several threads doing read-add-writes on one number at once.
let adds = 0;
let interleavings = 0;
let satisfied = false;
let previous = counter.add(1);
adds++;
while (adds < data.maxAdds) {
  const total = counter.add(1);
  adds++;
  if (total !== previous + 1) interleavings++;
  previous = total;
  if (!satisfied && adds >= data.minAdds && interleavings >= data.minInterleavings) {
    satisfied = true;
    Atomics.add(gate, GATE_SATISFIED, 1);
  }
  if (satisfied && Atomics.load(gate, GATE_SATISFIED) === data.workers) break;
}

const report: SizeWorkerReport = { index: data.index, tableSize: table.approximateSize, adds, interleavings };
parentPort!.postMessage(report);
