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
  const maxGroupOps = options.maxGroupOps ?? DEFAULT_MAX_GROUP_OPS;
  if (!Number.isInteger(maxGroupOps) || maxGroupOps < 1)
    throw new RangeError(`maxGroupOps must be a whole number of at least 1, got ${maxGroupOps}.`);
  const queue: Waiting[] = [];
  let writing = false;

  /** Writes groups until the queue is empty. Only one drain runs at a time. */
  async function drain(writeGroup: (group: readonly WriteBatch[]) => Promise<void>): Promise<void> {
    writing = true;
    try {
      while (queue.length > 0) {
        let ops = 0;
        let take = 0;
        while (take < queue.length && (take === 0 || ops + queue[take]!.batch.count <= maxGroupOps)) {
          ops += queue[take]!.batch.count;
          take++;
        }
        const group = queue.splice(0, take);
        try {
          await writeGroup(group.map((w) => w.batch));
          for (const w of group) w.resolve();
        } catch (error) {
          for (const w of group) w.reject(error);
        }
      }
    } finally {
      writing = false;
    }
  }

  return {
    name: 'group',
    submit(batch, writeGroup) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ batch, resolve, reject });
        // Start on a microtask, so that every write submitted in this turn joins the first group.
        if (!writing) {
          writing = true;
          queueMicrotask(() => void drain(writeGroup));
        }
      });
    },
  };
}
