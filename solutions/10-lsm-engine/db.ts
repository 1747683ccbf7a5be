/**
 * Lesson 10: the LSM engine. A write goes to the log, then to the memtable; a full memtable is
 * frozen, a new log is started, and the frozen memtable is flushed to a level-0 table in the
 * background. A read asks the memtable, the frozen memtables and the tables, newest first.
 *
 * The engine's state is a projection of two logs: the write-ahead logs (the data) and the
 * catalog (which files make up the database). Opening the database replays both.
 */
import { MAX_KEY_BYTES, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { recoverWal } from '@ferris/03-recovery/recovery.ts';
import { WalWriter } from '@ferris/03-recovery/wal-writer.ts';
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { MemTable } from '@ferris/05-memtable/memtable.ts';
import { TableReader } from '@ferris/07-sstable/table-reader.ts';
import { mergedScan } from '@ferris/09-merge-iterator/scan.ts';
import { IterableSource, type EntryIterator } from '@ferris/09-merge-iterator/source.ts';
import type { FileSystem } from '@support/fs.ts';
import { batchEntries, readBatches, WriteBatch } from './batch.ts';
import { findTable, tableMayHold, type Catalog } from './catalog.ts';
import { logPath, parseFileName, tablePath } from './files.ts';
import { DbClosedError, resolveOptions, type CompactionHost, type DbOptions, type ResolvedOptions } from './options.ts';
import type { TableMeta, VersionEdit, VersionState } from './version.ts';
import { SlabCopies } from '@support/copy.ts';

/** The keys and values `get` and `scan` hand to callers: slabs nothing inside the engine uses (support/copy.ts). */
const returned = new SlabCopies();

/** The key range of a scan: from `start` (inclusive) to `end` (exclusive); both optional. */
export interface ScanRange {
  readonly start?: Uint8Array;
  readonly end?: Uint8Array;
}

/** A memtable that no longer takes writes, waiting for its flush. */
interface Frozen {
  readonly memtable: MemTable;
  /** The log started when it was frozen: every log numbered below holds only its writes or older ones. */
  readonly nextLogNumber: number;
}

/** An open table, shared by every read; closed once it left the version and no read holds it. */
interface OpenTable {
  readonly reader: TableReader;
  refs: number;
  removed: boolean;
}

/**
 * A version with its tables, shared by every read of it, as LevelDB's Version is: a read pins the
 * view (one counter), not each of its tables. The view holds a ref on each table while it is the
 * current one or any read holds it.
 */
interface ReadView {
  readonly version: VersionState;
  /** tables[i] is the open table of version.levels.flat()[i]. */
  readonly tables: readonly OpenTable[];
  reads: number;
}

/** What one read holds on to: the version it reads, and the tables it pinned. */
interface Snapshot {
  readonly sequence: number;
  readonly memtables: readonly MemTable[];
  readonly version: VersionState;
  readonly tables: readonly OpenTable[];
  readonly view: ReadView;
}

/** Opens the database in `dir` (creating it if it is empty), replaying its catalog and its logs. */
export async function openDb(fs: FileSystem, dir: string, options: DbOptions = {}): Promise<Db> {
  return Db.open(fs, dir, options);
}

function checkKey(key: Uint8Array, what: string): void {
  if (!(key instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array, got ${typeof key}.`);
  if (key.length > MAX_KEY_BYTES)
    throw new RangeError(`${what} has ${key.length} bytes, over MAX_KEY_BYTES = ${MAX_KEY_BYTES}.`);
}

/** An embedded key-value database. Make one with `openDb`. */
export class Db {
  private state: 'open' | 'closed' | 'failed' = 'open';
  private failure: unknown = undefined;
  /** The memtable taking writes, and the log its writes go to. */
  private active: MemTable;
  private log: WalWriter;
  private logNumber: number;
  /** Frozen memtables, oldest first. */
  private readonly frozen: Frozen[] = [];
  private readonly tables = new Map<number, OpenTable>();
  private current: VersionState;
  /** The view of the current version, made by the first read after the version changed. */
  private view: ReadView | null = null;
  /** The last sequence number given to a write that is now visible. */
  private sequence: number;
  private nextFile: number;
  private writesSinceSync = 0;
  private bytesAtSync: number;
  /** One log user at a time: writes, freezes, syncs. */
  private lock: Promise<unknown> = Promise.resolve();
  /** The chain of background work: flushes, then compaction. */
  private background: Promise<void> = Promise.resolve();
  private readonly tableFs: FileSystem;

  private constructor(
    readonly fs: FileSystem,
    readonly dir: string,
    readonly options: ResolvedOptions,
    private readonly catalog: Catalog,
    opened: { memtable: MemTable; log: WalWriter; logNumber: number; sequence: number; nextFile: number },
  ) {
    this.active = opened.memtable;
    this.log = opened.log;
    this.logNumber = opened.logNumber;
    this.sequence = opened.sequence;
    this.nextFile = opened.nextFile;
    this.current = catalog.version;
    this.bytesAtSync = opened.log.size;
    this.tableFs = options.tableFileSystem(fs);
  }

  static async open(fs: FileSystem, dir: string, options: DbOptions = {}): Promise<Db> {
    const resolved = resolveOptions(options);
    await fs.mkdir(dir);
    const catalog = await resolved.catalog.open(fs, dir);
    const version = catalog.version;
    let highest = 0;
    const logs: number[] = [];
    for (const name of await fs.list(dir)) {
      const file = parseFileName(name);
      if (file === null) continue;
      highest = Math.max(highest, file.number);
      if (file.kind === 'log' && file.number >= version.logNumber) logs.push(file.number);
    }
    logs.sort((a, b) => a - b);
    const { memtable, lastSequence } = await replayLogs(fs, dir, logs, version.lastSequence);
    let nextFile = Math.max(version.nextFileNumber, highest + 1);
    const logNumber = nextFile++;
    const log = await WalWriter.open(fs, logPath(dir, logNumber), { sync: { kind: 'manual' } });
    // The replayed writes go to a table below (retireRecoveredLogs); new writes to a new memtable.
    const db = new Db(fs, dir, resolved, catalog, {
      memtable: resolved.memtable(),
      log,
      logNumber,
      sequence: lastSequence,
      nextFile,
    });
    for (const table of version.levels.flat()) await db.openTable(table.fileNumber);
    if (logs.length > 0) await db.retireRecoveredLogs(memtable);
    await db.deleteObsoleteFiles();
    db.schedule(() => resolved.compaction.compact(db.host()));
    return db;
  }

  /** The sequence number of the last write that reads can see. */
  get lastSequence(): number {
    return this.sequence;
  }

  /** The current version: the tables at each level and the catalog's counters. */
  get version(): VersionState {
    return this.current;
  }

  /** The number of the log that takes writes now. */
  get activeLogNumber(): number {
    return this.logNumber;
  }

  /** Sets `key` to `value`: a batch of one. */
  async put(key: Uint8Array, value: Uint8Array): Promise<void> {
    await this.write(new WriteBatch().put(key, value));
  }

  /** Deletes `key`: a batch of one. */
  async delete(key: Uint8Array): Promise<void> {
    await this.write(new WriteBatch().delete(key));
  }

  /**
   * Applies every write of `batch`, atomically: after a crash, all of them or none. Resolves once
   * the batch is in the log (and synced, under the default sync policy) and visible to reads.
   */
  async write(batch: WriteBatch): Promise<void> {
    this.checkOpen();
    if (batch.count === 0) return;
    await this.options.commit.submit(batch, (group) => this.writeGroup(group));
    if (this.active.approximateSize >= this.options.memtableBytes) {
      await this.exclusive(async () => {
        if (this.active.approximateSize >= this.options.memtableBytes) await this.freeze();
      });
    }
  }

  /** Logs a group of batches, syncs once if the policy says so, then applies them to the memtable. */
  private writeGroup(group: readonly WriteBatch[]): Promise<void> {
    return this.exclusive(async () => {
      this.checkOpen();
      try {
        let next = this.sequence + 1;
        const ops: WalEntry[] = [];
        for (const batch of group) {
          const entries = batchEntries(batch, next);
          for (const entry of entries) await this.log.append(entry);
          ops.push(...entries.slice(1));
          next += batch.count;
        }
        this.writesSinceSync += group.length;
        if (this.syncDue()) await this.syncLog();
        // One synchronous step: a read sees all of the group or none of it.
        for (const op of ops) this.active.apply(op);
        this.sequence = next - 1;
      } catch (error) {
        this.fail(error);
      }
    });
  }

  /**
   * The value of `key`, or undefined if it has none. Asks the active memtable, then the frozen
   * ones newest first, then the tables of level 0 newest first, then one table per deeper level.
   * The first that knows the key decides: a value, or a tombstone (undefined).
   */
  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    this.checkOpen();
    checkKey(key, 'The key');
    const snapshot = this.pin();
    try {
      for (const memtable of snapshot.memtables) {
        const found = memtable.get(key, snapshot.sequence);
        if (found.kind === 'value') return returned.copy(found.value);
        if (found.kind === 'deleted') return undefined;
      }
      // snapshot.tables[first + t] is the pinned reader of table t of a level whose tables start
      // at index first in level order. Never look a table up in this.tables after an await: a
      // compaction may have removed it from there.
      let first = 0;
      for (const [level, tables] of snapshot.version.levels.entries()) {
        // Level 0 overlaps: every table in range, newest first. Deeper levels: at most one table.
        const candidates = level === 0 ? tables.keys() : [findTable(tables, key)];
        for (const t of candidates) {
          if (t < 0 || !tableMayHold(tables[t]!, key)) continue;
          const found = await snapshot.tables[first + t]!.reader.get(key, snapshot.sequence);
          if (found.kind === 'value') return found.value;
          if (found.kind === 'deleted') return undefined;
        }
        first += tables.length;
      }
      return undefined;
    } finally {
      this.unpin(snapshot);
    }
  }

  /**
   * The live keys from `start` (inclusive) to `end` (exclusive), in key order, with their values,
   * as they were when the scan started: writes made during the scan are not seen.
   */
  async *scan(range: ScanRange = {}): AsyncGenerator<[Uint8Array, Uint8Array]> {
    this.checkOpen();
    if (range.start !== undefined) checkKey(range.start, 'The scan start');
    if (range.end !== undefined) checkKey(range.end, 'The scan end');
    const snapshot = this.pin();
    try {
      const sources: EntryIterator[] = snapshot.memtables.map((m) => new IterableSource(() => m.entries()));
      snapshot.version.levels.flat().forEach((meta, i) => {
        // A table wholly before the range, or wholly at or after its end, cannot hold a key of it.
        if (range.start !== undefined && compareBytes(meta.largest.userKey, range.start) < 0) return;
        if (range.end !== undefined && compareBytes(meta.smallest.userKey, range.end) >= 0) return;
        sources.push(snapshot.tables[i]!.reader.iterator());
      });
      for await (const [key, value] of mergedScan(sources, {
        start: range.start,
        end: range.end,
        atSequence: snapshot.sequence,
      })) {
        yield [returned.copy(key), returned.copy(value)];
      }
    } finally {
      this.unpin(snapshot);
    }
  }

  /** Flushes every write so far to tables, and waits until they are in the version. */
  async flush(): Promise<void> {
    this.checkOpen();
    await this.exclusive(async () => {
      if (this.active.approximateSize > 0) await this.freeze();
    });
    await this.settle();
  }

  /** Makes every write so far durable (under a sync policy other than every write). */
  async sync(): Promise<void> {
    this.checkOpen();
    await this.exclusive(() => this.syncLog());
  }

  /**
   * Waits for the writes and background work under way, syncs the log and closes every file.
   * Writes still in memtables stay in their logs, and the next open replays them.
   */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    await this.lock.catch(() => {});
    await this.background;
    const failed = this.state === 'failed';
    this.state = 'closed';
    // After the state changes, so that work the strategy asks for now is not run.
    const stopped = await this.options.compaction.close?.().then(
      () => undefined,
      (error: unknown) => ({ error }),
    );
    try {
      if (failed) await this.log.close().catch(() => {});
      else await this.log.close();
    } finally {
      for (const table of this.tables.values()) await table.reader.close().catch(() => {});
      this.tables.clear();
      await this.catalog.close();
    }
    if (stopped) throw stopped.error;
  }

  // ---- flush --------------------------------------------------------------------------------

  /** Freezes the active memtable: starts a new log and memtable, and schedules the flush. Under the lock. */
  private async freeze(): Promise<void> {
    while (this.frozen.length >= this.options.maxImmutableMemtables) {
      await this.background;
      this.checkOpen();
    }
    const number = this.newFileNumber();
    const log = await WalWriter.open(this.fs, logPath(this.dir, number), { sync: { kind: 'manual' } });
    const old = this.log;
    this.frozen.push({ memtable: this.active, nextLogNumber: number });
    this.active = this.options.memtable();
    this.log = log;
    this.logNumber = number;
    this.writesSinceSync = 0;
    this.bytesAtSync = log.size;
    await old.close();
    this.schedule(async () => {
      await this.flushOldest();
      await this.options.compaction.compact(this.host());
    });
  }

  /**
   * Writes the oldest frozen memtable as a level-0 table, records it in the catalog (with the
   * log number that makes its logs obsolete), and only then drops the memtable and its logs.
   */
  private async flushOldest(): Promise<void> {
    const frozen = this.frozen[0];
    if (frozen === undefined) return;
    const number = this.newFileNumber();
    const info = await this.options.writeTable(this.fs, tablePath(this.dir, number), frozen.memtable.entries(), {
      blockSize: this.options.blockSize,
      ...(this.options.filterPolicy ? { filterPolicy: this.options.filterPolicy } : {}),
    });
    const added =
      info.smallest === null || info.largest === null
        ? []
        : [
            {
              level: 0,
              table: {
                fileNumber: number,
                fileSize: info.fileSize,
                entryCount: info.entryCount,
                smallest: info.smallest,
                largest: info.largest,
              },
            },
          ];
    await this.applyEdit({
      added,
      logNumber: frozen.nextLogNumber,
      nextFileNumber: this.nextFile,
      lastSequence: Math.max(this.current.lastSequence, frozen.memtable.lastSequence),
    });
    this.frozen.shift();
  }

  /**
   * Opening: writes what the replayed logs held to a level-0 table and records the new log's
   * number in the catalog, so that every older log is obsolete and deleted. Without it each open
   * would leave one more log behind, and every later open would replay them all. LevelDB does
   * the same in `DBImpl::RecoverLogFile` and `DB::Open`.
   */
  private async retireRecoveredLogs(recovered: MemTable): Promise<void> {
    if (recovered.approximateSize > 0) {
      this.frozen.push({ memtable: recovered, nextLogNumber: this.logNumber });
      await this.flushOldest();
    } else {
      await this.applyEdit({ logNumber: this.logNumber, nextFileNumber: this.nextFile, lastSequence: this.sequence });
    }
  }

  /** Waits until no frozen memtable is left (or the database failed). */
  private async settle(): Promise<void> {
    while (this.frozen.length > 0) {
      await this.background;
      this.checkOpen();
    }
    await this.background;
    this.checkOpen();
  }

  // ---- the version and its files --------------------------------------------------------------

  /** Makes `edit` durable in the catalog, opens the tables it adds, installs the version, deletes dead files. */
  private async applyEdit(edit: VersionEdit): Promise<void> {
    await this.catalog.apply(edit);
    for (const { table } of edit.added ?? []) await this.openTable(table.fileNumber);
    this.current = this.catalog.version;
    this.retireView();
    // A table removed from one level and added to another (a move, as LevelDB's trivial move)
    // stays open: only tables gone from the version are closed.
    const live = new Set(this.current.levels.flat().map((t) => t.fileNumber));
    for (const { fileNumber } of edit.removed ?? []) {
      const table = this.tables.get(fileNumber);
      if (table === undefined || live.has(fileNumber)) continue;
      table.removed = true;
      this.tables.delete(fileNumber);
      if (table.refs === 0) await table.reader.close();
    }
    await this.deleteObsoleteFiles();
  }

  /**
   * Removes every file of the engine that nothing needs: logs older than the version's log
   * number (except the active one), tables not in the version, and half-written tables.
   */
  private async deleteObsoleteFiles(logNumber = this.current.logNumber): Promise<void> {
    const live = new Set(this.current.levels.flat().map((t) => t.fileNumber));
    for (const name of await this.fs.list(this.dir)) {
      const file = parseFileName(name);
      if (file === null) continue;
      const keep =
        file.kind === 'log'
          ? file.number >= logNumber || file.number === this.logNumber
          : file.kind === 'table'
            ? live.has(file.number)
            : false;
      if (!keep) await this.fs.remove(`${this.dir}/${name}`);
    }
  }

  private async openTable(fileNumber: number): Promise<TableReader> {
    const open = this.tables.get(fileNumber);
    if (open !== undefined) return open.reader;
    const reader = await TableReader.open(this.tableFs, tablePath(this.dir, fileNumber), {
      ...(this.options.filterPolicy ? { filterPolicy: this.options.filterPolicy } : {}),
      ...(this.options.blockCache ? { blockCache: this.options.blockCache } : {}),
    });
    this.tables.set(fileNumber, { reader, refs: 0, removed: false });
    return reader;
  }

  private newFileNumber(): number {
    return this.nextFile++;
  }

  /** The memtables (newest first), the version and its tables (in read order), pinned. */
  private pin(): Snapshot {
    const memtables = [this.active, ...this.frozen.map((f) => f.memtable).reverse()];
    const view = this.currentView();
    view.reads++;
    return { sequence: this.sequence, memtables, version: view.version, tables: view.tables, view };
  }

  private unpin(snapshot: Snapshot): void {
    const { view } = snapshot;
    view.reads--;
    if (view !== this.view && view.reads === 0) this.release(view);
  }

  /** The view of the current version: made once per version, not once per read. */
  private currentView(): ReadView {
    if (this.view !== null && this.view.version === this.current) return this.view;
    const tables = this.current.levels.flat().map((t: TableMeta) => this.tables.get(t.fileNumber)!);
    for (const table of tables) table.refs++;
    this.retireView();
    this.view = { version: this.current, tables, reads: 0 };
    return this.view;
  }

  /** The current view stops being current: released now if no read holds it, else by its last unpin. */
  private retireView(): void {
    const old = this.view;
    this.view = null;
    if (old !== null && old.reads === 0) this.release(old);
  }

  private release(view: ReadView): void {
    for (const table of view.tables) {
      table.refs--;
      // Nobody awaits a release, and closing a reader only releases a handle (no data is at
      // stake): a failed close is dropped here, not left as an unhandled rejection.
      if (table.removed && table.refs === 0) table.reader.close().catch(() => {});
    }
  }

  private host(): CompactionHost {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const db = this;
    return {
      fs: db.fs,
      dir: db.dir,
      options: db.options,
      get version() {
        return db.current;
      },
      get lastSequence() {
        return db.sequence;
      },
      newFileNumber: () => db.newFileNumber(),
      tablePath: (fileNumber) => tablePath(db.dir, fileNumber),
      openTable: (fileNumber) => db.openTable(fileNumber),
      applyEdit: (edit) => db.applyEdit({ nextFileNumber: db.nextFile, ...edit }),
      requestCompaction: () => db.schedule(() => db.options.compaction.compact(db.host())),
    };
  }

  // ---- plumbing -------------------------------------------------------------------------------

  private syncDue(): boolean {
    const policy = this.options.sync;
    switch (policy.kind) {
      case 'every-append':
        return true;
      case 'manual':
        return false;
      case 'every-n':
        return (
          (policy.appends !== undefined && this.writesSinceSync >= policy.appends) ||
          (policy.bytes !== undefined && this.log.size - this.bytesAtSync >= policy.bytes)
        );
    }
  }

  private async syncLog(): Promise<void> {
    await this.log.sync();
    this.writesSinceSync = 0;
    this.bytesAtSync = this.log.size;
  }

  /** Runs `work` after every earlier holder of the lock is done. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.lock.then(work);
    this.lock = run.catch(() => {});
    return run;
  }

  /** Adds background work to the chain; a failure stops the database. */
  private schedule(work: () => Promise<void>): void {
    this.background = this.background
      .then(() => (this.state === 'open' ? work() : undefined))
      .catch((error: unknown) => {
        if (this.state === 'open') {
          this.state = 'failed';
          this.failure = error;
        }
      });
  }

  private checkOpen(): void {
    if (this.state !== 'open') throw new DbClosedError(this.dir, this.state, this.failure);
  }

  private fail(error: unknown): never {
    if (this.state === 'open') {
      this.state = 'failed';
      this.failure = error;
    }
    throw error;
  }
}

/**
 * Replays the logs numbered `logs` (ascending) into a new memtable: recoverWal, then readBatches,
 * then every op of every whole batch applied in order. Returns the memtable and the last sequence
 * number: the larger of `lastSequence` (the catalog's) and the last one replayed.
 */
export async function replayLogs(
  fs: FileSystem,
  dir: string,
  logs: readonly number[],
  lastSequence: number,
): Promise<{ memtable: MemTable; lastSequence: number }> {
  const memtable = new MemTable();
  let last = lastSequence;
  for (const number of logs) {
    const path = logPath(dir, number);
    const { entries } = await recoverWal(fs, path);
    const batches = readBatches(entries, path);
    for (const op of batches.ops) memtable.apply(op);
    last = Math.max(last, batches.lastSequence);
  }
  return { memtable, lastSequence: last };
}
