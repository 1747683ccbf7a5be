/**
 * Lesson 22, given: a client of the simulated cluster with lesson 17's API. `createTransaction()`
 * gives lesson 17's Transaction (read-your-writes, atomic operations, conflict ranges, limits),
 * and `run(fn)` its retry loop; only where the transaction gets its read version, its reads and
 * its commit changes:
 *
 * - the read version comes from a GRV proxy, asked before the first read (or the commit);
 * - reads go to a storage server at that version; if it does not answer (dead, cut off), to the
 *   next one: every storage server holds every key until sharding (lesson 23);
 * - the commit goes to a commit proxy. A commit whose request may have arrived (the connection
 *   broke after sending) fails with commit_unknown_result (1021): it may have committed.
 *
 * Everything waits through the client's simulated process: its clock for the retry loop's
 * backoff, its random source for the jitter and the choice of servers.
 */
import type { KeyValue } from '@ferris/14-mvcc/mutation.ts';
import type { RangeOptions } from '@ferris/14-mvcc/versioned-store.ts';
import type { RetryEnv, RetryOptions } from '@ferris/17-retry-loop/retry.ts';
import { run } from '@ferris/17-retry-loop/retry.ts';
import {
  Transaction,
  type AtomicCommitRequest,
  type AtomicTransactionHost,
  type CommitPlace,
} from '@ferris/17-retry-loop/transaction.ts';
import { WatchRegistry } from '@ferris/17-retry-loop/watches.ts';
import type { SimProcess } from '@ferris/19-faults/process.ts';
import {
  ENDPOINTS,
  type ClusterCommitRequest,
  type ClusterLayout,
  type CommitReply,
  type StorageGetReply,
  type StorageRangeReply,
  type VersionReply,
} from '@ferris/20-sequencer/protocol.ts';
import { isDeliveryFailure, requestUntilAnswered, RETRY_DELAY_MICROS } from '@ferris/20-sequencer/retry.ts';
import { CommitUnknownResult, FdbError, isFdbError } from '@support/fdb-error.ts';

/** A process's clock, sleep and random source, in the units of lesson 17's retry loop (ms). */
export function processEnv(p: SimProcess): RetryEnv {
  return {
    now: () => p.now / 1000,
    sleep: (ms) => p.sleep(Math.max(0, Math.round(ms * 1000))),
    random: () => p.random(),
  };
}

/** The cluster as one client process sees it. */
export class ClusterDatabase {
  readonly env: RetryEnv;
  /** Lesson 17's registry; the cluster does not serve watches yet (see ClusterTransaction.watch). */
  readonly watches = new WatchRegistry();

  constructor(
    /** The client's process: every request and every wait goes through it. */
    readonly process: SimProcess,
    readonly layout: ClusterLayout,
  ) {
    this.env = processEnv(process);
  }

  /** A new transaction; it asks for its read version at its first read (or its commit). */
  createTransaction(): Transaction {
    return new ClusterTransaction(this);
  }

  /** Runs `fn` in a transaction and commits it, retrying as lesson 17's onError says. */
  run<T>(fn: (tr: Transaction) => Promise<T>, options: RetryOptions = {}): Promise<T> {
    return run(() => this.createTransaction(), fn, this.env, options);
  }

  /** A read version from a GRV proxy (the first that answers). */
  async readVersion(): Promise<number> {
    const proxy = this.pick(this.layout.grvProxies);
    const reply = await requestUntilAnswered<VersionReply>(this.process, proxy, ENDPOINTS.getReadVersion, {});
    return reply.version;
  }

  /** `key` at `version`, from the first storage server that answers. */
  async get(key: Uint8Array, version: number): Promise<Uint8Array | undefined> {
    const reply = await this.fromStorage<StorageGetReply>(ENDPOINTS.get, { key, version });
    return reply.value ?? undefined;
  }

