/**
 * Lesson 20: the commit proxy, where a commit goes through the cluster.
 *
 * Commits are gathered into batches: a batch closes when it holds `batchCountMax` transactions,
 * or `batchIntervalMicros` after its first one arrived, whichever comes first (FoundationDB's
 * COMMIT_TRANSACTION_BATCH_COUNT_MAX and its batch interval). When nothing arrives for a long
 * time, an empty batch closes anyway (MAX_COMMIT_BATCH_INTERVAL), so versions keep moving.
 *
 * Each closed batch then goes, as a task of its own, through five steps:
 *
 *   1. a commit version (and its prevVersion) from the sequencer;
 *   2. the resolver's verdicts, in batch order;
 *   3. the push of the committed writes, versionstamps placed, to EVERY log, each retried until
 *      that log acknowledges (a log acknowledges only once the version is on its disk);
 *   4. reportCommitted to the sequencer, so read versions from now on cover this version;
 *   5. the replies, in batch order: the version and versionstamp, or lesson 16's refusal.
 *
 * No client hears of a batch before step 4 has finished. A batch that has its version can never
 * give up: every log waits for every version, so a version that is never pushed would stop the
 * whole cluster. Each step is retried until it succeeds (retry.ts); until lesson 24 there is no
 * recovery to take over a stuck batch.
 */
import { MS, SECOND } from '@ferris/18-simulator/clock.ts';
import { refusal } from '@ferris/16-transactions/commit-path.ts';
import type { ResolverTransaction } from '@ferris/16-transactions/resolver.ts';
import { MAX_BATCH_ORDER, versionstamp, versionstampOffset } from '@ferris/17-retry-loop/versionstamp.ts';
import type { Boot, SimProcess } from '@ferris/19-faults/process.ts';
import { pushRequest } from './log-push.ts';
import {
  ENDPOINTS,
  type ClusterCommitRequest,
  type ClusterLayout,
  type CommitReply,
  type CommitVersionReply,
  type ResolveReply,
  type ResolveRequest,
  type Tag,
} from './protocol.ts';
import { requestUntilAnswered } from './retry.ts';
import { Deferred, whenAll } from './waiting.ts';

/** FoundationDB's COMMIT_TRANSACTION_BATCH_COUNT_MAX: the most transactions in one batch. */
export const COMMIT_BATCH_COUNT_MAX = 32_768;
/** How long a batch stays open after its first transaction (COMMIT_TRANSACTION_BATCH_INTERVAL_MIN, 1 ms). */
export const COMMIT_BATCH_INTERVAL_MICROS = 1 * MS;
/** The longest a commit proxy goes without a batch, empty or not (MAX_COMMIT_BATCH_INTERVAL, 2 s). */
export const EMPTY_BATCH_INTERVAL_MICROS = 2 * SECOND;

export interface CommitProxyOptions {
  /** Default COMMIT_BATCH_COUNT_MAX; at most MAX_BATCH_ORDER + 1 (a versionstamp's order is 2 bytes). */
  readonly batchCountMax?: number;
  /** Default COMMIT_BATCH_INTERVAL_MICROS. */
  readonly batchIntervalMicros?: number;
  /** Default EMPTY_BATCH_INTERVAL_MICROS. */
  readonly emptyBatchIntervalMicros?: number;
}

/** A commit waiting in a batch for its reply. */
interface PendingCommit {
  readonly request: ClusterCommitRequest;
  readonly reply: Deferred<CommitReply>;
}

export class CommitProxy {
  readonly batchCountMax: number;
  readonly batchIntervalMicros: number;
  readonly emptyBatchIntervalMicros: number;
  private readonly tags: Tag[];
  /** The batch still taking commits, or null. */
  private open: PendingCommit[] | null = null;
  private requestNum = 0;
  private lastBatchAt: number;

  constructor(
    private readonly p: SimProcess,
    private readonly layout: ClusterLayout,
    options: CommitProxyOptions = {},
  ) {
    this.batchCountMax = whole(
      'batchCountMax',
      options.batchCountMax ?? COMMIT_BATCH_COUNT_MAX,
      1,
      MAX_BATCH_ORDER + 1,
    );
    this.batchIntervalMicros = whole(
      'batchIntervalMicros',
      options.batchIntervalMicros ?? COMMIT_BATCH_INTERVAL_MICROS,
    );
    this.emptyBatchIntervalMicros = whole(
      'emptyBatchIntervalMicros',
      options.emptyBatchIntervalMicros ?? EMPTY_BATCH_INTERVAL_MICROS,
      1,
    );
    this.tags = [...new Set(layout.storage.map((s) => s.tag))];
    this.lastBatchAt = p.now;
  }

