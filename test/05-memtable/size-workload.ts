/**
 * The work each thread of workers.test.ts does, defined once so that the test can compute the
 * expected totals on its own and the worker (size-worker.ts) can do exactly that work.
 */
/** ENTRY_OVERHEAD_BYTES as the README documents it, written out here on purpose. */
const DOCUMENTED_OVERHEAD = 16;

export interface SizeWorkerData {
  /** The SizeCounter's shared buffer. */
  readonly counterBuffer: SharedArrayBuffer;
  /**
   * Int32Array [go flag, ready count, satisfied count]. Workers wait on the go flag so that they
   * all start at once, and keep adding until every one of them is satisfied (see below).
   */
  readonly gate: SharedArrayBuffer;
  /** How many workers share the gate. */
  readonly workers: number;
  /** This worker's number, 0..workers-1: it decides the worker's keys and values. */
  readonly index: number;
  /** How many puts the worker makes into its own memtable. */
  readonly writes: number;
  /**
   * Then many one-byte adds: at least `minAdds`, and until the worker has seen at least
   * `minInterleavings` adds of other threads land between two of its own (evidence that the
   * threads really ran at the same time, which is when a non-atomic update loses bytes), and
   * until every worker is satisfied so; never more than `maxAdds`.
   */
  readonly minAdds: number;
  readonly minInterleavings: number;
  readonly maxAdds: number;
}

export interface SizeWorkerReport {
  readonly index: number;
  /** The worker's memtable's approximateSize after its writes. */
  readonly tableSize: number;
  /** How many `counter.add(1)` calls it made. */
  readonly adds: number;
  /** How many times another thread's add landed between two of its own. */
  readonly interleavings: number;
}

/** Indexes into the gate. */
export const GATE_GO = 0;
export const GATE_READY = 1;
export const GATE_SATISFIED = 2;
export const GATE_SLOTS = 3;

/** The i-th write of worker `index`: a key unique across workers, a value of 0..12 bytes. */
export function workerWrite(index: number, i: number): { key: Uint8Array; value: Uint8Array } {
  const key = Uint8Array.from([index, i >>> 16, (i >>> 8) & 0xff, i & 0xff, ...(i % 3 === 0 ? [7, 7] : [])]);
  const value = new Uint8Array((i * 7 + index) % 13).fill(index);
  return { key, value };
}

/** What worker `index`'s memtable must count: the documented formula over its writes. */
export function expectedTableSize(index: number, writes: number): number {
  let total = 0;
  for (let i = 0; i < writes; i++) {
    const { key, value } = workerWrite(index, i);
    total += key.length + value.length + DOCUMENTED_OVERHEAD;
  }
  return total;
}
