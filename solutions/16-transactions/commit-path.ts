/**
 * Lesson 16: the commit path, the order that makes a commit durable before anyone hears of it.
 *
 * One batch of transactions, in the order their commits arrived, goes through five steps:
 *
 *   1. the sequencer hands out the batch's commit version;
 *   2. the resolver decides each transaction (committed, conflict, too old);
 *   3. the committed transactions' mutations, in batch order, go to the commit log as one
 *      record stamped with the version, and the log is synced;
 *   4. the versioned store applies them at the version, and the sequencer publishes it, so new
 *      transactions read at it;
 *   5. every transaction of the batch hears its verdict, in batch order.
 *
 * A crash before 3 ends loses nothing anyone was told about; a reader never sees a write a crash
 * could take back.
 */
import type { Mutation } from '@ferris/14-mvcc/mutation.ts';
import type { VersionedStore } from '@ferris/14-mvcc/versioned-store.ts';
import { NotCommitted, TransactionTooOld, type FdbError } from '@support/fdb-error.ts';
import type { CommitLog } from './commit-log.ts';
import type { Resolver, ResolverTransaction, Verdict } from './resolver.ts';
import type { Sequencer } from './sequencer.ts';

/** What a transaction sends to commit: what the resolver needs, and its mutations in order. */
export interface CommitRequest extends ResolverTransaction {
  readonly mutations: readonly Mutation[];
}

/** A commit waiting for its verdict. Exactly one of the two callbacks is called, once. */
export interface PendingCommit {
  readonly request: CommitRequest;
  /** The transaction committed at `version`: its commit() resolves. */
  acknowledge(version: number): void;
  /** The transaction did not commit, or may not have: its commit() rejects with `error`. */
  refuse(error: Error): void;
}

/** The parts of the database a commit goes through. */
export interface CommitPath {
  readonly sequencer: Sequencer;
  readonly resolver: Resolver;
  readonly log: Pick<CommitLog, 'append' | 'sync'>;
  readonly store: Pick<VersionedStore, 'apply'>;
}

/** The error a refused transaction gets for its verdict, saying what happened at which versions. */
export function refusal(
  verdict: Exclude<Verdict, 'committed'>,
  request: Pick<ResolverTransaction, 'readVersion'>,
  version: number,
): FdbError {
  return verdict === 'conflict'
    ? new NotCommitted(
        `a transaction committed between read version ${request.readVersion} and commit version ${version} wrote a key this one read`,
      )
    : new TransactionTooOld(
        `read version ${request.readVersion} is below the resolver's oldest version at commit version ${version}`,
      );
}

/**
 * Commits one batch: version, resolve, log and sync, apply and publish, then the verdicts in
 * batch order. Nothing is acknowledged, and nothing becomes visible, before the sync resolves.
 * If a step throws, the batch's commits are left for the caller to settle.
 */
export async function commitBatch(path: CommitPath, batch: readonly PendingCommit[]): Promise<void> {
  const version = path.sequencer.nextCommitVersion();
  const verdicts = path.resolver.resolveBatch(
    version,
    batch.map((pending) => pending.request),
  );
  const mutations = batch.flatMap((pending, i) => (verdicts[i] === 'committed' ? pending.request.mutations : []));
  if (mutations.length > 0) {
    await path.log.append({ version, mutations });
    await path.log.sync();
    path.store.apply(version, mutations);
    path.sequencer.publish(version);
  }
  batch.forEach((pending, i) => {
    const verdict = verdicts[i]!;
    if (verdict === 'committed') pending.acknowledge(version);
    else pending.refuse(refusal(verdict, pending.request, version));
  });
}
