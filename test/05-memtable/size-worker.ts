/**
 * One thread of workers.test.ts: its own MemTable, charging a SizeCounter that every worker
 * shares through one SharedArrayBuffer.
 *
 * The test starts it with tsx and the course loader in execArgv, so `@ferris/...` resolves to the
 * same tree as the test (the worker inherits FERRIS_MAP). It waits at a start gate until every
 * worker is ready, so that all of them write at the same moment, then reports its table's size.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MemTable } from '@ferris/05-memtable/memtable.ts';
import { SizeCounter } from '@ferris/05-memtable/size-counter.ts';
import { workerWrite, type SizeWorkerData, type SizeWorkerReport } from './size-workload.ts';

const data = workerData as SizeWorkerData;
const counter = new SizeCounter(data.counterBuffer);
const table = new MemTable({ counter });
const gate = new Int32Array(data.gate);

Atomics.add(gate, 1, 1);
parentPort!.postMessage({ ready: data.index });
Atomics.wait(gate, 0, 0); // until the test sets the go flag

// Interleave puts (each one adds its entry size) with bursts of one-byte adds: many small
// read-add-writes from several threads at once, where a non-atomic update loses some.
const burst = Math.ceil(data.smallAdds / Math.max(1, data.writes));
let added = 0;
for (let i = 0; i < data.writes; i++) {
  const { key, value } = workerWrite(data.index, i);
  table.put(i + 1, key, value);
  for (let j = 0; j < burst && added < data.smallAdds; j++, added++) counter.add(1);
}
for (; added < data.smallAdds; added++) counter.add(1);

const report: SizeWorkerReport = { index: data.index, tableSize: table.approximateSize };
parentPort!.postMessage(report);
