/**
 * Lesson 22: applying what the logs say to the versioned store.
 *
 * A peek reply carries the versions that have ops for this server's tag, and `end`: the log
 * holds every version below it, so the server now has every version up to `end - 1`, even
 * those that carried nothing for it. The ops are lesson 17's writes as the logs carry them:
 * sets, clears and atomic operations. An atomic operation is applied here, to what the store
 * holds at its latest version and what earlier ops of the same version wrote, as FoundationDB's
 * storage servers do (the client never read the key).
 */
import type { VersionedStore } from '@ferris/14-mvcc/versioned-store.ts';
import type { LogOp, PeekReply } from '@ferris/20-sequencer/protocol.ts';
import { NotImplemented } from '@support/not-implemented.ts';

/**
 * Applies one version's ops to the store as `version` (above its latest version): each atomic
 * operation on what the key holds just before it, at this version.
 */
export async function applyVersion(store: VersionedStore, version: number, ops: readonly LogOp[]): Promise<void> {
  // TODO: a BatchState that reads what the store holds at its latest version (lesson 17's
  //       write-ops.ts), so that each atomic op sees the ops before it in this version.
  // TODO: materialize the ops into plain mutations (as the versionstamp, VERSIONSTAMP_BYTES zero bytes: the logs carry no versionstamped writes)
  //       and apply them to the store as `version`.
  throw new NotImplemented('22-storage-servers', 'applyVersion()');
}

/**
 * Applies a peek reply: every entry in version order, then moves the store's latest version
 * up to `end - 1` (the server has every version below `end`). Returns the next version to peek from.
 */
export async function applyPeek(store: VersionedStore, reply: PeekReply): Promise<number> {
  // TODO: apply every entry, in order, with applyVersion.
  // TODO: the log holds every version below reply.end: if that is above the store's latest
  //       version, move the store there (a version with no mutations).
  // TODO: return the next version to peek from.
  throw new NotImplemented('22-storage-servers', 'applyPeek()');
}
