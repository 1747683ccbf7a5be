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
import { NotImplemented } from '@support/not-implemented.ts';

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
    // TODO: check the versionstamped writes first (checkVersionstamps). Make a PendingCommit with
    // a Deferred reply. If no batch is open, open one and spawn a 'batch-timer' task that sleeps
    // batchIntervalMicros and then closes THAT batch if it is still the open one. Add the commit;
    // close the batch once it holds batchCountMax commits. Wait for the reply.
    throw new NotImplemented('20-sequencer', 'CommitProxy.commit()');
  }

  /** Closes the open batch (an empty one if none is open) and starts committing it. */
  closeBatch(): void {
    // TODO: take the open batch (or an empty one), leave none open, note lastBatchAt, number it
    // with the next requestNum, and spawn a task that runs commitBatch on it.
    throw new NotImplemented('20-sequencer', 'CommitProxy.closeBatch()');
  }

  /** Closes an empty batch whenever EMPTY_BATCH_INTERVAL_MICROS passed without any batch. */
  async emptyBatches(): Promise<void> {
    // TODO: forever: sleep until emptyBatchIntervalMicros after lastBatchAt; if by then no batch
    // closed and none is open, close an empty one (closeBatch). If a batch is open, it will close
    // on its own: sleep a little and look again.
    throw new NotImplemented('20-sequencer', 'CommitProxy.emptyBatches()');
  }

  /** The five steps of one batch: version, resolve, push to every log, report, reply in order. */
  async commitBatch(batch: readonly PendingCommit[], requestNum: number): Promise<void> {
    // TODO: the five steps, each request sent with requestUntilAnswered:
    // 1. getCommitVersion from the sequencer with { proxy: p.address, requestNum };
    // 2. resolve at the resolver: the versions and each transaction's resolverView;
    // 3. pushRequest(...) to EVERY log, all at once (whenAll), each retried until it acknowledges;
    // 4. reportCommitted to the sequencer, and wait for its answer;
    // 5. only then the replies, in batch order: { version, stamp: versionstamp(version, order) }
    //    for a committed one, refusal(verdict, request, version) (lesson 16's) for the others.
    throw new NotImplemented('20-sequencer', 'CommitProxy.commitBatch()');
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
