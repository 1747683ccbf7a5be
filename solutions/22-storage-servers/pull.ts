/**
 * Lesson 22: the pull loop. A storage server asks a log for its tag's versions from the one
 * after its latest, applies the reply, and asks again; with nothing new it waits a little. If
 * the log does not answer (dead, rebooting, cut off), it asks another: every log holds every
 * version. It starts from the store's latest version, which after a reboot is the durable one:
 * what the logs still hold, because the server popped only what it had made durable.
 */
import type { VersionedStore } from '@ferris/14-mvcc/versioned-store.ts';
import type { SimProcess } from '@ferris/19-faults/process.ts';
import { ENDPOINTS, type PeekReply, type PeekRequest } from '@ferris/20-sequencer/protocol.ts';
import { FdbError } from '@support/fdb-error.ts';
import { applyPeek } from './apply.ts';
import { PEEK_IDLE_DELAY, PEEK_RETRY_DELAY } from './knobs.ts';
import type { StorageServerConfig } from './storage-server.ts';

/**
 * Pulls the server's tag from the logs for as long as the process lives, starting with log
 * `tag % logs.length` and moving to the next one whenever a peek fails with an FdbError.
 */
export async function pullFromLogs(p: SimProcess, store: VersionedStore, config: StorageServerConfig): Promise<void> {
  let at = config.tag % config.logs.length;
  let from = store.latestVersion + 1;
  for (;;) {
    const request: PeekRequest = { tag: config.tag, from };
    let reply: PeekReply;
    try {
      reply = await p.request<PeekReply>(config.logs[at]!, ENDPOINTS.peek, request);
    } catch (error) {
      if (!(error instanceof FdbError)) throw error;
      at = (at + 1) % config.logs.length;
      await p.sleep(PEEK_RETRY_DELAY);
      continue;
    }
    const before = from;
    from = await applyPeek(store, reply);
    if (from === before) await p.sleep(PEEK_IDLE_DELAY);
  }
}
