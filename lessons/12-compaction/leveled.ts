/**
 * Lesson 12: leveled compaction. Level 0 fills with every flush, and its tables overlap, so a
 * read may have to ask each of them. Compaction merges tables into the level below, where
 * tables never overlap: a read asks at most one table per level from level 1 down.
 *
 * - Level 0 is compacted into level 1 once it holds `level0Tables` tables: every level-0 table
 *   and every level-1 table whose key range overlaps them.
 * - Level n (n >= 1) is compacted into level n + 1 once it holds more than its budget:
 *   `level1Bytes * sizeRatio^(n - 1)`. One table of it (taking turns through the key space),
 *   with every table of level n + 1 it overlaps.
 * - The merge keeps only the newest version of each key. A tombstone is dropped only when no
 *   deeper level can hold an older version of its key: otherwise that older value would come
 *   back to life.
 * - A pick that overlaps nothing below (and whose level-0 tables do not overlap each other) is a
 *   move: one edit takes its tables down a level, unread and unwritten, as LevelDB's trivial
 *   move does. A fill in key order then writes each key to a table once.
 * - The output is written as new tables first; one version edit then adds them and removes the
 *   inputs, atomically. The engine deletes the input files only after that edit is durable, so
 *   a crash at any moment leaves either the old tables or the new ones in the version.
 *
 * It plugs into lesson 10 through the `compaction` option: the engine runs `compact` after every
 * flush, in the background, one at a time.
 */
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { MergeIterator } from '@ferris/09-merge-iterator/merge.ts';
import { tableMayHold } from '@ferris/10-lsm-engine/catalog.ts';
import type { CompactionHost, CompactionStrategy } from '@ferris/10-lsm-engine/options.ts';
import { LEVEL_COUNT, type TableMeta, type VersionState } from '@ferris/10-lsm-engine/version.ts';
import { NotImplemented } from '@support/not-implemented.ts';

export interface LeveledOptions {
  /** Compact level 0 once it holds this many tables. Default 4 (LevelDB's). */
  readonly level0Tables?: number;
  /** The byte budget of level 1. Default 10 MiB (LevelDB's). */
  readonly level1Bytes?: number;
  /** Each level below 1 may hold this many times the bytes of the one above. Default 10. */
  readonly sizeRatio?: number;
  /** Output tables are cut once they reach about this many bytes. Default 2 MiB. */
  readonly targetTableBytes?: number;
}

/** LevelDB's settings (db/dbformat.h, db/version_set.cc, options.h), the defaults here. */
export const DEFAULT_LEVELED: Required<LeveledOptions> = Object.freeze({
  level0Tables: 4,
  level1Bytes: 10 * 1024 * 1024,
  sizeRatio: 10,
  targetTableBytes: 2 * 1024 * 1024,
});

/** What compaction did so far: for write amplification (bytes written over bytes flushed). */
export interface CompactionStats {
  compactions: number;
  tablesRead: number;
  bytesRead: number;
  bytesWritten: number;
  /** Picks done as moves (canMove): tables taken down a level with no read and no write. */
  moves: number;
}

export interface LeveledCompaction extends CompactionStrategy {
  readonly stats: CompactionStats;
}

/** A compaction to run: tables of `level` and of `level + 1`, merged into `level + 1`. */
export interface CompactionPick {
  readonly level: number;
  readonly inputs: readonly TableMeta[];
  readonly overlapping: readonly TableMeta[];
}

/** The smallest and largest user keys of `tables` (not empty). */
export function keyRange(tables: readonly TableMeta[]): { smallest: Uint8Array; largest: Uint8Array } {
  let smallest = tables[0]!.smallest.userKey;
  let largest = tables[0]!.largest.userKey;
  for (const t of tables) {
    if (compareBytes(t.smallest.userKey, smallest) < 0) smallest = t.smallest.userKey;
    if (compareBytes(t.largest.userKey, largest) > 0) largest = t.largest.userKey;
  }
  return { smallest, largest };
}

