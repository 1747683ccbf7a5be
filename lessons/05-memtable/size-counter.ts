/**
 * Lesson 05: a byte counter that several threads can update at once.
 *
 * The count lives in a SharedArrayBuffer, so every worker thread that is given the buffer sees
 * the same eight bytes of memory. Updates go through `Atomics`, which makes each read-add-write
 * one indivisible step: two threads adding at the same moment both count. This is how a memory
 * budget is shared by every memtable of a process, like RocksDB's WriteBufferManager.
 *
 * Your task: the constructor, add() and value, marked TODO.
 */
import { NotImplemented } from '@support/not-implemented.ts';

/** The bytes a counter needs: one signed 64-bit integer. */
export const SIZE_COUNTER_BYTES = BigInt64Array.BYTES_PER_ELEMENT;

/** A byte count shared between threads through a SharedArrayBuffer. */
export class SizeCounter {
  /** The shared memory. Pass it to a worker (workerData or postMessage) and wrap it there. */
  readonly buffer: SharedArrayBuffer;
  // TODO: a typed-array view of the buffer for Atomics to work on (one 64-bit integer).

  /**
   * Wraps `buffer` (another thread's counter), or a new zeroed buffer if none is given. Throws a
   * TypeError for anything but a SharedArrayBuffer (an ArrayBuffer is copied when it is sent to a
   * worker, so each thread would count alone) and a RangeError if it has fewer than
   * SIZE_COUNTER_BYTES bytes.
   */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(SIZE_COUNTER_BYTES)) {
    // TODO: refuse anything that is not a SharedArrayBuffer (TypeError), or is too small (RangeError).
    // TODO: keep the buffer, and make a BigInt64Array view of its first 8 bytes. (Why not an
    // Int32Array? Count what a budget for many memtables can reach.)
    throw new NotImplemented('05-memtable', 'new SizeCounter()');
  }

  /**
   * Adds `bytes` (negative to give bytes back) in one atomic step and returns the new total.
   * Throws a RangeError if `bytes` is not a safe integer.
   */
  add(bytes: number): number {
    // TODO: refuse a `bytes` that is not a safe integer (RangeError).
    // TODO: one Atomics call adds and tells you the value it replaced. Not `view[0] = view[0] + n`:
    // another thread can add between your read and your write, and its bytes are lost.
    throw new NotImplemented('05-memtable', 'SizeCounter.add()');
  }

  /** The current total, read atomically. */
  get value(): number {
    // TODO: read the count with Atomics and return it as a number.
    throw new NotImplemented('05-memtable', 'SizeCounter.value');
  }
}
