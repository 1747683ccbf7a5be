/**
 * Lesson 09: the sources the merge reads, and an adapter for sources held in memory.
 *
 * A source is a run of versions (WAL entries) in internal-key order: user key ascending, then
 * sequence number descending. Every source speaks lesson 07's `EntryIterator`: a table's
 * iterator is one as it is, a memtable becomes one through `IterableSource`, and a merge of
 * sources is one too, so merges nest. Reading a table needs the disk, so `seek` and `next` are
 * async; a source held in memory answers at once with resolved promises.
 */
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { compareInternalKeys, type InternalKey } from '@ferris/05-memtable/internal-key.ts';
import type { EntryIterator } from '@ferris/07-sstable/entry-iterator.ts';

export type { EntryIterator };

/** The internal key of an entry: its user key and its sequence number. */
export function internalKeyOf(entry: WalEntry): InternalKey {
  return { userKey: entry.key, sequence: entry.sequence };
}

/** Compares two entries by internal key (user key ascending, then sequence descending). */
export function compareEntries(a: WalEntry, b: WalEntry): number {
  return compareInternalKeys(internalKeyOf(a), internalKeyOf(b));
}

/** An internal key for messages: key bytes in hex, "@", the sequence number. */
function describeKey(key: InternalKey): string {
  const hex = Array.from(key.userKey, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex === '' ? '(empty key)' : hex}@${key.sequence}`;
}

/** A source gave its entries out of internal-key order: the merge's output would be wrong. */
export class UnsortedSourceError extends Error {
  override readonly name = 'UnsortedSourceError';
  constructor(
    readonly previous: InternalKey,
    readonly next: InternalKey,
  ) {
    super(
      `A sorted source gave ${describeKey(next)} after ${describeKey(previous)}, out of internal-key order ` +
        '(user key ascending, then sequence descending, each internal key once). Sort the entries, or check the source.',
    );
  }
}

/**
 * An EntryIterator over anything that can list its entries in internal-key order, again and
 * again: `new IterableSource(() => memtable.entries())`, or over a sorted array `new
 * IterableSource(() => entries)`. Seeking starts a new pass and reads forward to the target,
 * which costs O(n); a source with an index (a table, a skip list) seeks faster.
 */
export class IterableSource implements EntryIterator {
  private iterator: Iterator<WalEntry> | null = null;
  private entry: WalEntry | null = null;

  constructor(private readonly open: () => Iterable<WalEntry>) {}

  get valid(): boolean {
    return this.entry !== null;
  }

  current(): WalEntry {
    if (this.entry === null)
      throw new RangeError('IterableSource.current(): the source is not on an entry; check valid first.');
    return this.entry;
  }

  async seek(target?: InternalKey): Promise<void> {
    this.iterator = this.open()[Symbol.iterator]();
    this.entry = this.read(null);
    if (target === undefined) return;
    while (this.entry !== null && compareInternalKeys(internalKeyOf(this.entry), target) < 0) {
      this.entry = this.read(this.entry);
    }
  }

  async next(): Promise<void> {
    if (this.entry === null) {
      throw new RangeError(
        'IterableSource.next(): the source is not on an entry; seek() first, and stop when valid is false.',
      );
    }
    this.entry = this.read(this.entry);
  }

  /** The iterator's next entry, or null at its end; throws UnsortedSourceError if it is out of order. */
  private read(previous: WalEntry | null): WalEntry | null {
    const step = this.iterator!.next();
    if (step.done) return null;
    if (previous !== null && compareEntries(previous, step.value) >= 0) {
      throw new UnsortedSourceError(internalKeyOf(previous), internalKeyOf(step.value));
    }
    return step.value;
  }
}
