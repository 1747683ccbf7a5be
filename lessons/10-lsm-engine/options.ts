/**
 * Lesson 10: the engine's options, its extension points and its errors. Given code.
 *
 * Later lessons plug into the engine here, without changing a line of lesson 10:
 * - `catalog`: where the version is kept (lesson 11's manifest).
 * - `compaction`: what runs after every flush (lesson 12's leveled compaction).
 * - `tableFileSystem`: the file system tables are read through (lesson 13's byte cache wraps it).
 * - `blockCache`: decoded data blocks kept for the next read (lesson 13's BlockCache, lesson 07's hook).
 * - `commit`: how concurrent writes reach the log (lesson 13's group commit).
 * - `filterPolicy`: the tables' filter (lesson 08's bloom filter by default).
 */
import { MemTable } from '@ferris/05-memtable/memtable.ts';
import { BloomFilterPolicy } from '@ferris/08-bloom-filter/bloom.ts';
import type { FilterPolicy } from '@ferris/07-sstable/format.ts';
import { DEFAULT_BLOCK_SIZE, MAX_BLOCK_SIZE, MIN_BLOCK_SIZE } from '@ferris/07-sstable/format.ts';
import type { DecodedBlockCache, TableReader } from '@ferris/07-sstable/table-reader.ts';
import { writeTable } from '@ferris/07-sstable/table-writer.ts';
import { checkSyncPolicy, type SyncPolicy } from '@ferris/03-recovery/wal-writer.ts';
import type { FileSystem } from '@support/fs.ts';
import type { WriteBatch } from './batch.ts';
import { snapshotCatalog, type CatalogFactory } from './catalog.ts';
import type { VersionEdit, VersionState } from './version.ts';

/** The default memtable budget: a memtable is frozen and flushed once it holds this many bytes. */
export const DEFAULT_MEMTABLE_BYTES = 4 * 1024 * 1024;
/** The smallest memtable budget (tests use tiny ones to flush often). */
export const MIN_MEMTABLE_BYTES = 64;
/** The default number of frozen memtables that may wait for their flush before writes wait too. */
export const DEFAULT_MAX_IMMUTABLE_MEMTABLES = 2;

/**
 * What a compaction strategy may do with the engine. Lesson 12 reads `version`, writes new
 * tables with `newFileNumber` and lesson 07's writeTable at `tablePath`, reads old ones with
 * `openTable`, and installs the result with one `applyEdit` (added and removed tables).
 */
export interface CompactionHost {
  readonly fs: FileSystem;
  readonly dir: string;
  readonly options: ResolvedOptions;
  /** The current version. */
  readonly version: VersionState;
  /** Every write up to this sequence number is in the version's tables or the memtables. */
  readonly lastSequence: number;
  /** A fresh file number (durable with the next edit). */
  newFileNumber(): number;
  tablePath(fileNumber: number): string;
  /** The engine's shared reader of a live table (do not close it). */
  openTable(fileNumber: number): Promise<TableReader>;
  /** Logs `edit` in the catalog, installs the new version, deletes files no longer live. */
  applyEdit(edit: VersionEdit): Promise<void>;
  /**
   * Asks for `compact` to be called again soon, in turn with the flushes: for a strategy whose
   * work finishes outside that turn (lesson 13's compaction on a worker thread). Nothing after close.
   */
  requestCompaction(): void;
  /**
   * Optional: when true, `compact` returns after each compaction it installs, and leaves the rest
   * to the next call, which sees the level-0 tables flushed meanwhile (lesson 13's worker, as
   * LevelDB's background thread does one compaction at a time). Default: until nothing is due.
   */
  readonly oneAtATime?: boolean;
}

/** Runs after every flush, one at a time, off the write path (writes wait only if memtables pile up). */
export interface CompactionStrategy {
  readonly name: string;
  compact(host: CompactionHost): Promise<void>;
  /**
   * Optional: waits for work the strategy started outside `compact` and stops it. The database
   * calls it once when it closes, after its last `compact`; what it throws, close throws, once
   * every file is closed.
   */
  close?(): Promise<void>;
}

/** Lesson 10's strategy: no compaction; level 0 grows with every flush. */
export const noCompaction: CompactionStrategy = { name: 'none', compact: async () => {} };

