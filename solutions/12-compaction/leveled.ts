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
  return tables.filter(
    (t) => compareBytes(t.largest.userKey, smallest) >= 0 && compareBytes(t.smallest.userKey, largest) <= 0,
  );
}

/** The byte budget of `level` (1 and below). */
export function levelBudget(level: number, level1Bytes: number, sizeRatio: number): number {
  return level1Bytes * sizeRatio ** (level - 1);
}

/** Whether no level below `level` holds a table whose range contains `key`. */
export function isBottomFor(version: VersionState, level: number, key: Uint8Array): boolean {
  for (let deeper = level + 1; deeper < LEVEL_COUNT; deeper++) {
    if (version.levels[deeper]!.some((t) => tableMayHold(t, key))) return false;
  }
  return true;
}

/**
 * Whether `job` can be done as a move: its tables go down a level as they are. True when no
 * table of the level below overlaps them and they do not overlap each other, so the level below
 * stays sorted and disjoint. Versions inside a table stay as they are (tombstones too).
 */
export function canMove(job: CompactionPick): boolean {
  if (job.overlapping.length > 0) return false;
  // Sorted by smallest key, each table must end before the next begins.
  const sorted = [...job.inputs].sort((a, b) => compareBytes(a.smallest.userKey, b.smallest.userKey));
  return sorted.every((t, i) => i === 0 || compareBytes(sorted[i - 1]!.largest.userKey, t.smallest.userKey) < 0);
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
    const level0 = version.levels[0]!;
    if (level0.length >= level0Tables) {
      const { smallest, largest } = keyRange(level0);
      return { level: 0, inputs: level0, overlapping: overlapping(version.levels[1]!, smallest, largest) };
    }
    for (let level = 1; level < LEVEL_COUNT - 1; level++) {
      const tables = version.levels[level]!;
      const bytes = tables.reduce((n, t) => n + t.fileSize, 0);
      if (bytes <= levelBudget(level, level1Bytes, sizeRatio)) continue;
      const after = cursor.get(level);
      const table =
        tables.find((t) => after === undefined || compareBytes(t.smallest.userKey, after) > 0) ?? tables[0]!;
      cursor.set(level, table.largest.userKey);
      return {
        level,
        inputs: [table],
        overlapping: overlapping(version.levels[level + 1]!, table.smallest.userKey, table.largest.userKey),
      };
    }
    return null;
  }

  async function run(host: CompactionHost, job: CompactionPick): Promise<void> {
    const version = host.version;
    const output = job.level + 1;
    if (canMove(job)) {
      stats.compactions++;
      stats.moves++;
      await host.applyEdit({
        added: job.inputs.map((table) => ({ level: output, table })),
        removed: job.inputs.map((t) => ({ level: job.level, fileNumber: t.fileNumber })),
      });
      return;
    }
    // Newest first: level-0 tables newest first, then the level itself, then the level below.
    const sources = [...job.inputs, ...job.overlapping];
    const readers = await Promise.all(sources.map((t) => host.openTable(t.fileNumber)));
    const merge = new MergeIterator(readers.map((r) => r.iterator()));
    const added: { level: number; table: TableMeta }[] = [];
    let chunk: WalEntry[] = [];
    let chunkBytes = 0;
    const writeChunk = async () => {
      if (chunk.length === 0) return;
      const fileNumber = host.newFileNumber();
      const info = await host.options.writeTable(host.fs, host.tablePath(fileNumber), chunk, {
        blockSize: host.options.blockSize,
        ...(host.options.filterPolicy ? { filterPolicy: host.options.filterPolicy } : {}),
      });
      stats.bytesWritten += info.fileSize;
      added.push({
        level: output,
        table: {
          fileNumber,
          fileSize: info.fileSize,
          entryCount: info.entryCount,
          smallest: info.smallest!,
          largest: info.largest!,
        },
      });
      chunk = [];
      chunkBytes = 0;
    };
    let previous: Uint8Array | null = null;
    for (await merge.seek(); merge.valid; await merge.next()) {
      const entry = merge.current();
      // Only the newest version of a key survives (no reader needs older ones: reads pin tables).
      if (previous !== null && compareBytes(previous, entry.key) === 0) continue;
      previous = entry.key;
      if (entry.value === null && isBottomFor(version, output, entry.key)) continue;
      chunk.push(entry);
      chunkBytes += entry.key.length + (entry.value?.length ?? 0) + 16;
      if (chunkBytes >= targetTableBytes) await writeChunk();
    }
    await writeChunk();
    stats.compactions++;
    stats.tablesRead += sources.length;
    stats.bytesRead += sources.reduce((n, t) => n + t.fileSize, 0);
    await host.applyEdit({
      added,
      removed: [
        ...job.inputs.map((t) => ({ level: job.level, fileNumber: t.fileNumber })),
        ...job.overlapping.map((t) => ({ level: output, fileNumber: t.fileNumber })),
      ],
    });
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
