/**
 * Lesson 05: the memtable, the write-ahead log's projection in memory.
 *
 * Every write the log receives is applied here as a new version: a skip list (lesson 04) keyed
 * by internal keys (user key ascending, sequence number descending) maps each version to its WAL
 * entry. Nothing is overwritten and nothing is removed: a delete is a tombstone version that
 * hides the older ones. Reads name a sequence number and see exactly the writes up to it. When
 * the memtable is large enough it is flushed to disk in the order `entries()` gives (lesson 10),
 * and after a crash it is rebuilt by replaying the log (`replayLog`).
 */
import { deleteEntry, MAX_SEQUENCE, putEntry, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { SkipList } from '@ferris/04-skip-list/skip-list.ts';
import type { RandomSource } from '@support/random.ts';
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

const MISSING: Lookup = Object.freeze({ kind: 'missing' });

/** Checks a read's sequence number: a whole number from 0 to MAX_SEQUENCE. */
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
  /** Every version, newest first within a key. The value is the WAL entry that wrote it. */
  private readonly versions: VersionMap;
  /** This memtable's own bytes, by the entrySize formula. */
  private bytes = 0;
  private last = -1;

  constructor(options: MemTableOptions = {}) {
    this.counter = options.counter ?? new SizeCounter();
    this.versions =
      options.versions ?? new SkipList<InternalKey, WalEntry>(compareInternalKeys, { random: options.random });
  }

  /** Writes `value` for `key` at `sequence`. Validates and copies like lesson 01's putEntry. */
  put(sequence: number, key: Uint8Array, value: Uint8Array): void {
    this.apply(putEntry(sequence, key, value));
  }

  /** Deletes `key` at `sequence`: adds a tombstone. Validates and copies like deleteEntry. */
  delete(sequence: number, key: Uint8Array): void {
    this.apply(deleteEntry(sequence, key));
  }

  /**
   * Applies one WAL entry: adds it as a version and charges its size to `approximateSize` and
   * to the counter. Entries must come in log order: a sequence number smaller than the last one
   * applied throws SequenceOrderError. An equal one is allowed (several keys written at one
   * version, as a transaction does); for the same key, the later entry replaces the earlier one,
   * and both are counted (memory given to a memtable is not given back until it is dropped).
   */
  apply(entry: WalEntry): void {
    if (entry.sequence < this.last) throw new SequenceOrderError(entry.sequence, this.last);
    this.versions.set({ userKey: entry.key, sequence: entry.sequence }, entry);
    this.last = entry.sequence;
    const size = MemTable.entrySize(entry);
    this.bytes += size;
    this.counter.add(size);
  }

  /**
   * The newest version of `key` with a sequence number <= `atSequence` (default: the newest of
   * all). The returned value is the memtable's own array: read it, do not change it.
   */
  get(key: Uint8Array, atSequence: number = MAX_SEQUENCE): Lookup {
    checkReadSequence(atSequence);
    // (key, atSequence) sorts just before every version of `key` that is visible at atSequence,
    // and after every newer one: the first entry at or after it is the answer, if it is `key`.
    const first = this.versions.entries({ userKey: key, sequence: atSequence }).next();
    if (first.done) return MISSING;
    const entry = first.value[1];
    if (compareBytes(entry.key, key) !== 0) return MISSING;
    if (entry.value === null) return { kind: 'deleted', sequence: entry.sequence };
    return { kind: 'value', value: entry.value, sequence: entry.sequence };
  }

  /**
   * The live keys from `start` (inclusive) to `end` (exclusive) in key order, each once, with its
   * newest value at `atSequence`. A key whose newest visible version is a tombstone is left out.
   */
  *scan(options: ScanOptions = {}): IterableIterator<[Uint8Array, Uint8Array]> {
    const { start, end, atSequence = MAX_SEQUENCE } = options;
    checkReadSequence(atSequence);
    const from = start === undefined ? undefined : { userKey: start, sequence: atSequence };
    let decided: Uint8Array | null = null; // the last user key whose visible version was seen
    for (const [, entry] of this.versions.entries(from)) {
      if (end !== undefined && compareBytes(entry.key, end) >= 0) return;
      if (entry.sequence > atSequence) continue; // written after the snapshot: invisible
      if (decided !== null && compareBytes(entry.key, decided) === 0) continue; // an older version
      decided = entry.key;
      if (entry.value !== null) yield [entry.key, entry.value]; // a tombstone hides its key
    }
  }

  /** Every version, tombstones included, in internal-key order: what a flush writes to disk. */
  *entries(): IterableIterator<WalEntry> {
    for (const [, entry] of this.versions.entries()) yield entry;
  }

  /** This memtable's size in bytes: the sum of `MemTable.entrySize` over every entry applied. */
  get approximateSize(): number {
    return this.bytes;
  }

  /** The sequence number of the last entry applied, or -1 if none was. */
  get lastSequence(): number {
    return this.last;
  }

  /**
   * The bytes one entry counts for: key length + value length (0 for a tombstone) +
   * ENTRY_OVERHEAD_BYTES. It approximates what the entry will take on disk, not the JavaScript
   * heap (which depends on the engine and is not observable).
   */
  static entrySize(entry: WalEntry): number {
    const valueBytes = entry.value === null ? 0 : entry.value.length;
    return entry.key.length + valueBytes + ENTRY_OVERHEAD_BYTES;
  }
}

/**
 * Rebuilds a memtable from a log: applies every entry, in the log's order, to a new memtable.
 * The memtable is a fold over the log; this is that fold.
 */
export function replayLog(entries: Iterable<WalEntry>, options: MemTableOptions = {}): MemTable {
  const table = new MemTable(options);
  for (const entry of entries) table.apply(entry);
  return table;
}
