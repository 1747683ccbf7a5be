/**
 * Lesson 07 (given): the iterator every sorted source of entries offers, so that lesson 09 can
 * merge tables and memtables without knowing which is which.
 *
 * Entries come in internal-key order (user key ascending, then sequence number descending),
 * tombstones included. The iterator starts invalid; `seek` positions it, `next` moves it on.
 *
 *   for (await it.seek(); it.valid; await it.next()) use(it.current());
 */
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import type { InternalKey } from '@ferris/05-memtable/internal-key.ts';

export interface EntryIterator {
  /** Whether the iterator is on an entry. */
  readonly valid: boolean;
  /** The entry the iterator is on. Throws RangeError if it is not valid. */
  current(): WalEntry;
  /**
   * Moves to the first entry at or after `target` in internal-key order: the first entry whose
   * user key is greater, or equal with a sequence number at or below `target.sequence`. Without a
   * target, to the first entry. Invalid if there is no such entry.
   */
  seek(target?: InternalKey): Promise<void>;
  /** Moves to the next entry; invalid after the last. Throws RangeError if not valid. */
  next(): Promise<void>;
}
