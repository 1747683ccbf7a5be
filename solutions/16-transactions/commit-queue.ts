/**
 * Lesson 16: the commit queue, which turns commits that arrive one by one into batches. Given
 * code, shared with lesson 17's database.
 *
 * A commit waits in the queue. The first one queued starts a drain on a later tick, so commits
 * made together travel in one batch; whatever queues while a batch is on its way becomes the
 * next batch. A batch takes queued commits in arrival order, as many as one commit-log record
 * holds. If carrying a batch throws, the queue stops for good: the batch's commits are told
 * their fate is unknown (batch-failure.ts) and every commit still waiting that the database
 * can no longer be used.
 */
import { batchFailure } from './batch-failure.ts';
import { MAX_RECORD_MUTATIONS } from './commit-record.ts';

/** What the queue needs of a waiting commit: how to refuse it. */
export interface QueuedCommit {
  refuse(error: Error): void;
}

export interface CommitQueueOptions<P extends QueuedCommit> {
  /** How many mutations a commit adds to the batch's log record. */
  readonly mutationsOf: (pending: P) => number;
  /** The most commits in one batch. Default: no limit but the record's. */
  readonly maxBatchCommits?: number;
  /** Carries one batch through the commit path; it answers every commit of the batch. */
  readonly commitBatch: (batch: readonly P[]) => Promise<void>;
  /** Called once, when a batch threw: the database has failed. */
  readonly onFailure: (error: unknown) => void;
  /** The error for a commit still waiting after the failure. */
  readonly unusable: (error: unknown) => Error;
}

export class CommitQueue<P extends QueuedCommit> {
  private queue: P[] = [];
  private running: Promise<void> | undefined = undefined;
  private failure: { readonly error: unknown } | undefined = undefined;

  constructor(private readonly options: CommitQueueOptions<P>) {}

  /** The batches under way, or undefined when the queue is idle. */
  get draining(): Promise<void> | undefined {
    return this.running;
  }

  /** Queues a commit; the batch it joins starts on a later tick. */
  push(pending: P): void {
    this.queue.push(pending);
    this.running ??= Promise.resolve().then(() => this.drain());
  }

  /** Runs batches until the queue is empty. A failed batch stops the queue. */
  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0 && this.failure === undefined) {
        const batch = this.takeBatch();
        try {
          await this.options.commitBatch(batch);
        } catch (error) {
          this.failure = { error };
          this.options.onFailure(error);
          for (const pending of batch) pending.refuse(batchFailure(error));
        }
      }
      const failure = this.failure;
      if (failure) for (const pending of this.queue.splice(0)) pending.refuse(this.options.unusable(failure.error));
    } finally {
      this.running = undefined;
    }
  }

  /** The next batch: queued commits in arrival order, as many as one log record holds. */
  private takeBatch(): P[] {
    const maxCommits = this.options.maxBatchCommits ?? Number.POSITIVE_INFINITY;
    let mutations = 0;
    let count = 0;
    for (const pending of this.queue) {
      const size = this.options.mutationsOf(pending);
      if (count >= maxCommits || (count > 0 && mutations + size > MAX_RECORD_MUTATIONS)) break;
      mutations += size;
      count++;
    }
    return this.queue.splice(0, count);
  }
}
