/**
 * Lesson 05: a byte counter that several threads can update at once.
 *
 * The count lives in a SharedArrayBuffer, so every worker thread that is given the buffer sees
 * the same eight bytes of memory. Updates go through `Atomics`, which makes each read-add-write
 * one indivisible step: two threads adding at the same moment both count. This is how a memory
 * budget is shared by every memtable of a process, like RocksDB's WriteBufferManager.
 */

/** The bytes a counter needs: one signed 64-bit integer. */
export const SIZE_COUNTER_BYTES = BigInt64Array.BYTES_PER_ELEMENT;

/** A byte count shared between threads through a SharedArrayBuffer. */
export class SizeCounter {
  /** The shared memory. Pass it to a worker (workerData or postMessage) and wrap it there. */
  readonly buffer: SharedArrayBuffer;
  /** A 64-bit view of the first eight bytes of `buffer`: 32 bits would overflow at 2 GiB. */
  private readonly cells: BigInt64Array;

  /**
   * Wraps `buffer` (another thread's counter), or a new zeroed buffer if none is given. Throws a
   * TypeError for anything but a SharedArrayBuffer (an ArrayBuffer is copied when it is sent to a
   * worker, so each thread would count alone) and a RangeError if it has fewer than
   * SIZE_COUNTER_BYTES bytes.
   */
  constructor(buffer: SharedArrayBuffer = new SharedArrayBuffer(SIZE_COUNTER_BYTES)) {
    if (!(buffer instanceof SharedArrayBuffer)) {
      throw new TypeError(
        'SizeCounter needs a SharedArrayBuffer: an ArrayBuffer is copied when it is posted to a worker, so every thread would count on its own copy.',
      );
    }
    if (buffer.byteLength < SIZE_COUNTER_BYTES) {
      throw new RangeError(
        `SizeCounter needs a buffer of at least ${SIZE_COUNTER_BYTES} bytes (one 64-bit integer), got ${buffer.byteLength}.`,
      );
    }
    this.buffer = buffer;
    this.cells = new BigInt64Array(buffer, 0, 1);
  }

  /**
   * Adds `bytes` (negative to give bytes back) in one atomic step and returns the new total.
   * Throws a RangeError if `bytes` is not a safe integer.
   */
  add(bytes: number): number {
    if (!Number.isSafeInteger(bytes)) {
      throw new RangeError(`SizeCounter.add: bytes must be a whole number, got ${bytes}.`);
    }
    const delta = BigInt(bytes);
    const before = Atomics.add(this.cells, 0, delta);
    return Number(before + delta);
  }

  /** The current total, read atomically. */
  get value(): number {
    return Number(Atomics.load(this.cells, 0));
  }
}
