/**
 * Lesson 22: the durability loop. Every STORAGE_COMMIT_INTERVAL the server writes the oldest
 * version reads may still ask for into the engine (lesson 14's makeDurable: one atomic, synced
 * batch), and only once that write has resolved tells every log it may forget the tag's
 * versions up to the durable version. A log that does not answer is popped again next round.
 */
import type { VersionedStore } from '@ferris/14-mvcc/versioned-store.ts';
import type { SimProcess } from '@ferris/19-faults/process.ts';
import { NotImplemented } from '@support/not-implemented.ts';
import type { StorageServerConfig } from './storage-server.ts';

/** One round: make the store durable up to its oldest version, then pop every log up to the durable version. */
export async function makeDurableAndPop(
  p: SimProcess,
  store: VersionedStore,
  config: StorageServerConfig,
): Promise<void> {
  // TODO: make the store durable up to its oldest version (lesson 14's makeDurable), if that
  //       is above its durable version, and wait for it.
  // TODO: only then pop every log up to the durable version (popLogs).
  throw new NotImplemented('22-storage-servers', 'makeDurableAndPop()');
}

/** Tells every log that the tag's versions up to `upTo` may go; a log that does not answer is skipped. */
export async function popLogs(p: SimProcess, config: StorageServerConfig, upTo: number): Promise<void> {
  // TODO: send each log a PopRequest for the tag (ENDPOINTS.pop), one after the other.
  // TODO: a log that fails with an FdbError is skipped (the next round pops it again); any other
  //       error is a bug: throw it.
  throw new NotImplemented('22-storage-servers', 'popLogs()');
}

/** Runs a round every STORAGE_COMMIT_INTERVAL for as long as the process lives. */
export async function durabilityLoop(p: SimProcess, store: VersionedStore, config: StorageServerConfig): Promise<void> {
  // TODO: for ever: sleep STORAGE_COMMIT_INTERVAL, then run a round (makeDurableAndPop).
  throw new NotImplemented('22-storage-servers', 'durabilityLoop()');
}
