/**
 * Lesson 10: write batches, and how the log tells a whole batch from a torn one.
 *
 * A batch is a list of puts and deletes that must happen all together or not at all, even across
 * a crash. In the log, a batch of n writes with first sequence number s is n + 1 lesson-01
 * entries, in n + 1 frames (lesson 02), written one after the other and synced once:
 *
 *   header: put(sequence s, key empty, value = n as 4 bytes, little-endian)
 *   op 0:   put or delete, sequence s
 *   op 1:   put or delete, sequence s + 1
 *   ...
 *   op n-1: put or delete, sequence s + n - 1
 *
 * The header is a length prefix one level up. A reader of the log stands at a batch boundary at
 * the start of the log and after every whole batch, so the entry there IS a header, whatever its
 * key: its position says so, no key is reserved. A crash can cut the log anywhere; a batch the
 * log ends inside has fewer than n ops after its header, and recovery drops it whole.
 */
import {
  deleteEntry,
  EntryValidationError,
  MAX_SEQUENCE,
  putEntry,
  type WalEntry,
} from '@ferris/01-wal-entry/entry.ts';
import { CorruptionError } from '@support/corruption-error.ts';

/** The most writes in one batch. */
export const MAX_BATCH_OPS = 100_000;
/** The header's value: the op count, a u32 little-endian. */
export const BATCH_HEADER_VALUE_BYTES = 4;

const EMPTY = new Uint8Array(0);

/** Puts and deletes to apply atomically with `db.write(batch)`. Validates and copies like lesson 01. Given. */
export class WriteBatch {
  /** The writes, in order; their sequence numbers are placeholders (0) until the batch is logged. */
  private readonly list: WalEntry[] = [];

  /** Adds a put of `value` for `key`. */
  put(key: Uint8Array, value: Uint8Array): this {
    this.checkRoom();
    this.list.push(putEntry(0, key, value));
    return this;
  }

  /** Adds a delete of `key`. */
  delete(key: Uint8Array): this {
    this.checkRoom();
    this.list.push(deleteEntry(0, key));
    return this;
  }

  /**
   * The writes in order (sequence numbers are placeholders). Their keys and values are the batch's
   * own checked copies, shared with the engine once written: read them, do not change them.
   */
  get ops(): readonly WalEntry[] {
    return this.list;
  }

  get count(): number {
    return this.list.length;
  }

  private checkRoom(): void {
    if (this.list.length >= MAX_BATCH_OPS) {
      throw new RangeError(
        `A batch holds at most MAX_BATCH_OPS = ${MAX_BATCH_OPS} writes; split the work into several batches.`,
      );
    }
  }
}

/** The check a batch in a log failed: its header, or its sequence numbers. */
export type BatchCheck = 'header' | 'sequence';

/**
 * The log holds entries that cannot be batches: not a crash (which only cuts the end), but damage
 * or a bug. Found among decoded entries, so it names the entry, not a byte offset.
 */
export class CorruptBatchError extends CorruptionError<BatchCheck> {
  override readonly name = 'CorruptBatchError';
  declare readonly file: string;
  constructor(
    file: string,
    /** The index, among the log's entries, of the entry that is wrong. */
    readonly entryIndex: number,
    check: BatchCheck,
    detail: string,
  ) {
    super(`Log ${file} holds a malformed batch at entry ${entryIndex} (${check}): ${detail}`, {
      file,
      check,
      advice: 'Keep the file and restore the database from a backup.',
    });
  }
}

/** What `readBatches` found in one log. */
export interface LoggedBatches {
  /** The ops of every whole batch, in log order, with their real sequence numbers. */
  readonly ops: WalEntry[];
  /** How many batches the log holds whole. */
  readonly batchCount: number;
  /** The sequence number of the last op of the last whole batch, or -1 if there is none. */
  readonly lastSequence: number;
  /** How many entries at the end belong to a batch the log ends inside (dropped). */
  readonly tornEntries: number;
}

/** The header's value: `count` as 4 bytes, little-endian. */
function encodeCount(count: number): Uint8Array {
  const out = new Uint8Array(BATCH_HEADER_VALUE_BYTES);
  new DataView(out.buffer).setUint32(0, count, true);
  return out;
}

/**
 * The log entries of `batch` when its first op gets `firstSequence`: the header, then each op
 * with sequence firstSequence + i. A batch with no ops has no entries.
 */
export function batchEntries(batch: WriteBatch, firstSequence: number): WalEntry[] {
  if (batch.count === 0) return [];
  const entries = [putEntry(firstSequence, EMPTY, encodeCount(batch.count))];
  // Counted as room left, not as firstSequence + count - 1: past 2^53 that sum is rounded.
  const room = MAX_SEQUENCE - firstSequence;
  if (batch.count - 1 > room) {
    throw new EntryValidationError(
      'sequence',
      `a batch of ${batch.count} ops from ${firstSequence} would pass MAX_SEQUENCE (${MAX_SEQUENCE}).`,
    );
  }
  // The batch checked and copied each key and value when it was put; the entries share them. A
  // second copy of every key and value cost a fill of a million keys about a tenth of its time.
  batch.ops.forEach((op, i) => entries.push(Object.freeze({ ...op, sequence: firstSequence + i })));
  return entries;
}

/**
 * Reads the batches of one log's entries (what recoverWal returned for `file`). Keeps the ops of
 * every whole batch and drops a batch the entries end inside. Throws CorruptBatchError for a
 * header that is not one (a key that is not empty, a value that is not a count from 1 to
 * MAX_BATCH_OPS) or an op whose sequence is not the next one.
 */
export function readBatches(entries: readonly WalEntry[], file: string): LoggedBatches {
  const ops: WalEntry[] = [];
  let batchCount = 0;
  let lastSequence = -1;
  let at = 0;
  while (at < entries.length) {
    const header = entries[at]!;
    const value = header.value;
    if (header.key.length !== 0 || value === null || value.length !== BATCH_HEADER_VALUE_BYTES) {
      throw new CorruptBatchError(
        file,
        at,
        'header',
        'a batch header is a put of the empty key whose value is a 4-byte count.',
      );
    }
    const count = new DataView(value.buffer, value.byteOffset, value.byteLength).getUint32(0, true);
    if (count < 1 || count > MAX_BATCH_OPS) {
      throw new CorruptBatchError(
        file,
        at,
        'header',
        `the count ${count} is outside 1..MAX_BATCH_OPS (${MAX_BATCH_OPS}).`,
      );
    }
    if (header.sequence <= lastSequence) {
      throw new CorruptBatchError(
        file,
        at,
        'sequence',
        `the batch starts at sequence ${header.sequence}, not after ${lastSequence}.`,
      );
    }
    // The log ends inside this batch: a crash cut it. It was never acknowledged; drop it whole.
    if (at + 1 + count > entries.length) return { ops, batchCount, lastSequence, tornEntries: entries.length - at };
    for (let i = 0; i < count; i++) {
      const op = entries[at + 1 + i]!;
      if (op.sequence !== header.sequence + i) {
        throw new CorruptBatchError(
          file,
          at + 1 + i,
          'sequence',
          `op ${i} of the batch has sequence ${op.sequence}, expected ${header.sequence + i}.`,
        );
      }
      ops.push(op);
    }
    lastSequence = header.sequence + count - 1;
    batchCount++;
    at += 1 + count;
  }
  return { ops, batchCount, lastSequence, tornEntries: 0 };
}
