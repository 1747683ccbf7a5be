/**
 * Lesson 03: a failure reached through every route. The failure test in wal-writer.test.ts fails
 * an append under 'every-append'; a writer can also fail in a sync due by an 'every-n' policy
 * with unsynced appends queued, in an explicit sync(), or in the sync close() makes. The
 * plausible wrong solutions this catches:
 *
 * - sync() lets the file's error through without failing the writer (only append() was written
 *   with a try/catch), so later appends land after an fsync that did not happen;
 * - sync() retries a failed fsync and reports success (fsyncgate: Linux may already have dropped
 *   the pages it could not write, so the retry succeeds with nothing on disk);
 * - close() swallows its sync's error, so the caller believes unsynced entries are durable.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { WalWriter, WalWriterStateError } from '@ferris/03-recovery/wal-writer.ts';
import type { SyncPolicy } from '@ferris/03-recovery/wal-writer.ts';
import { describePolicy, entries, failingOnce, numbered, rejection, syncPolicy } from './helpers.ts';

const LOG = 'db/wal.log';

/** Where the failure happens, and the policy that leads there. */
type Route =
  | { readonly call: 'append'; readonly policy: SyncPolicy }
  | { readonly call: 'due sync'; readonly appends: number }
  | { readonly call: 'sync()' | 'close()' };

const route: fc.Arbitrary<Route> = fc.oneof(
  fc.record({ call: fc.constant('append' as const), policy: syncPolicy }),
  fc.record({ call: fc.constant('due sync' as const), appends: fc.integer({ min: 2, max: 4 }) }),
  fc.record({ call: fc.constantFrom('sync()' as const, 'close()' as const) }),
);

function policyOf(r: Route): SyncPolicy {
  if (r.call === 'append') return r.policy;
  if (r.call === 'due sync') return { kind: 'every-n', appends: r.appends };
  return { kind: 'manual' };
}

describe('a failure through every route', () => {
  test.prop([route, entries({ minLength: 1, maxLength: 4 }), entries({ minLength: 4, maxLength: 6 })])(
    'whichever call fails (an append, a sync its policy makes, sync() or close()), that call rejects, and the writer then writes and syncs nothing more',
    async (r, before, after) => {
      const disk = new SimulatedFileSystem({ seed: 1 });
      await disk.mkdir('db');
      const fs = failingOnce(disk, r.call === 'append' ? 'append' : 'sync');
      const policy = policyOf(r);
      const writer = await WalWriter.open(fs, LOG, { sync: policy });
      // With 'due sync', the entries before the failure stop short of a sync: the queue is not empty.
      const good = numbered(r.call === 'due sync' ? before.slice(0, r.appends - 1) : before);
      for (const entry of good) await writer.append(entry);
      fs.armed = true;
      const later = numbered(after);
      const what = `a failing ${r.call} with policy ${describePolicy(policy)} after ${good.length} appends`;
      let failed: unknown;
      try {
        if (r.call === 'sync()') await writer.sync();
        else if (r.call === 'close()') await writer.close();
        else while (later.length > 0) await writer.append(later.shift()!);
      } catch (error) {
        failed = error;
      }
      expect(failed, `${what} resolved: the file's error must reach the caller`).toBeInstanceOf(Error);
      expect(failed, `${what} must reject with the file's own error, not a WalWriterStateError`).not.toBeInstanceOf(
        WalWriterStateError,
      );

      const size = disk.size(LOG);
      const syncs = disk.syncCount;
      for (const entry of later) {
        await rejection(writer.append(entry), WalWriterStateError, `an append after ${what}`);
      }
      if (r.call !== 'close()') {
        const error = await rejection(writer.sync(), WalWriterStateError, `sync() after ${what}`);
        expect(error.reason, 'the error must say an earlier call failed').toBe('failed');
      }
      expect(disk.size(LOG), `nothing may be written after ${what}`).toBe(size);
      expect(
        disk.syncCount,
        `no fsync may be tried again after ${what}: a retried fsync can succeed with the data lost`,
      ).toBe(syncs);
    },
  );
});
