/**
 * Lesson 16: the database, which wires the parts of a commit together. Given code.
 *
 *   <dir>/store/       lesson 10's engine under lesson 14's versioned store
 *   <dir>/commit-log/  the commit log (commit-log.ts): the truth
 *
 * Opening replays every commit-log record above the store's durable version into the store,
 * then trims the log below it. Commits queue up (commit-queue.ts); whatever queued while one
 * batch was on its way becomes the next batch, which commit-path.ts carries through. Every
 * `durableEveryBatches` committed batches, the store writes the oldest version it may (lesson
 * 14's makeDurable) and the log forgets what the store now holds.
 */
import { openDb, type Db } from '@ferris/10-lsm-engine/db.ts';
import type { DbOptions } from '@ferris/10-lsm-engine/options.ts';
import { openVersionedStore, type VersionedStore } from '@ferris/14-mvcc/versioned-store.ts';
import { FdbError } from '@support/fdb-error.ts';
import type { FileSystem } from '@support/fs.ts';
import { CommitLog } from './commit-log.ts';
import { commitBatch, type CommitRequest, type PendingCommit } from './commit-path.ts';
import { CommitQueue } from './commit-queue.ts';
import { MAX_RECORD_MUTATIONS } from './commit-record.ts';
import { Resolver } from './resolver.ts';
import { Sequencer, type VersionClock } from './sequencer.ts';
import { Transaction } from './transaction.ts';

/** The store's folder inside the database's directory. */
export const STORE_DIR = 'store';
/** By default the store is made durable (and the log trimmed) every this many committed batches. */
export const DEFAULT_DURABLE_EVERY_BATCHES = 64;

export interface DatabaseOptions {
  /** A version floor for the sequencer (tests jump past the MVCC window with it). Default none. */
  readonly clock?: VersionClock;
  /** The resolver's window in versions. Default lesson 14's MVCC_WINDOW_VERSIONS. */
  readonly resolverWindowVersions?: number;
  /** Make the store durable and trim the log every this many committed batches. Default 64. */
  readonly durableEveryBatches?: number;
  /** Options of the engine under the store (lesson 10). */
  readonly engine?: DbOptions;
}

/**
 * The error for any use of a closed or failed database: client_invalid_operation (2000) once it
 * is closed; io_error (1510), with the failure as its cause, once a commit failed on its way to
 * the log (acknowledged commits are safe: reopening replays the log).
 */
export function databaseUnusable(dir: string, reason: 'closed' | 'failed', cause?: unknown): FdbError {
  const error =
    reason === 'closed'
      ? new FdbError('client_invalid_operation', `the database in ${dir} is closed; open it again with openDatabase()`)
      : new FdbError(
          'io_error',
          `the database in ${dir} stopped after a commit failed on its way to the log; close it and open it again, which replays the log`,
        );
  if (cause !== undefined) error.cause = cause;
  return error;
}

/** Opens the database in `dir` (creating it if it is empty) and replays its commit log. */
export async function openDatabase(fs: FileSystem, dir: string, options: DatabaseOptions = {}): Promise<Database> {
  const engine = await openDb(fs, `${dir}/${STORE_DIR}`, options.engine);
  try {
    const store = await openVersionedStore(engine);
    const { log, records } = await CommitLog.open(fs, dir);
    for (const record of records)
      if (record.version > store.durableVersion) store.apply(record.version, record.mutations);
    await log.trim(store.durableVersion);
    return new Database(dir, engine, store, log, options);
  } catch (error) {
    await engine.close().catch(() => {});
    throw error;
  }
}

export class Database {
  private state: 'open' | 'closed' | 'failed' = 'open';
  private failure: unknown = undefined;
  private readonly sequencer: Sequencer;
  private readonly resolver: Resolver;
  private readonly durableEvery: number;
  private readonly queue: CommitQueue<PendingCommit>;
  private batchesSinceDurable = 0;

  /** Use openDatabase. */
  constructor(
    readonly dir: string,
    private readonly engine: Db,
    readonly store: VersionedStore,
    readonly log: CommitLog,
    options: DatabaseOptions,
  ) {
    this.sequencer = new Sequencer(store.latestVersion, options.clock);
    this.resolver = new Resolver(
      options.resolverWindowVersions === undefined ? {} : { windowVersions: options.resolverWindowVersions },
    );
    this.durableEvery = options.durableEveryBatches ?? DEFAULT_DURABLE_EVERY_BATCHES;
    if (!Number.isSafeInteger(this.durableEvery) || this.durableEvery < 1) {
      throw new RangeError(`durableEveryBatches must be a whole number of at least 1, got ${this.durableEvery}.`);
    }
    this.queue = new CommitQueue<PendingCommit>({
      mutationsOf: (pending) => pending.request.mutations.length,
      commitBatch: async (batch) => {
        await commitBatch({ sequencer: this.sequencer, resolver: this.resolver, log: this.log, store }, batch);
        await this.afterBatch();
      },
      onFailure: (error) => {
        this.state = 'failed';
        this.failure = error;
      },
      unusable: (error) => databaseUnusable(dir, 'failed', error),
    });
  }

  /** A new transaction. It takes its read version at its first read (or at commit). */
  createTransaction(): Transaction {
    this.checkOpen();
    const sequencer = this.sequencer;
    return new Transaction({
      store: this.store,
      get committedVersion() {
        return sequencer.committedVersion;
      },
      submit: (request) => this.submit(request),
      checkOpen: () => this.checkOpen(),
    });
  }

  /** The newest committed version: what a transaction created now reads at. */
  get committedVersion(): number {
    return this.sequencer.committedVersion;
  }

  /** Writes the store's oldest version into the engine (if it moved) and trims the commit log. */
  async makeDurable(): Promise<void> {
    this.checkOpen();
    await this.store.makeDurable(this.store.oldestVersion);
    await this.log.trim(this.store.durableVersion);
  }

  /** Waits for the commits under way, then closes the log and the engine. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    await this.queue.draining;
    this.state = 'closed';
    try {
      await this.log.close().catch((error: unknown) => {
        if (this.failure === undefined) throw error;
      });
    } finally {
      await this.engine.close();
    }
  }

  private submit(request: CommitRequest): Promise<number> {
    this.checkOpen();
    if (request.mutations.length > MAX_RECORD_MUTATIONS) {
      throw new RangeError(
        `A transaction holds at most ${MAX_RECORD_MUTATIONS} mutations, not ${request.mutations.length}: split the work.`,
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ request, acknowledge: resolve, refuse: reject });
    });
  }

  private async afterBatch(): Promise<void> {
    if (++this.batchesSinceDurable < this.durableEvery) return;
    this.batchesSinceDurable = 0;
    if (this.store.oldestVersion > this.store.durableVersion) await this.makeDurable();
  }

  private checkOpen(): void {
    if (this.state !== 'open') throw databaseUnusable(this.dir, this.state, this.failure);
  }
}
