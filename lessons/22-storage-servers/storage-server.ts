/**
 * Lesson 22: the storage server role. A boot function for lesson 19's SimProcess: it opens the
 * engine on the process's disk and lesson 14's versioned store over it (at the durable version
 * the engine holds), answers storage.get and storage.getRange, and runs two tasks: the pull
 * loop (pull.ts) and the durability loop (durability.ts). After a kill, the reboot runs it
 * again: it resumes from the durable version.
 */
import type { DbOptions } from '@ferris/10-lsm-engine/options.ts';
import type { Boot } from '@ferris/19-faults/process.ts';
import type { Tag } from '@ferris/20-sequencer/protocol.ts';
import { NotImplemented } from '@support/not-implemented.ts';

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
    // TODO: open the engine (openStorageEngine, with config.engine) and lesson 14's versioned
    //       store over it.
    // TODO: answer ENDPOINTS.get with serveGet and ENDPOINTS.getRange with serveGetRange.
    // TODO: spawn the pull loop and the durability loop as tasks of the process.
    throw new NotImplemented('22-storage-servers', 'storageServer()');
  };
}
