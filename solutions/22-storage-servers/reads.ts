/**
 * Lesson 22: reads at a version.
 *
 * A client reads at its read version, which the GRV proxy gave it: every log has that version,
 * but this server may not have pulled it yet. So a read above the server's version waits, up to
 * FUTURE_VERSION_DELAY, for the server to catch up, and then gives up with future_version
 * (1009): the server never answers for a version it has not got. A read below the oldest
 * version the store keeps throws transaction_too_old (1007), as lesson 14's store does.
 */
import type { KeyValue } from '@ferris/14-mvcc/mutation.ts';
import type { RangeOptions, VersionedStore } from '@ferris/14-mvcc/versioned-store.ts';
import type {
  StorageGetReply,
  StorageGetRequest,
  StorageRangeReply,
  StorageRangeRequest,
} from '@ferris/20-sequencer/protocol.ts';
import type { SimProcess } from '@ferris/19-faults/process.ts';
import { FutureVersion } from '@support/fdb-error.ts';
import { FUTURE_VERSION_DELAY, VERSION_POLL_INTERVAL } from './knobs.ts';

/**
 * Waits until the store has `version` (at once if it has), looking again every
 * VERSION_POLL_INTERVAL; throws future_version once FUTURE_VERSION_DELAY has passed without it.
 */
export async function waitForVersion(p: SimProcess, store: VersionedStore, version: number): Promise<void> {
  const deadline = p.now + FUTURE_VERSION_DELAY;
  while (store.latestVersion < version) {
    if (p.now >= deadline) {
      throw new FutureVersion(
        `storage server ${p.address} was asked for version ${version} and after ${FUTURE_VERSION_DELAY} µs has only ${store.latestVersion}`,
      );
    }
    await p.sleep(Math.min(VERSION_POLL_INTERVAL, deadline - p.now));
  }
}

/** storage.get: the key's value at the request's version (null for none), once the server has it. */
export async function serveGet(
  p: SimProcess,
  store: VersionedStore,
  request: StorageGetRequest,
): Promise<StorageGetReply> {
  await waitForVersion(p, store, request.version);
  const value = await store.get(request.key, request.version);
  return { value: value ?? null };
}

/** storage.getRange: the pairs of [begin, end) at the request's version, with its limit (0: none) and order. */
export async function serveGetRange(
  p: SimProcess,
  store: VersionedStore,
  request: StorageRangeRequest,
): Promise<StorageRangeReply> {
  await waitForVersion(p, store, request.version);
  const options: RangeOptions =
    request.limit === 0 ? { reverse: request.reverse } : { limit: request.limit, reverse: request.reverse };
  const pairs: KeyValue[] = await store.getRange(request.begin, request.end, request.version, options);
  return { pairs };
}