  /** [begin, end) at `version` with lesson 14's options (no limit: all), from the first storage server that answers. */
  async getRange(begin: Uint8Array, end: Uint8Array, version: number, options: RangeOptions = {}): Promise<KeyValue[]> {
    if (options.limit === 0) return [];
    const request = { begin, end, version, limit: options.limit ?? 0, reverse: options.reverse === true };
    return [...(await this.fromStorage<StorageRangeReply>(ENDPOINTS.getRange, request)).pairs];
  }

  /** Sends a commit to a commit proxy; a commit that may have arrived and got no answer is commit_unknown_result. */
  async commit(request: AtomicCommitRequest): Promise<CommitPlace> {
    const commit: ClusterCommitRequest = {
      readVersion: request.readVersion,
      readRanges: request.readRanges,
      writeRanges: request.writeRanges,
      ops: request.ops,
    };
    for (;;) {
      try {
        return await this.process.request<CommitReply>(this.pick(this.layout.commitProxies), ENDPOINTS.commit, commit);
      } catch (error) {
        if (isFdbError(error, 'request_maybe_delivered')) {
          throw new CommitUnknownResult(
            `the connection to the commit proxy broke after the commit was sent: ${String(error)}`,
          );
        }
        if (!isFdbError(error, 'broken_promise')) throw error;
        await this.process.sleep(RETRY_DELAY_MICROS); // never sent: sending it again is safe
      }
    }
  }

  /** Asks the storage servers in turn, from a random one, until one answers; its error is the answer. */
  private async fromStorage<T>(endpoint: string, payload: unknown): Promise<T> {
    const servers = this.layout.storage.map((s) => s.address);
    let at = Math.floor(this.process.random() * servers.length);
    for (let tried = 1; ; tried++) {
      try {
        return await this.process.request<T>(servers[at]!, endpoint, payload);
      } catch (error) {
        if (!isDeliveryFailure(error)) throw error;
        at = (at + 1) % servers.length;
        if (tried % servers.length === 0) await this.process.sleep(RETRY_DELAY_MICROS);
      }
    }
  }

  private pick(addresses: readonly string[]): string {
    return addresses[Math.floor(this.process.random() * addresses.length)]!;
  }
}

/** Lesson 17's transaction, reading at a version from a GRV proxy. */
class ClusterTransaction extends Transaction {
  private readonly clusterState: { readVersion: number | undefined };

  constructor(private readonly db: ClusterDatabase) {
    const state: { readVersion: number | undefined } = { readVersion: undefined };
    const host: AtomicTransactionHost = {
      get committedVersion(): number {
        if (state.readVersion === undefined) throw new Error('ClusterTransaction: the read version was not fetched');
        return state.readVersion;
      },
      store: { get: (key, version) => db.get(key, version), getRange: (b, e, v, o) => db.getRange(b, e, v, o) },
      watches: db.watches,
      submit: (request) => db.commit(request),
      checkOpen: () => {},
    };
    super(host);
    this.clusterState = state;
  }

  /** Fetches the read version from a GRV proxy unless the transaction has one. */
  private async ensureReadVersion(): Promise<void> {
    if (this.clusterState.readVersion !== undefined) return;
    const version = await this.db.readVersion();
    this.clusterState.readVersion ??= version;
  }

  override async getReadVersion(): Promise<number> {
    await this.ensureReadVersion();
    return super.getReadVersion();
  }

  override async get(
    key: Uint8Array,
    options: Parameters<Transaction['get']>[1] = {},
  ): Promise<Uint8Array | undefined> {
    await this.ensureReadVersion();
    return super.get(key, options);
  }

  override async getRange(
    begin: Uint8Array,
    end: Uint8Array,
    options: Parameters<Transaction['getRange']>[2] = {},
  ): Promise<KeyValue[]> {
    await this.ensureReadVersion();
    return super.getRange(begin, end, options);
  }

  override async commit(): Promise<void> {
    await this.ensureReadVersion();
    return super.commit();
  }

  /** Watches need the storage servers to report changes, which they do not do yet. */
  override watch(key: Uint8Array): Promise<void> {
    throw new FdbError(
      'client_invalid_operation',
      `watch(${key.length}-byte key): the simulated cluster has no watches yet`,
    );
  }
}
