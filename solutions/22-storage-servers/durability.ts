/**
 * Lesson 22: the durability loop. Every STORAGE_COMMIT_INTERVAL the server writes the oldest
 * version reads may still ask for into the engine (lesson 14's makeDurable: one atomic, synced
 * batch), and only once that write has resolved tells every log it may forget the tag's
 * versions up to the durable version. A log that does not answer is popped again next round.
 */
import type { VersionedStore } from '@ferris/14-mvcc/versioned-store.ts';
import type { SimProcess } from '@ferris/19-faults/process.ts';
import { ENDPOINTS, type PopRequest } from '@ferris/20-sequencer/protocol.ts';
import { FdbError } from '@support/fdb-error.ts';
import { STORAGE_COMMIT_INTERVAL } from './knobs.ts';
import type { StorageServerConfig } from './storage-server.ts';

/** One round: make the store durable up to its oldest version, then pop every log up to the durable version. */
export async function makeDurableAndPop(
  p: SimProcess,
  store: VersionedStore,
  config: StorageServerConfig,
): Promise<void> {
  if (store.oldestVersion > store.durableVersion) await store.makeDurable(store.oldestVersion);
  await popLogs(p, config, store.durableVersion);
}

/** Tells every log that the tag's versions up to `upTo` may go; a log that does not answer is skipped. */
export async function popLogs(p: SimProcess, config: StorageServerConfig, upTo: number): Promise<void> {
  const pop: PopRequest = { tag: config.tag, upTo };
  for (const log of config.logs) {
    try {
      await p.request(log, ENDPOINTS.pop, pop);
    } catch (error) {
      if (!(error instanceof FdbError)) throw error;
    }
  }
}

/** Runs a round every STORAGE_COMMIT_INTERVAL for as long as the process lives. */
export async function durabilityLoop(p: SimProcess, store: VersionedStore, config: StorageServerConfig): Promise<void> {
  for (;;) {
    await p.sleep(STORAGE_COMMIT_INTERVAL);
    await makeDurableAndPop(p, store, config);
  }
}
