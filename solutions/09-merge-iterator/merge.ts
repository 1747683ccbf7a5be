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
 */
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
  return compareEntries(a.entry, b.entry) || a.index - b.index;
}

/** A k-way merge of sorted sources; itself an EntryIterator, so merges nest. */
export class MergeIterator implements EntryIterator {
  private readonly heap = new BinaryHeap<Cursor>(compareCursors);

  /** `sources` newest first. The merge starts unpositioned: call `seek()`. */
  constructor(private readonly sources: readonly EntryIterator[]) {}

  /** Whether the merge is on an entry: false before the first seek and once every source is exhausted. */
  get valid(): boolean {
    return this.heap.size > 0;
  }

  /** The smallest entry of all the sources. Throws RangeError if the merge is not valid. */
  current(): WalEntry {
    const top = this.heap.peek();
    if (top === undefined)
      throw new RangeError('MergeIterator.current(): the merge is not on an entry; check valid first.');
    return top.entry;
  }

  /** Seeks EVERY source to `target` (all of them: an exhausted one may have entries there). */
  async seek(target?: InternalKey): Promise<void> {
    this.heap.clear();
    await Promise.all(this.sources.map((source) => source.seek(target)));
    this.sources.forEach((source, index) => this.enter(source, index));
  }

  /**
   * Moves past the current entry: advances its source, and every other source positioned at the
   * same internal key (an older copy of the same write).
   */
  async next(): Promise<void> {
    const top = this.heap.peek();
    if (top === undefined) {
      throw new RangeError(
        'MergeIterator.next(): the merge is not on an entry; seek() first, and stop when valid is false.',
      );
    }
    const passed = top.entry;
    while (this.heap.size > 0 && compareEntries(this.heap.peek()!.entry, passed) === 0) {
      const cursor = this.heap.pop()!;
      await cursor.source.next();
      this.enter(cursor.source, cursor.index);
    }
  }

  /** Puts a source into the heap at its current entry; an exhausted source stays out. */
  private enter(source: EntryIterator, index: number): void {
    if (source.valid) this.heap.push({ source, index, entry: source.current() });
  }
}
