/**
 * Lesson 09: a sorted source, the one shape the merge reads, and an adapter for sync iterables.
 *
 * A source is a run of versions (WAL entries) in internal-key order: user key ascending, then
 * sequence number descending. A memtable is one (`MemTable.entries()`), a table is one, and a
 * merge of sources is one too, so merges compose. Reading a table needs the disk, so the
 * interface is async; a source held in memory answers at once with resolved promises.
 *
 * Your task: IterableSource's seek() and next(). The interface, the comparisons and the order
 * check (read) are given.
 */
import { NotImplemented } from '@support/not-implemented.ts';
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { compareInternalKeys, type InternalKey } from '@ferris/05-memtable/internal-key.ts';

/** A sorted run of versions, read forward from a position that `seek` sets. */
export interface SortedSource {
  /**
   * Positions the source at its first entry whose internal key is >= `target`, or at its very
   * first entry when `target` is omitted. `current` is null afterwards if there is no such entry.
   * A source may be sought again at any time, backwards too.
   */
  seek(target?: InternalKey): Promise<void>;
  /** The entry at the position: null before the first seek and after the last entry. */
  readonly current: WalEntry | null;
  /** Moves to the next entry (null after the last). Throws RangeError when `current` is null. */
  next(): Promise<void>;
}

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
 * A SortedSource over anything that can list its entries in internal-key order, again and again:
 * `new IterableSource(() => memtable.entries())`, or over a sorted array `new
 * IterableSource(() => entries)`. Seeking starts a new pass and skips to the target, which costs
 * O(n); a source with an index (a table, a skip list) seeks faster.
 */
export class IterableSource implements SortedSource {
  private iterator: Iterator<WalEntry> | null = null;
  private entry: WalEntry | null = null;

  constructor(private readonly open: () => Iterable<WalEntry>) {}

  get current(): WalEntry | null {
    return this.entry;
  }

  async seek(target?: InternalKey): Promise<void> {
    // TODO: start a NEW pass: this.iterator = this.open()[Symbol.iterator](), and read the first entry.
    // TODO: with a target, read on while the entry's internal key sorts before the target
    //       (compareInternalKeys(internalKeyOf(entry), target) < 0). Stop on an equal one.
    throw new NotImplemented('09-merge-iterator', 'IterableSource.seek()');
  }

  async next(): Promise<void> {
    // TODO: a RangeError when there is no current entry; else read the next one.
    throw new NotImplemented('09-merge-iterator', 'IterableSource.next()');
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
