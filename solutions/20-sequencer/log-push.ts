/**
 * Lesson 20: what one batch becomes on the logs.
 *
 * The commit proxy knows what nobody knew before: the batch's commit version and each
 * transaction's place in it. So it writes every versionstamp where it belongs (lesson 17's
 * `versionstamp(version, order)`, where `order` is the transaction's index in the batch, refused
 * transactions included) and sends plain sets, clears and atomic operations to the logs. Atomic
 * operations stay atomic: the storage servers apply them to what they hold.
 *
 * Until sharding (lesson 23) every storage server holds every key, so every committed op goes to
 * every storage tag. A version with nothing committed is still pushed, with no messages: each log
 * must see every version to know that it has them all.
 */
import type { Verdict } from '@ferris/16-transactions/resolver.ts';
import { placeVersionstamp, versionstamp } from '@ferris/17-retry-loop/versionstamp.ts';
import type { WriteOp } from '@ferris/17-retry-loop/write-ops.ts';
import type { ClusterCommitRequest, CommitVersionReply, LogOp, LogPushRequest, Tag } from './protocol.ts';

/** A transaction's writes as the logs carry them, with its versionstamp `stamp` placed. */
export function logOps(ops: readonly WriteOp[], stamp: Uint8Array): LogOp[] {
  return ops.map((op): LogOp => {
    switch (op.kind) {
      case 'versionstampedKey':
        return { kind: 'set', key: placeVersionstamp(op.key, stamp, 'setVersionstampedKey'), value: op.value };
      case 'versionstampedValue':
        return { kind: 'set', key: op.key, value: placeVersionstamp(op.value, stamp, 'setVersionstampedValue') };
      default:
        return op;
    }
  });
}

/**
 * The push of one batch: its version and prevVersion, and the committed transactions' ops, in
 * batch order, under every tag of `tags` (no messages at all when nothing committed).
 */
export function pushRequest(
  versions: CommitVersionReply,
  batch: readonly ClusterCommitRequest[],
  verdicts: readonly Verdict[],
  tags: readonly Tag[],
): LogPushRequest {
  const ops = batch.flatMap((request, order) =>
    verdicts[order] === 'committed' ? logOps(request.ops, versionstamp(versions.version, order)) : [],
  );
  return {
    prevVersion: versions.prevVersion,
    version: versions.version,
    messages: ops.length === 0 ? [] : tags.map((tag) => ({ tag, ops })),
  };
}