/**
 * How writes reach the log. `submit` is called once per `db.write`; it must call `writeGroup`
 * with that batch, alone or together with others (never twice), one group at a time, and resolve
 * once the group holding `batch` is written. `writeGroup` logs every batch of the group, syncs
 * once if the sync policy says so, and applies them to the memtable.
 */
export interface CommitStrategy {
  readonly name: string;
  submit(batch: WriteBatch, writeGroup: (group: readonly WriteBatch[]) => Promise<void>): Promise<void>;
}

/** Lesson 10's strategy: each write alone, in arrival order (a queue of one). */
export function serialCommit(): CommitStrategy {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    name: 'serial',
    submit(batch, writeGroup) {
      const mine = tail.then(() => writeGroup([batch]));
      tail = mine.catch(() => {});
      return mine;
    },
  };
}

/** Writes entries as a table, durably: lesson 07's writeTable, or one with its signature and its bytes. */
export type TableWriter = typeof writeTable;

export interface DbOptions {
  /** Freeze and flush the memtable once it holds this many bytes (MemTable.approximateSize). Default 4 MiB. */
  readonly memtableBytes?: number;
  /** When the log is synced, counted in writes (one batch is one write). Default every write. */
  readonly sync?: SyncPolicy;
  /** Frozen memtables that may wait for their flush; one more makes writes wait. Default 2. */
  readonly maxImmutableMemtables?: number;
  /** The tables' filter. Default a 10-bit bloom filter (lesson 08); null for none. */
  readonly filterPolicy?: FilterPolicy | null;
  /** The tables' block size (lesson 07). Default 4096. */
  readonly blockSize?: number;
  /** Where the version is kept. Default snapshotCatalog() (lesson 10); lesson 11 adds manifestCatalog(). */
  readonly catalog?: CatalogFactory;
  /** What runs after each flush. Default noCompaction (lesson 12 adds leveled compaction). */
  readonly compaction?: CompactionStrategy;
  /** How writes reach the log. Default serialCommit() (lesson 13 adds group commit). */
  readonly commit?: CommitStrategy;
  /** Wraps the file system tables are read through (lesson 13's block cache). Default: as it is. */
  readonly tableFileSystem?: (fs: FileSystem) => FileSystem;
  /** Checked data blocks kept for the next read, shared by every table (lesson 13). Default: none. */
  readonly blockCache?: DecodedBlockCache | null;
  /**
   * Makes each new memtable the engine writes to, empty. Default `() => new MemTable()` (lesson 05);
   * lesson 13 gives one whose versions are kept in typed arrays.
   */
  readonly memtable?: () => MemTable;
  /**
   * Writes every table the engine makes: the flush's, and lesson 12's compaction's. Default lesson
   * 07's writeTable; lesson 13 gives one that writes the same bytes without an object per entry.
   */
  readonly writeTable?: TableWriter;
}

export interface ResolvedOptions {
  readonly memtableBytes: number;
  readonly sync: SyncPolicy;
  readonly maxImmutableMemtables: number;
  readonly filterPolicy: FilterPolicy | null;
  readonly blockSize: number;
  readonly catalog: CatalogFactory;
  readonly compaction: CompactionStrategy;
  readonly commit: CommitStrategy;
  readonly tableFileSystem: (fs: FileSystem) => FileSystem;
  readonly blockCache: DecodedBlockCache | null;
  readonly memtable: () => MemTable;
  readonly writeTable: TableWriter;
}

/**
 * An option given to openDb is outside what the engine accepts. Thrown at open, before any file
 * is touched, so a bad option never becomes a flush that fails later in the background.
 */
export class InvalidOptionError extends RangeError {
  override readonly name = 'InvalidOptionError';
  constructor(
    readonly option: keyof DbOptions,
    readonly value: unknown,
    /** What the option accepts, in words ("a whole number from 64 to 16777216"). */
    readonly allowed: string,
    cause?: unknown,
  ) {
    super(
      `The option ${option} must be ${allowed}, got ${showValue(value)}. Fix it in the options given to openDb().`,
      cause === undefined ? undefined : { cause },
    );
  }
}

function showValue(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null)
    return `an object without the right members (${Object.keys(value).join(', ') || 'none'})`;
  return String(value);
}

