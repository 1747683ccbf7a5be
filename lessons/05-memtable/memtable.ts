/**
 * Lesson 05: the memtable, the write-ahead log's projection in memory.
 *
 * Every write the log receives is applied here as a new version: a skip list (lesson 04) keyed
 * by internal keys (user key ascending, sequence number descending) maps each version to its WAL
 * entry. Nothing is overwritten and nothing is removed: a delete is a tombstone version that
 * hides the older ones. Reads name a sequence number and see exactly the writes up to it. When
 * the memtable is large enough it is flushed to disk in the order `entries()` gives (lesson 10),
 * and after a crash it is rebuilt by replaying the log (`replayLog`).
 *
 * Your task: every method marked TODO, and replayLog. The types, the error class, the overhead
 * constant and checkReadSequence are given.
 */
import { deleteEntry, MAX_SEQUENCE, putEntry, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { SkipList } from '@ferris/04-skip-list/skip-list.ts';
import type { RandomSource } from '@support/random.ts';
import { NotImplemented } from '@support/not-implemented.ts';
import { compareBytes, compareInternalKeys, type InternalKey } from './internal-key.ts';
import { SizeCounter } from './size-counter.ts';

/**
 * The fixed bytes counted for every entry besides its key and value: 8 for the sequence number
 * and the kind of write (LevelDB packs both into one 64-bit tag) and 4 for each of the two
 * lengths. See `MemTable.entrySize`.
 */
export const ENTRY_OVERHEAD_BYTES = 16;

/** What `get` found for a key at a sequence number. */
export type Lookup =
  /** The newest visible version is a put. */
  | { readonly kind: 'value'; readonly value: Uint8Array; readonly sequence: number }
  /** The newest visible version is a delete: the key has no value, and older versions must not be consulted. */
  | { readonly kind: 'deleted'; readonly sequence: number }
  /** This memtable has no visible version of the key: ask older data (SSTables, in later lessons). */
  | { readonly kind: 'missing' };

/**
 * Where a memtable keeps its versions: an ordered map from internal key to WAL entry. Lesson 04's
 * `SkipList<InternalKey, WalEntry>` ordered by compareInternalKeys is one (the default); lesson 13
 * builds another, with its nodes in typed arrays.
 */
export interface VersionMap {
  /** Maps `key` to `entry`: a new version, or a new entry for a version already present. */
  set(key: InternalKey, entry: WalEntry): void;
  /** The versions in internal-key order, from the first at or after `from` (from the start if undefined). */
  entries(from?: InternalKey): IterableIterator<[InternalKey, WalEntry]>;
}

export interface MemTableOptions {
  /**
   * The counter every entry's size is added to. Give several memtables (in several threads) the
   * same counter to keep one memory budget for all of them. Default: a new counter of its own.
   */
  readonly counter?: SizeCounter;
  /** The skip list's random source (tower heights). Default a fixed seed (lesson 04); tests pass their own. */
  readonly random?: RandomSource;
  /**
   * The map to keep the versions in, new and empty. Default: a lesson 04 SkipList ordered by
   * compareInternalKeys, with `random`. Lesson 13 passes a faster one.
   */
  readonly versions?: VersionMap;
}

export interface ScanOptions {
  /** The first user key to include (inclusive). Default: the smallest key. */
  readonly start?: Uint8Array;
  /** The first user key NOT to include (exclusive). Default: no end. */
  readonly end?: Uint8Array;
  /** See the writes with sequence numbers up to and including this one. Default: every write. */
  readonly atSequence?: number;
}

/** A write arrived with a smaller sequence number than one already applied. */
export class SequenceOrderError extends Error {
  override readonly name = 'SequenceOrderError';
  constructor(
    readonly sequence: number,
    readonly lastSequence: number,
  ) {
    super(
      `A write with sequence ${sequence} arrived after sequence ${lastSequence}: a memtable applies writes in log order. ` +
        'Apply entries in the order the log holds them (sequence numbers never go down).',
    );
  }
}

/** Checks a read's sequence number: a whole number from 0 to MAX_SEQUENCE. Given; call it from get and scan. */
function checkReadSequence(atSequence: number): void {
  if (!Number.isInteger(atSequence) || atSequence < 0 || atSequence > MAX_SEQUENCE) {
    throw new RangeError(
      `atSequence must be a whole number from 0 to MAX_SEQUENCE (${MAX_SEQUENCE}), got ${atSequence}.`,
    );
  }
}

/** An ordered, multi-version, in-memory table of writes. */
export class MemTable {
  /** The counter this memtable adds its entries' sizes to (shared if one was given). */
  readonly counter: SizeCounter;
  // TODO: your fields. The versions (a VersionMap: options.versions, or a SkipList<InternalKey,
  // WalEntry> ordered by compareInternalKeys), this memtable's own byte count, and the sequence
  // number of the last entry applied.

  constructor(options: MemTableOptions = {}) {
    // TODO: use options.counter, or a new SizeCounter of its own.
    // TODO: keep the versions in options.versions if it was given; else make the skip list with
    // compareInternalKeys, passing options.random on to it.
    throw new NotImplemented('05-memtable', 'new MemTable()');
  }

  /** Writes `value` for `key` at `sequence`. Validates and copies like lesson 01's putEntry. */
  put(sequence: number, key: Uint8Array, value: Uint8Array): void {
    // TODO: a put is a WAL entry applied. Lesson 01 makes the entry (and copies the bytes).
    throw new NotImplemented('05-memtable', 'MemTable.put()');
  }

  /** Deletes `key` at `sequence`: adds a tombstone. Validates and copies like deleteEntry. */
  delete(sequence: number, key: Uint8Array): void {
    // TODO: the same, with a delete entry.
    throw new NotImplemented('05-memtable', 'MemTable.delete()');
  }

  /**
   * Applies one WAL entry: adds it as a version and charges its size to `approximateSize` and
   * to the counter. Entries must come in log order: a sequence number smaller than the last one
   * applied throws SequenceOrderError. An equal one is allowed (several keys written at one
   * version, as a transaction does); for the same key, the later entry replaces the earlier one,
   * and both are counted (memory given to a memtable is not given back until it is dropped).
   */
  apply(entry: WalEntry): void {
    // TODO: refuse an entry whose sequence is below the last one applied (SequenceOrderError),
    // before changing anything.
    // TODO: set (entry.key, entry.sequence) -> entry in the skip list.
    // TODO: remember the sequence; add MemTable.entrySize(entry) to your byte count AND to the counter.
    throw new NotImplemented('05-memtable', 'MemTable.apply()');
  }

  /**
   * The newest version of `key` with a sequence number <= `atSequence` (default: the newest of
   * all). The returned value is the memtable's own array: read it, do not change it.
   */
  get(key: Uint8Array, atSequence: number = MAX_SEQUENCE): Lookup {
    // TODO: checkReadSequence(atSequence).
    // TODO: seek the skip list to the internal key (key, atSequence). Which versions sort before
    // it, and which is the first one at or after it?
    // TODO: that first entry answers, but only if its user key is `key`: it may be the next key.
    // A tombstone is { kind: 'deleted' }, never a reason to keep looking.
    throw new NotImplemented('05-memtable', 'MemTable.get()');
  }

  /**
   * The live keys from `start` (inclusive) to `end` (exclusive) in key order, each once, with its
   * newest value at `atSequence`. A key whose newest visible version is a tombstone is left out.
   */
  scan(options: ScanOptions = {}): IterableIterator<[Uint8Array, Uint8Array]> {
    // TODO: write this as a generator (`*scan(...)`) and checkReadSequence(atSequence).
    // TODO: seek to (start, atSequence) if there is a start, else iterate from the beginning.
    // TODO: stop at the first key >= end. Skip versions newer than atSequence. The first visible
    // version of a key decides it: yield it if it is a put, skip it if it is a tombstone, and skip
    // every older version of that key.
    throw new NotImplemented('05-memtable', 'MemTable.scan()');
  }

  /** Every version, tombstones included, in internal-key order: what a flush writes to disk. */
  entries(): IterableIterator<WalEntry> {
    // TODO: every entry of the skip list, in order. Nothing filtered: a flush must keep tombstones.
    throw new NotImplemented('05-memtable', 'MemTable.entries()');
  }

  /** This memtable's size in bytes: the sum of `MemTable.entrySize` over every entry applied. */
  get approximateSize(): number {
    // TODO: this memtable's own count (not the counter's value, which may be shared).
    throw new NotImplemented('05-memtable', 'MemTable.approximateSize');
  }

  /** The sequence number of the last entry applied, or -1 if none was. */
  get lastSequence(): number {
    // TODO
    throw new NotImplemented('05-memtable', 'MemTable.lastSequence');
  }

  /**
   * The bytes one entry counts for: key length + value length (0 for a tombstone) +
   * ENTRY_OVERHEAD_BYTES. It approximates what the entry will take on disk, not the JavaScript
   * heap (which depends on the engine and is not observable).
   */
  static entrySize(entry: WalEntry): number {
    // TODO: the formula above, exactly.
    throw new NotImplemented('05-memtable', 'MemTable.entrySize()');
  }
}

/**
 * Rebuilds a memtable from a log: applies every entry, in the log's order, to a new memtable.
 * The memtable is a fold over the log; this is that fold.
 */
export function replayLog(entries: Iterable<WalEntry>, options: MemTableOptions = {}): MemTable {
  // TODO: a new MemTable with these options; apply each entry in order; return it.
  throw new NotImplemented('05-memtable', 'replayLog()');
}
