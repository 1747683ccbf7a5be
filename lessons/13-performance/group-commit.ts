/**
 * Lesson 13: group commit. While one group of writes is being logged and synced, the writes
 * that arrive wait in a queue; when the group is done, everything queued goes out together as
 * the next group, with ONE sync for all of it. Under load, the price of an fsync is shared by
 * every write that waited for it.
 *
 * It plugs into lesson 10's engine through the `commit` option (a CommitStrategy). The engine's
 * `writeGroup` logs the batches of a group, syncs once, and applies them; this file only decides
 * which batches form a group, and when each caller hears back. The rule that makes it safe: a
 * caller's promise resolves only after the writeGroup holding its batch resolved, so never
 * before the shared sync.
 */
import type { WriteBatch } from '@ferris/10-lsm-engine/batch.ts';
import type { CommitStrategy } from '@ferris/10-lsm-engine/options.ts';
import { NotImplemented } from '@support/not-implemented.ts';

/** The default limit on the writes (ops, over all batches) of one group. */
export const DEFAULT_MAX_GROUP_OPS = 10_000;

export interface GroupCommitOptions {
  /** A group stops growing once it holds this many ops (the first batch always goes). Default 10,000. */
  readonly maxGroupOps?: number;
}

/** A write waiting in the queue, and how to tell its caller. */
export interface Waiting {
  readonly batch: WriteBatch;
  resolve(): void;
  reject(error: unknown): void;
}

/** A CommitStrategy that writes queued batches together, one group at a time, in arrival order. */
export function groupCommit(options: GroupCommitOptions = {}): CommitStrategy {
  // TODO: a queue of Waiting writes, and whether a group is being written now.
  // TODO: submit: queue the batch; if nothing is being written, start draining (on a microtask,
  // so that every write submitted in the same turn joins the first group).
  // TODO: drain: while the queue is not empty, take the longest prefix of it that fits in
  // maxGroupOps (at least one batch), await writeGroup(that group), and only THEN resolve each
  // of its writers (or reject each of them with the error).
  throw new NotImplemented('13-performance', 'groupCommit()');
}
