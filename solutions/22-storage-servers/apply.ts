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
import { VERSIONSTAMP_BYTES } from '@ferris/17-retry-loop/versionstamp.ts';
import { BatchState, materialize } from '@ferris/17-retry-loop/write-ops.ts';
import type { LogOp, PeekReply } from '@ferris/20-sequencer/protocol.ts';

/** The logs carry no versionstamped writes (the commit proxy placed them): no stamp is ever used. */
const NO_STAMP = new Uint8Array(VERSIONSTAMP_BYTES);

/**
 * Applies one version's ops to the store as `version` (above its latest version): each atomic
 * operation on what the key holds just before it, at this version.
 */
export async function applyVersion(store: VersionedStore, version: number, ops: readonly LogOp[]): Promise<void> {
  const state = new BatchState((key) => store.get(key, store.latestVersion));
  store.apply(version, await materialize(ops, NO_STAMP, state));
}

/**
 * Applies a peek reply: every entry in version order, then moves the store's latest version
 * up to `end - 1` (the server has every version below `end`). Returns the next version to peek from.
 */
export async function applyPeek(store: VersionedStore, reply: PeekReply): Promise<number> {
  for (const entry of reply.entries) await applyVersion(store, entry.version, entry.ops);
  const complete = reply.end - 1;
  if (complete > store.latestVersion) store.apply(complete, []);
  return store.latestVersion + 1;
}