  /**
   * Commits one transaction: checks its versionstamped writes at once (client_invalid_operation),
   * adds it to the open batch (opening one, with its timer, if there is none), closes the batch
   * if it is full, and waits for the batch's answer.
   */
  commit(request: ClusterCommitRequest): Promise<CommitReply> {
    checkVersionstamps(request);
    const pending: PendingCommit = { request, reply: new Deferred(`the reply to a commit from ${this.p.address}`) };
    if (this.open === null) {
      const batch: PendingCommit[] = [];
      this.open = batch;
      this.p.spawn('batch-timer', async () => {
        await this.p.sleep(this.batchIntervalMicros);
        if (this.open === batch) this.closeBatch();
      });
    }
    this.open.push(pending);
    if (this.open.length >= this.batchCountMax) this.closeBatch();
    return pending.reply.wait(this.p);
  }

  /** Closes the open batch (an empty one if none is open) and starts committing it. */
  closeBatch(): void {
    const batch = this.open ?? [];
    this.open = null;
    this.lastBatchAt = this.p.now;
    const requestNum = ++this.requestNum;
    this.p.spawn(`batch ${requestNum}`, () => this.commitBatch(batch, requestNum));
  }

  /** Closes an empty batch whenever EMPTY_BATCH_INTERVAL_MICROS passed without any batch. */
  async emptyBatches(): Promise<void> {
    for (;;) {
      const wait = this.lastBatchAt + this.emptyBatchIntervalMicros - this.p.now;
      if (wait > 0) await this.p.sleep(wait);
      else if (this.open !== null) await this.p.sleep(Math.max(1, this.batchIntervalMicros));
      else this.closeBatch();
    }
  }

  /** The five steps of one batch: version, resolve, push to every log, report, reply in order. */
  async commitBatch(batch: readonly PendingCommit[], requestNum: number): Promise<void> {
    const { p, layout } = this;
    const versions = await requestUntilAnswered<CommitVersionReply>(p, layout.sequencer, ENDPOINTS.getCommitVersion, {
      proxy: p.address,
      requestNum,
    });
    const resolve: ResolveRequest = { ...versions, transactions: batch.map((c) => resolverView(c.request)) };
    const { verdicts } = await requestUntilAnswered<ResolveReply>(p, layout.resolver, ENDPOINTS.resolve, resolve);
    const push = pushRequest(
      versions,
      batch.map((c) => c.request),
      verdicts,
      this.tags,
    );
    await whenAll(
      p,
      `push ${versions.version}`,
      layout.logs.map((log) => () => requestUntilAnswered<void>(p, log, ENDPOINTS.push, push)),
    );
    await requestUntilAnswered<void>(p, layout.sequencer, ENDPOINTS.reportCommitted, { version: versions.version });
    batch.forEach(({ request, reply }, order) => {
      const verdict = verdicts[order]!;
      if (verdict === 'committed')
        reply.resolve({ version: versions.version, stamp: versionstamp(versions.version, order) });
      else reply.reject(refusal(verdict, request, versions.version));
    });
  }
}

/** What the resolver needs of a transaction: its read version and conflict ranges, not its writes. */
function resolverView(request: ClusterCommitRequest): ResolverTransaction {
  return { readVersion: request.readVersion, readRanges: request.readRanges, writeRanges: request.writeRanges };
}

/** Throws client_invalid_operation for a versionstamped write whose stamp would not fit. */
function checkVersionstamps(request: ClusterCommitRequest): void {
  for (const op of request.ops) {
    if (op.kind === 'versionstampedKey') versionstampOffset(op.key, 'setVersionstampedKey');
    if (op.kind === 'versionstampedValue') versionstampOffset(op.value, 'setVersionstampedValue');
  }
}

function whole(name: string, value: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`CommitProxyOptions.${name} must be a whole number from ${min} to ${max}, got ${value}.`);
  }
  return value;
}

/** The commit proxy role for the cluster `layout`. */
export function commitProxy(layout: ClusterLayout, options: CommitProxyOptions = {}): Boot {
  return (p) => {
    const role = new CommitProxy(p, layout, options);
    p.handle(ENDPOINTS.commit, (payload) => role.commit(payload as ClusterCommitRequest));
    p.spawn('empty-batches', () => role.emptyBatches());
  };
}
