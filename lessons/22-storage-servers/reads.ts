/**
 * Lesson 22: reads at a version.
 *
 * A client reads at its read version, which the GRV proxy gave it: every log has that version,
 * but this server may not have pulled it yet. So a read above the server's version waits, up to
 * FUTURE_VERSION_DELAY, for the server to catch up, and then gives up with future_version
 * (1009): the server never answers for a version it has not got. A read below the oldest
 * version the store keeps throws transaction_too_old (1007), as lesson 14's store does.
 */
import type { VersionedStore } from '@ferris/14-mvcc/versioned-store.ts';
import type {
  StorageGetReply,
  StorageGetRequest,
  StorageRangeReply,
  StorageRangeRequest,
} from '@ferris/20-sequencer/protocol.ts';
import type { SimProcess } from '@ferris/19-faults/process.ts';
import { NotImplemented } from '@support/not-implemented.ts';

/**
 * Waits until the store has `version` (at once if it has), looking again every
 * VERSION_POLL_INTERVAL; throws future_version once FUTURE_VERSION_DELAY has passed without it.
 */
export async function waitForVersion(p: SimProcess, store: VersionedStore, version: number): Promise<void> {
  // TODO: while the store's latest version is below `version`, sleep VERSION_POLL_INTERVAL
  //       (p.sleep) and look again.
  // TODO: once FUTURE_VERSION_DELAY has passed since the call, throw FutureVersion with a
  //       message that says which server, which version, and which version it has.
  throw new NotImplemented('22-storage-servers', 'waitForVersion()');
}

/** storage.get: the key's value at the request's version (null for none), once the server has it. */
export async function serveGet(
  p: SimProcess,
  store: VersionedStore,
  request: StorageGetRequest,
): Promise<StorageGetReply> {
  // TODO: wait for the request's version, then read the key at that version (the store throws
  //       transaction_too_old below its window). No value is null on the wire.
  throw new NotImplemented('22-storage-servers', 'serveGet()');
}

/** storage.getRange: the pairs of [begin, end) at the request's version, with its limit (0: none) and order. */
export async function serveGetRange(
  p: SimProcess,
  store: VersionedStore,
  request: StorageRangeRequest,
): Promise<StorageRangeReply> {
  // TODO: wait for the request's version, then read the range at that version.
  // TODO: on the wire a limit of 0 means no limit; to lesson 14's store, leaving the limit out does.
  throw new NotImplemented('22-storage-servers', 'serveGetRange()');
}
