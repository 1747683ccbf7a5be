/**
 * Lesson 22: the storage server role. A boot function for lesson 19's SimProcess: it opens the
 * engine on the process's disk and lesson 14's versioned store over it (at the durable version
 * the engine holds), answers storage.get and storage.getRange, and runs two tasks: the pull
 * loop (pull.ts) and the durability loop (durability.ts). After a kill, the reboot runs it
 * again: it resumes from the durable version.
 */
import type { DbOptions } from '@ferris/10-lsm-engine/options.ts';
import { openVersionedStore } from '@ferris/14-mvcc/versioned-store.ts';
import type { Boot } from '@ferris/19-faults/process.ts';
import {
  ENDPOINTS,
  type StorageGetRequest,
  type StorageRangeRequest,
  type Tag,
} from '@ferris/20-sequencer/protocol.ts';
import { durabilityLoop } from './durability.ts';
import { openStorageEngine } from './engine.ts';
import { pullFromLogs } from './pull.ts';
import { serveGet, serveGetRange } from './reads.ts';

export interface StorageServerConfig {
  /** The tag whose mutations this server pulls. */
  readonly tag: Tag;
  /** Every transaction log's address (each holds every version). */
  readonly logs: readonly string[];
  /** Options of the engine (tests give tiny budgets, so that flushes and compactions happen). */
  readonly engine?: DbOptions;
}

/** The storage server's boot function. */
export function storageServer(config: StorageServerConfig): Boot {
  return async (p) => {
    const store = await openVersionedStore(await openStorageEngine(p, config.engine));
    p.handle(ENDPOINTS.get, (payload) => serveGet(p, store, payload as StorageGetRequest));
    p.handle(ENDPOINTS.getRange, (payload) => serveGetRange(p, store, payload as StorageRangeRequest));
    p.spawn('pull', () => pullFromLogs(p, store, config));
    p.spawn('durability', () => durabilityLoop(p, store, config));
  };
}
