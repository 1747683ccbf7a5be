/**
 * Lesson 17: the database, with `run` (the retry loop), atomic operations, versionstamps and
 * watches. Given code.
 *
 * It opens lesson 16's database for the store and the commit log, and runs its own commit path
 * over them (lesson 16's sequencer and resolver), with one step more: between the resolver's
 * verdicts and the log, each committed transaction's atomic and versionstamped writes become
 * plain mutations (write-ops.ts), in batch order, the transaction at position i of the batch
 * stamped versionstamp(version, i). After a batch is durable and visible, the armed watches on
 * the keys it wrote are checked against the new values.
 */
import type { Mutation } from '@ferris/14-mvcc/mutation.ts';
import { refusal } from '@ferris/16-transactions/commit-path.ts';
import { CommitQueue } from '@ferris/16-transactions/commit-queue.ts';
import { MAX_RECORD_MUTATIONS } from '@ferris/16-transactions/commit-record.ts';
import {
  databaseUnusable,
  DEFAULT_DURABLE_EVERY_BATCHES,
  openDatabase as openBaseDatabase,
  type Database as BaseDatabase,
  type DatabaseOptions as BaseOptions,
} from '@ferris/16-transactions/database.ts';
import { mutationRange, rangeContains } from '@ferris/16-transactions/keys.ts';
import { Resolver } from '@ferris/16-transactions/resolver.ts';
import { Sequencer } from '@ferris/16-transactions/sequencer.ts';
import { FdbError } from '@support/fdb-error.ts';
import type { FileSystem } from '@support/fs.ts';
import { run, type RetryEnv, type RetryOptions } from './retry.ts';
import { Transaction, type AtomicCommitRequest, type CommitPlace } from './transaction.ts';
import { MAX_BATCH_ORDER, versionstamp } from './versionstamp.ts';
import { WatchRegistry } from './watches.ts';
import { BatchState, materialize } from './write-ops.ts';

export interface DatabaseOptions extends BaseOptions {
  /** Clock, sleep and randomness for run(). Default: the real ones (tests pass a virtual clock). */
  readonly env?: RetryEnv;
  /** The most outstanding watches. Default DEFAULT_MAX_OUTSTANDING_WATCHES. */
  readonly maxWatches?: number;
}

/** The real world, for programs (never for tests: they pass a virtual clock). */
export const REAL_ENV: RetryEnv = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

interface PendingCommit {
  readonly request: AtomicCommitRequest;
  acknowledge(place: CommitPlace): void;
  refuse(error: Error): void;
}

/** Opens the database in `dir` (lesson 16's layout), replaying its commit log. */
export async function openDatabase(fs: FileSystem, dir: string, options: DatabaseOptions = {}): Promise<Database> {
  return new Database(await openBaseDatabase(fs, dir, options), options);
}

export class Database {
  readonly watches: WatchRegistry;
  private readonly sequencer: Sequencer;
  private readonly resolver: Resolver;
  private readonly env: RetryEnv;
  private readonly durableEvery: number;
  private state: 'open' | 'closed' | 'failed' = 'open';
  private failure: unknown = undefined;
  private readonly queue: CommitQueue<PendingCommit>;
  private batchesSinceDurable = 0;

  /** Use openDatabase. */
  constructor(
    private readonly base: BaseDatabase,
    options: DatabaseOptions,
  ) {
    this.sequencer = new Sequencer(base.store.latestVersion, options.clock);
    this.resolver = new Resolver(
      options.resolverWindowVersions === undefined ? {} : { windowVersions: options.resolverWindowVersions },
    );
    this.watches = new WatchRegistry(options.maxWatches);
    this.env = options.env ?? REAL_ENV;
    this.durableEvery = options.durableEveryBatches ?? DEFAULT_DURABLE_EVERY_BATCHES;
    // As many commits as one log record and one 2-byte batch order hold.
    this.queue = new CommitQueue<PendingCommit>({
      mutationsOf: (pending) => pending.request.ops.length,
      maxBatchCommits: MAX_BATCH_ORDER + 1,
      commitBatch: (batch) => this.commitBatch(batch),
      onFailure: (error) => {
        this.state = 'failed';
        this.failure = error;
      },
      unusable: (error) => databaseUnusable(base.dir, 'failed', error),
    });
  }

  get dir(): string {
    return this.base.dir;
  }

  /** The newest committed version. */
  get committedVersion(): number {
    return this.sequencer.committedVersion;
  }

  createTransaction(): Transaction {
    this.checkOpen();
    const sequencer = this.sequencer;
    return new Transaction({
      store: this.base.store,
      watches: this.watches,
      get committedVersion() {
        return sequencer.committedVersion;
      },
      submit: (request) => this.submit(request),
      checkOpen: () => this.checkOpen(),
    });
  }

  /** Runs `fn` in a transaction and commits it, retrying as onError says (retry.ts). */
  run<T>(fn: (tr: Transaction) => Promise<T>, options: RetryOptions = {}): Promise<T> {
    return run(() => this.createTransaction(), fn, this.env, options);
  }

  /** Waits for the commits under way, cancels the watches, and closes lesson 16's database. */
  async close(): Promise<void> {
    if (this.state === 'closed') return;
    await this.queue.draining;
    this.state = 'closed';
    this.watches.cancelAll(new FdbError('operation_cancelled', `the database in ${this.dir} was closed`));
    await this.base.close();
  }

  private submit(request: AtomicCommitRequest): Promise<CommitPlace> {
    this.checkOpen();
    if (request.ops.length > MAX_RECORD_MUTATIONS) {
      throw new RangeError(
        `A transaction holds at most ${MAX_RECORD_MUTATIONS} writes, not ${request.ops.length}: split the work.`,
      );
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ request, acknowledge: resolve, refuse: reject });
    });
  }

  /** Version, resolve, materialize, log and sync, apply and publish, answer, then the watches. */
  private async commitBatch(batch: readonly PendingCommit[]): Promise<void> {
    const store = this.base.store;
    const version = this.sequencer.nextCommitVersion();
    const verdicts = this.resolver.resolveBatch(
      version,
      batch.map((pending) => pending.request),
    );
    const before = new BatchState((key) => store.get(key, store.latestVersion));
    const mutations: Mutation[] = [];
    for (const [order, pending] of batch.entries()) {
      if (verdicts[order] === 'committed')
        mutations.push(...(await materialize(pending.request.ops, versionstamp(version, order), before)));
    }
    if (mutations.length > 0) {
      await this.base.log.append({ version, mutations });
      await this.base.log.sync();
      store.apply(version, mutations);
      this.sequencer.publish(version);
    }
    batch.forEach((pending, order) => {
      const verdict = verdicts[order]!;
      if (verdict === 'committed') pending.acknowledge({ version, stamp: versionstamp(version, order) });
      else pending.refuse(refusal(verdict, pending.request, version));
    });
    if (mutations.length > 0) await this.notifyWatches(version, mutations);
    if (++this.batchesSinceDurable >= this.durableEvery) {
      this.batchesSinceDurable = 0;
      if (store.oldestVersion > store.durableVersion) await this.base.makeDurable();
    }
  }

  /** Checks each armed watch whose key the batch wrote against the key's value at `version`. */
  private async notifyWatches(version: number, mutations: readonly Mutation[]): Promise<void> {
    for (const key of this.watches.armedKeys()) {
      const touched = mutations.some((m) => rangeContains(mutationRange(m), key));
      if (touched) this.watches.changed(key, await this.base.store.get(key, version));
    }
  }

  private checkOpen(): void {
    if (this.state !== 'open') throw databaseUnusable(this.dir, this.state, this.failure);
  }
}
