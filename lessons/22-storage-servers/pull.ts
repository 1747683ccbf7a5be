/**
 * Lesson 22: the pull loop. A storage server asks a log for its tag's versions from the one
 * after its latest, applies the reply, and asks again; with nothing new it waits a little. If
 * the log does not answer (dead, rebooting, cut off), it asks another: every log holds every
 * version. It starts from the store's latest version, which after a reboot is the durable one:
 * what the logs still hold, because the server popped only what it had made durable.
 */
import type { VersionedStore } from '@ferris/14-mvcc/versioned-store.ts';
import type { SimProcess } from '@ferris/19-faults/process.ts';
import { NotImplemented } from '@support/not-implemented.ts';
import type { StorageServerConfig } from './storage-server.ts';

/**
 * Pulls the server's tag from the logs for as long as the process lives, starting with log
 * `tag % logs.length` and moving to the next one whenever a peek fails with an FdbError.
 */
export async function pullFromLogs(p: SimProcess, store: VersionedStore, config: StorageServerConfig): Promise<void> {
  // TODO: start with log config.logs[config.tag % config.logs.length], and with the version
  //       after the store's latest (after a reboot: its durable version).
  // TODO: loop for ever: peek (ENDPOINTS.peek, a PeekRequest) and apply the reply (applyPeek);
  //       if nothing new came, sleep PEEK_IDLE_DELAY.
  // TODO: a peek that fails with an FdbError (the log is dead, rebooting or cut off): move on
  //       to the next log and sleep PEEK_RETRY_DELAY. Any other error is a bug: throw it.
  throw new NotImplemented('22-storage-servers', 'pullFromLogs()');
}
