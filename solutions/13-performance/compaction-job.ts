/**
 * Lesson 13: what the engine's thread and the compaction worker say to each other (see
 * worker-compaction.ts). Given code.
 *
 * The engine sends a job: where the tables are, the version as it is now, and the settings lesson
 * 12's strategy needs. The worker runs lesson 12's `leveledCompaction` on that version, writes
 * every new table under `COMPACTING_DIR`, with numbers of its own (from `WORKER_FILE_NUMBERS_FROM`),
 * and answers with the version edits the strategy made, in order. The engine then gives each new
 * table a number of its own, moves it next to the others and applies the edits.
 */
import type { CompactionStats, LeveledOptions } from '@ferris/12-compaction/leveled.ts';
import type { VersionEdit, VersionState } from '@ferris/10-lsm-engine/version.ts';
import type { PerformanceSettings } from './tuning.ts';

/** The folder, inside the database's, where the worker writes its tables. */
export const COMPACTING_DIR = 'compacting';

/**
 * The worker numbers its tables from here: far above any number the engine hands out, so that in
 * the worker's copy of the version its tables never share a number with the engine's.
 */
export const WORKER_FILE_NUMBERS_FROM = 2 ** 50;

/** The table filter, described so that the worker can make the same one (lesson 08's bloom filter, or none). */
export type FilterSetting = { readonly bitsPerKey: number } | null;

export interface CompactionJob {
  readonly id: number;
  /** The directory the engine's file system is rooted at. */
  readonly root: string;
  /** The database's folder, relative to `root`. */
  readonly dir: string;
  readonly version: VersionState;
  readonly blockSize: number;
  readonly filter: FilterSetting;
  readonly leveled: LeveledOptions;
  /** How the engine's file system was wrapped (lesson 13's settings): the worker's is wrapped alike. */
  readonly performance: PerformanceSettings;
}

export type CompactionResult =
  | {
      readonly id: number;
      /** The strategy's edits, in the order it made them. */
      readonly edits: readonly VersionEdit[];
      /** The worker's strategy's counters, all jobs so far. */
      readonly stats: CompactionStats;
    }
  | { readonly id: number; readonly error: { readonly name: string; readonly message: string } };

/** Whether `fileNumber` is one the worker gave a table it wrote. */
export function isWorkerFileNumber(fileNumber: number): boolean {
  return fileNumber >= WORKER_FILE_NUMBERS_FROM;
}

/** Where the worker writes the table it numbered `fileNumber`. */
export function compactingDir(dir: string): string {
  return `${dir}/${COMPACTING_DIR}`;
}