/** The tables of `tables` whose key range meets [smallest, largest]. */
export function overlapping(tables: readonly TableMeta[], smallest: Uint8Array, largest: Uint8Array): TableMeta[] {
  // TODO: the tables whose [smallest, largest] meets the range (sharing one key counts).
  throw new NotImplemented('12-compaction', 'overlapping()');
}

/** The byte budget of `level` (1 and below). */
export function levelBudget(level: number, level1Bytes: number, sizeRatio: number): number {
  return level1Bytes * sizeRatio ** (level - 1);
}

/** Whether no level below `level` holds a table whose range contains `key`. */
export function isBottomFor(version: VersionState, level: number, key: Uint8Array): boolean {
  // TODO: true unless some table of a level deeper than `level` may hold `key` (tableMayHold).
  throw new NotImplemented('12-compaction', 'isBottomFor()');
}

/**
 * Whether `job` can be done as a move: its tables go down a level as they are. True when no
 * table of the level below overlaps them and they do not overlap each other, so the level below
 * stays sorted and disjoint. Versions inside a table stay as they are (tombstones too).
 */
export function canMove(job: CompactionPick): boolean {
  // TODO: true when nothing in the level below overlaps the pick, and no two of its tables
  //       overlap each other (level 0's may): sort them by smallest key and compare neighbours.
  throw new NotImplemented('12-compaction', 'canMove()');
}

export function leveledCompaction(options: LeveledOptions = {}): LeveledCompaction {
  const level0Tables = options.level0Tables ?? DEFAULT_LEVELED.level0Tables;
  const level1Bytes = options.level1Bytes ?? DEFAULT_LEVELED.level1Bytes;
  const sizeRatio = options.sizeRatio ?? DEFAULT_LEVELED.sizeRatio;
  const targetTableBytes = options.targetTableBytes ?? DEFAULT_LEVELED.targetTableBytes;
  if (!Number.isInteger(level0Tables) || level0Tables < 1)
    throw new RangeError(`level0Tables must be a whole number of at least 1, got ${level0Tables}.`);
  if (!(sizeRatio >= 2)) throw new RangeError(`sizeRatio must be at least 2, got ${sizeRatio}.`);
  const stats: CompactionStats = { compactions: 0, tablesRead: 0, bytesRead: 0, bytesWritten: 0, moves: 0 };
  /** Per level, the largest key of the last table compacted from it: the next pick starts after it. */
  const cursor = new Map<number, Uint8Array>();

  function pick(version: VersionState): CompactionPick | null {
    // TODO: level 0 with level0Tables tables or more: all of them, and the level-1 tables they overlap.
    // TODO: else the first level from 1 over its budget (levelBudget): one table of it, taking
    // turns through the key space (`cursor`), and the tables of the level below it overlaps.
    // TODO: null when nothing needs compacting.
    throw new NotImplemented('12-compaction', 'pick()');
  }

  async function run(host: CompactionHost, job: CompactionPick): Promise<void> {
    // TODO: a pick that canMove: ONE host.applyEdit that adds its tables at the level below and
    //       removes them from theirs (count it in stats.compactions and stats.moves); no merge.
    // TODO: open every input (host.openTable) and merge them (lesson 09's MergeIterator).
    // TODO: keep the newest version of each key; drop a tombstone only if isBottomFor says so.
    // TODO: write the survivors as tables of about targetTableBytes (host.options.writeTable, host.newFileNumber).
    // TODO: update stats, then ONE host.applyEdit: outputs added, inputs removed. Never delete
    // an input yourself: the engine does it once the edit is durable.
    throw new NotImplemented('12-compaction', 'run()');
  }

  return {
    name: 'leveled',
    stats,
    async compact(host) {
      for (let job = pick(host.version); job !== null; job = pick(host.version)) {
        await run(host, job);
        if (host.oneAtATime) return;
      }
    },
  };
}