function wholeNumber(option: keyof DbOptions, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(
      option,
      value,
      max === Number.MAX_SAFE_INTEGER ? `a whole number of at least ${min}` : `a whole number from ${min} to ${max}`,
    );
  }
  return value;
}

/** `value` if it is an object whose `methods` are functions (an extension point), else an InvalidOptionError. */
function plugin<T extends object>(option: keyof DbOptions, value: T, methods: readonly string[], allowed: string): T {
  const record = value as Record<string, unknown> | null;
  if (typeof value !== 'object' || record === null || methods.some((m) => typeof record[m] !== 'function')) {
    throw new InvalidOptionError(option, value, allowed);
  }
  return value;
}

function syncPolicy(policy: SyncPolicy): SyncPolicy {
  try {
    return checkSyncPolicy(policy);
  } catch (error) {
    const allowed =
      "{ kind: 'every-append' }, { kind: 'manual' } or { kind: 'every-n' } with appends and/or bytes, whole numbers of at least 1";
    throw new InvalidOptionError('sync', policy, allowed, error);
  }
}

/** Fills in the defaults and checks every option; throws InvalidOptionError naming the option, the value and what is allowed. */
export function resolveOptions(options: DbOptions = {}): ResolvedOptions {
  const filterPolicy =
    options.filterPolicy === undefined ? new BloomFilterPolicy({ bitsPerKey: 10 }) : options.filterPolicy;
  const tableFileSystem = options.tableFileSystem ?? ((fs: FileSystem) => fs);
  if (typeof tableFileSystem !== 'function')
    throw new InvalidOptionError('tableFileSystem', tableFileSystem, 'a function from a FileSystem to a FileSystem');
  const memtable = options.memtable ?? (() => new MemTable());
  if (typeof memtable !== 'function')
    throw new InvalidOptionError('memtable', memtable, 'a function that makes a new, empty MemTable (lesson 05)');
  const tableWriter = options.writeTable ?? writeTable;
  if (typeof tableWriter !== 'function')
    throw new InvalidOptionError(
      'writeTable',
      tableWriter,
      "a function that writes a table as lesson 07's writeTable does",
    );
  return {
    memtableBytes: wholeNumber('memtableBytes', options.memtableBytes ?? DEFAULT_MEMTABLE_BYTES, MIN_MEMTABLE_BYTES),
    sync: syncPolicy(options.sync ?? { kind: 'every-append' }),
    maxImmutableMemtables: wholeNumber(
      'maxImmutableMemtables',
      options.maxImmutableMemtables ?? DEFAULT_MAX_IMMUTABLE_MEMTABLES,
      1,
    ),
    filterPolicy:
      filterPolicy === null
        ? null
        : plugin('filterPolicy', filterPolicy, ['createFilter', 'mayContain'], 'null or a FilterPolicy (lesson 07)'),
    blockSize: wholeNumber('blockSize', options.blockSize ?? DEFAULT_BLOCK_SIZE, MIN_BLOCK_SIZE, MAX_BLOCK_SIZE),
    catalog: plugin(
      'catalog',
      options.catalog ?? snapshotCatalog(),
      ['open'],
      'a CatalogFactory (snapshotCatalog() or manifestCatalog())',
    ),
    compaction: plugin('compaction', options.compaction ?? noCompaction, ['compact'], 'a CompactionStrategy'),
    commit: plugin(
      'commit',
      options.commit ?? serialCommit(),
      ['submit'],
      'a CommitStrategy (serialCommit() or groupCommit())',
    ),
    tableFileSystem,
    blockCache:
      options.blockCache == null
        ? null
        : plugin('blockCache', options.blockCache, ['get', 'set'], 'null or a DecodedBlockCache (lesson 07)'),
    memtable,
    writeTable: tableWriter,
  };
}

/** The database was closed, or stopped after a failure. */
export class DbClosedError extends Error {
  override readonly name = 'DbClosedError';
  constructor(
    readonly dir: string,
    readonly reason: 'closed' | 'failed',
    cause?: unknown,
  ) {
    super(
      reason === 'closed'
        ? `The database in ${dir} is closed. Open it again with openDb().`
        : `The database in ${dir} stopped after a failed write or flush (see the cause). ` +
            'Nothing acknowledged is lost: close it and open it again, which replays the logs.',
      cause === undefined ? undefined : { cause },
    );
  }
}
