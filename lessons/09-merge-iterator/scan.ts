/**
 * Lesson 09: what a reader sees. The top level of the merge: one value per live key.
 *
 * The merge yields every version in internal-key order, so all versions of one user key arrive
 * together, newest first. The first version visible at the read's sequence number decides the
 * key: a put gives its value, a tombstone says the key is deleted. Every older version of that
 * key is skipped, and so is the tombstone itself: deletes hide data, they are never returned.
 *
 * Your task: mergedScan (README, "The task"); checkReadSequence is given.
 */
import { NotImplemented } from '@support/not-implemented.ts';
import { MAX_SEQUENCE } from '@ferris/01-wal-entry/entry.ts';
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { MergeIterator } from './merge.ts';
import type { EntryIterator } from './source.ts';

/** The range and the point in time of a scan; the same options as `MemTable.scan`. */
export interface MergedScanOptions {
  /** The first user key to include (inclusive). Default: the smallest key. */
  readonly start?: Uint8Array;
  /** The first user key NOT to include (exclusive). Default: no end. */
  readonly end?: Uint8Array;
  /** See the writes with sequence numbers up to and including this one. Default: every write. */
  readonly atSequence?: number;
}

/** Throws a RangeError unless `atSequence` is a whole number from 0 to MAX_SEQUENCE. */
export function checkReadSequence(atSequence: number): void {
  if (!Number.isInteger(atSequence) || atSequence < 0 || atSequence > MAX_SEQUENCE) {
    throw new RangeError(
      `atSequence must be a whole number from 0 to MAX_SEQUENCE (${MAX_SEQUENCE}), got ${atSequence}.`,
    );
  }
}

/**
 * The live keys of all `sources` (newest first) from `start` (inclusive) to `end` (exclusive),
 * in key order, each once with its newest value visible at `atSequence`. Keys whose newest
 * visible version is a tombstone are left out.
 */
export async function* mergedScan(
  sources: readonly EntryIterator[],
  options: MergedScanOptions = {},
): AsyncGenerator<[Uint8Array, Uint8Array]> {
  // TODO: checkReadSequence; a MergeIterator over the sources; seek it to (start, atSequence),
  //       or to the beginning without a start.
  // TODO: walk the merge until it ends or reaches `end` (exclusive). Skip versions newer than
  //       atSequence. The first visible version of a user key decides it: yield its value if
  //       it is a put, nothing if it is a tombstone, and skip every older version of that key.
  throw new NotImplemented('09-merge-iterator', 'mergedScan()');
}
