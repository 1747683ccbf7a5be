/**
 * Lesson 10: the version, which files make up the database. Given code.
 *
 * The engine's state is a projection of two logs. The write-ahead log holds the data; the
 * catalog holds the version: which tables exist and at which level, which logs are still needed,
 * the next file number, the last sequence number. The version only ever changes by a version edit
 * (tables added and removed, new counters), and `applyEdit` is that change: a pure function from
 * (version, edit) to the next version. Lesson 10 stores the whole version on every edit
 * (catalog.ts); lesson 11 stores the edits themselves, as a log, and replays them with applyEdit.
 *
 * Levels: level 0 holds the tables flushed from memtables, newest first; their key ranges may
 * overlap. Levels 1 and up (lesson 12's compaction fills them) hold tables sorted by key whose
 * ranges never overlap, so a read looks at one table per level.
 */
import type { InternalKey } from '@ferris/05-memtable/internal-key.ts';
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';

/** The number of levels: level 0 and levels 1 to 6, like LevelDB. */
export const LEVEL_COUNT = 7;

/** What the version knows of one table. */
export interface TableMeta {
  readonly fileNumber: number;
  readonly fileSize: number;
  readonly entryCount: number;
  /** The table's first and last internal keys. */
  readonly smallest: InternalKey;
  readonly largest: InternalKey;
}

/** Which files make up the database. Immutable: an edit makes a new one. */
export interface VersionState {
  /** `levels[0]` newest first (overlapping); `levels[1..]` by smallest key, not overlapping. */
  readonly levels: readonly (readonly TableMeta[])[];
  /** The oldest log still needed: every log with a smaller number is in tables already. */
  readonly logNumber: number;
  /** The next file number to hand out. */
  readonly nextFileNumber: number;
  /** Every sequence number in a table is at most this. */
  readonly lastSequence: number;
}

/** One change of the version. Missing fields do not change. */
export interface VersionEdit {
  readonly added?: readonly { readonly level: number; readonly table: TableMeta }[];
  readonly removed?: readonly { readonly level: number; readonly fileNumber: number }[];
  readonly logNumber?: number;
  readonly nextFileNumber?: number;
  readonly lastSequence?: number;
}

/** An edit does not fit the version it is applied to: a bug, or a damaged catalog. */
export class VersionEditError extends Error {
  override readonly name = 'VersionEditError';
  constructor(detail: string) {
    super(
      `A version edit does not fit the version: ${detail} The catalog and the engine disagree; do not write with this version.`,
    );
  }
}

/** The version of a new, empty database. File number 1 is the first one handed out. */
export function emptyVersion(): VersionState {
  return { levels: Array.from({ length: LEVEL_COUNT }, () => []), logNumber: 0, nextFileNumber: 1, lastSequence: 0 };
}

/** Every table of the version, all levels. */
export function allTables(version: VersionState): TableMeta[] {
  return version.levels.flat();
}

function checkLevel(level: number): void {
  if (!Number.isInteger(level) || level < 0 || level >= LEVEL_COUNT) {
    throw new VersionEditError(`level ${level} is not a level from 0 to ${LEVEL_COUNT - 1}.`);
  }
}

/**
 * The version after `edit`. Removes first, then adds; a counter in the edit replaces the old
 * one, except that no counter may go down. Throws VersionEditError for an edit that does not fit:
 * removing a table that is not there, adding one that is (an edit applied twice), a counter
 * going down, or overlapping tables in a level above 0.
 */
export function applyEdit(version: VersionState, edit: VersionEdit): VersionState {
  const levels = version.levels.map((tables) => [...tables]);
  for (const { level, fileNumber } of edit.removed ?? []) {
    checkLevel(level);
    const at = levels[level]!.findIndex((t) => t.fileNumber === fileNumber);
    if (at < 0) throw new VersionEditError(`table ${fileNumber} is not in level ${level}, so it cannot be removed.`);
    levels[level]!.splice(at, 1);
  }
  for (const { level, table } of edit.added ?? []) {
    checkLevel(level);
    if (levels.some((tables) => tables.some((t) => t.fileNumber === table.fileNumber))) {
      throw new VersionEditError(`table ${table.fileNumber} is already in the version (was this edit applied twice?).`);
    }
    levels[level]!.push(table);
  }
  // Level 0 newest first; the others by key, and their ranges must not overlap.
  levels[0]!.sort((a, b) => b.fileNumber - a.fileNumber);
  for (let level = 1; level < LEVEL_COUNT; level++) {
    const tables = levels[level]!;
    tables.sort((a, b) => compareBytes(a.smallest.userKey, b.smallest.userKey));
    for (let i = 1; i < tables.length; i++) {
      if (compareBytes(tables[i - 1]!.largest.userKey, tables[i]!.smallest.userKey) >= 0) {
        throw new VersionEditError(
          `tables ${tables[i - 1]!.fileNumber} and ${tables[i]!.fileNumber} overlap in level ${level}.`,
        );
      }
    }
  }
  const counter = (name: 'logNumber' | 'nextFileNumber' | 'lastSequence'): number => {
    const next = edit[name];
    if (next === undefined) return version[name];
    if (!Number.isSafeInteger(next) || next < version[name]) {
      throw new VersionEditError(`${name} would go from ${version[name]} to ${next}; it never goes down.`);
    }
    return next;
  };
  return {
    levels,
    logNumber: counter('logNumber'),
    nextFileNumber: counter('nextFileNumber'),
    lastSequence: counter('lastSequence'),
  };
}
