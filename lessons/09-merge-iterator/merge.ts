/**
 * Lesson 09: the k-way merge. Many sorted sources in, one sorted stream out.
 *
 * Every source is positioned at its smallest unread entry; a binary heap holds one cursor per
 * source that still has entries, ordered by that entry. The heap's top is the smallest entry of
 * all: that is the merge's current entry. Moving on pops that cursor, advances its source, and
 * pushes it back if the source has more. With k sources each step costs O(log k).
 *
 * Sources are listed newest first (the memtable, then tables from the newest down). The merge
 * yields every version of every key, in internal-key order; when two sources hold the very same
 * internal key (the same write, seen twice during a flush), it is yielded once, from the newer
 * source. Deciding which version a reader sees is the next layer's job (`scan.ts`).
 *
 * Your task: compareCursors, and MergeIterator's valid, current, seek, next and enter (README,
 * "The task").
 */
import { NotImplemented } from '@support/not-implemented.ts';
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import type { InternalKey } from '@ferris/05-memtable/internal-key.ts';
import { BinaryHeap } from './heap.ts';
import { compareEntries, type EntryIterator } from './source.ts';

/** One source in the heap: the entry it is positioned at, and its place in the source list. */
export interface Cursor {
  readonly source: EntryIterator;
  /** The source's index in the list given to the merge: 0 is the newest. */
  readonly index: number;
  /** The source's current entry when the cursor entered the heap. */
  readonly entry: WalEntry;
}

/**
 * The heap's order: by the entry's internal key; for the same internal key, the newer source
 * (the smaller index) first.
 */
export function compareCursors(a: Cursor, b: Cursor): number {
  // TODO: by the entries' internal keys (compareEntries); on a tie, the smaller index first.
  throw new NotImplemented('09-merge-iterator', 'compareCursors()');
}

/** A k-way merge of sorted sources; itself an EntryIterator, so merges nest. */
export class MergeIterator implements EntryIterator {
  private readonly heap = new BinaryHeap<Cursor>(compareCursors);

  /** `sources` newest first. The merge starts unpositioned: call `seek()`. */
  constructor(private readonly sources: readonly EntryIterator[]) {}

  /** Whether the merge is on an entry: false before the first seek and once every source is exhausted. */
  get valid(): boolean {
    // TODO: whether there is a cursor in the heap.
    throw new NotImplemented('09-merge-iterator', 'MergeIterator.valid');
  }

  /** The smallest entry of all the sources. Throws RangeError if the merge is not valid. */
  current(): WalEntry {
    // TODO: the entry of the cursor on top of the heap; a RangeError when the heap is empty.
    throw new NotImplemented('09-merge-iterator', 'MergeIterator.current()');
  }

  /** Seeks EVERY source to `target` (all of them: an exhausted one may have entries there). */
  async seek(target?: InternalKey): Promise<void> {
    // TODO: empty the heap; seek EVERY source to the target (Promise.all may seek them at once);
    //       then enter each source, with its index, in index order.
    throw new NotImplemented('09-merge-iterator', 'MergeIterator.seek()');
  }

  /**
   * Moves past the current entry: advances its source, and every other source positioned at the
   * same internal key (an older copy of the same write).
   */
  async next(): Promise<void> {
    // TODO: a RangeError when the merge is not on an entry.
    // TODO: remember the current entry; then, while the heap's top is at that same internal key,
    //       pop the cursor, advance its source, and enter the source again.
    throw new NotImplemented('09-merge-iterator', 'MergeIterator.next()');
  }

  /** Puts a source into the heap at its current entry; an exhausted source stays out. */
  private enter(source: EntryIterator, index: number): void {
    // TODO: push a cursor for the source at its current entry; a source that is not valid stays out.
    throw new NotImplemented('09-merge-iterator', 'MergeIterator.enter()');
  }
}
