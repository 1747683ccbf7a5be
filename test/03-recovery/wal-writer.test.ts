/**
 * Lesson 03, the WAL writer on the simulated disk. These tests read the log's bytes with lesson
 * 02's decoder, not with recoverWal, so a writer bug shows here even if recovery is unwritten.
 * The plausible wrong solutions each property catches:
 *
 * - "after a crash that drops every unsynced byte, every entry the policy synced survives": no
 *   fsync at all (the policy ignored), syncing BEFORE the write (the newest entry is never
 *   synced), counting N wrongly (> for >=, off by one), ignoring the bytes limit, closing
 *   without a sync.
 * - "... syncs exactly as often as its policy says": an fsync on every append whatever the
 *   policy, forgetting to reset the counters after a sync (then it syncs on every append), or
 *   syncing when nothing is unsynced.
 * - "'every-n' with bytes: the append that brings the unsynced bytes to exactly N ...": a bytes
 *   limit that syncs only once it is passed (`>` for `>=`), drawn on frame boundaries so that the
 *   edge itself comes up.
 * - "a new log's name is durable ...": not syncing the directory after creating the log, so a
 *   crash loses the whole file with its synced entries.
 * - "size ...": a size that forgets the bytes already in a reopened log.
 * - "after a failed append or sync the writer refuses ...": carrying on after an error, which
 *   puts good frames after a partial one (mid-log garbage) or trusts a failed fsync.
 * - "a closed writer refuses appends", "open rejects an unknown sync policy".
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { edgePick, limitOnEdge } from '../shared/edges.ts';
import { encodeFrame } from '@ferris/02-serialization/frame.ts';
import { WalWriter, WalWriterStateError } from '@ferris/03-recovery/wal-writer.ts';
import type { SyncPolicy } from '@ferris/03-recovery/wal-writer.ts';
import {
  decodeAll,
  describePolicy,
  DurabilityModel,
  entries,
  expectSameEntries,
  failingOnce,
  framesOf,
  numbered,
  rejection,
  syncPolicy,
} from './helpers.ts';

const LOG = 'db/wal.log';

async function freshDisk(seed = 1): Promise<SimulatedFileSystem> {
  const fs = new SimulatedFileSystem({ seed });
  await fs.mkdir('db');
  return fs;
}

describe('sync policies', () => {
  /** Appends, with an explicit sync() after some of them. */
  const plan = fc.array(
    fc
      .record({ sync: fc.boolean() })
      .chain(({ sync }) => entries({ minLength: 1, maxLength: 4 }).map((bodies) => ({ bodies, sync }))),
    { maxLength: 6 },
  );

  test.prop([syncPolicy, plan, fc.boolean()])(
    'after a crash that drops every unsynced byte, every entry the policy synced survives',
    async (policy, steps, close) => {
      const fs = await freshDisk();
      const writer = await WalWriter.open(fs, LOG, { sync: policy });
      const model = new DurabilityModel(policy);
      const written = [];
      for (const { bodies, sync } of steps) {
        for (const entry of numbered(bodies)) {
          await writer.append(entry);
          model.append(entry);
          written.push(entry);
        }
        if (sync) {
          await writer.sync();
          model.sync();
        }
      }
      if (close) {
        await writer.close();
        model.sync();
      }
      fs.crash({ unsyncedBytes: 'none', unsyncedNames: 'none' });
      const survived = decodeAll(await fs.readFile(LOG));
      expect(
        survived.length,
        `with policy ${describePolicy(policy)}${close ? ' and close()' : ''}, ${model.durable} of ${written.length} entries must be durable, but only ${survived.length} survived a crash`,
      ).toBeGreaterThanOrEqual(model.durable);
      expectSameEntries(survived, written.slice(0, survived.length), 'the entries that survived');
    },
  );

  test.prop([syncPolicy, plan])('the writer syncs exactly as often as its policy says', async (policy, steps) => {
    const fs = await freshDisk();
    const writer = await WalWriter.open(fs, LOG, { sync: policy });
    const model = new DurabilityModel(policy);
    const fileSyncsAtOpen = fs.syncCount;
    for (const { bodies, sync } of steps) {
      for (const entry of numbered(bodies)) {
        await writer.append(entry);
        model.append(entry);
      }
      if (sync) {
        await writer.sync();
        model.sync();
      }
    }
    expect(
      fs.syncCount - fileSyncsAtOpen,
      `with policy ${describePolicy(policy)} after ${model.appended} appends: an fsync costs milliseconds on a real disk, so make exactly the ones the policy asks for (sync() with nothing unsynced makes none)`,
    ).toBe(model.syncs);
  });

  test.prop([fc.integer({ min: 1, max: 6 }), entries({ minLength: 1, maxLength: 20 })])(
    "'every-n' with appends: N syncs once every N appends, not after N + 1",
    async (n, bodies) => {
      const fs = await freshDisk();
      const writer = await WalWriter.open(fs, LOG, { sync: { kind: 'every-n', appends: n } });
      const list = numbered(bodies);
      for (const entry of list) await writer.append(entry);
      fs.crash({ unsyncedBytes: 'none' });
      const synced = Math.floor(list.length / n) * n;
      expect(decodeAll(await fs.readFile(LOG)).length, `${list.length} appends with every-n appends: ${n}`).toBe(
        synced,
      );
    },
  );

  test.prop([entries({ minLength: 1, maxLength: 20 }), edgePick])(
    "'every-n' with bytes: the append that brings the unsynced bytes to exactly N is synced, not the one after",
    async (bodies, pick) => {
      const list = numbered(bodies);
      const sizes = list.map((entry) => encodeFrame(entry).length);
      // N is the log's size after one of the appends (or a byte either side): the edge itself.
      const logSizes = sizes.map((_, i) => sizes.slice(0, i + 1).reduce((a, b) => a + b, 0));
      const bytes = limitOnEdge(logSizes, pick);
      const fs = await freshDisk();
      const writer = await WalWriter.open(fs, LOG, { sync: { kind: 'every-n', bytes } });
      let unsynced = 0;
      let synced = 0;
      for (const [i, entry] of list.entries()) {
        await writer.append(entry);
        unsynced += sizes[i]!;
        if (unsynced >= bytes) {
          synced = i + 1;
          unsynced = 0;
        }
      }
      fs.crash({ unsyncedBytes: 'none' });
      expect(
        decodeAll(await fs.readFile(LOG)).length,
        `${list.length} appends of frames of ${sizes.join(', ')} bytes with every-n bytes: ${bytes}: a sync is due once the unsynced bytes reach ${bytes}`,
      ).toBe(synced);
    },
  );
});

describe('the log file', () => {
  test.prop([fc.integer(), syncPolicy])(
    "a new log's name is durable when open() resolves: a crash cannot lose the file",
    async (seed, policy) => {
      const fs = await freshDisk(seed);
      const writer = await WalWriter.open(fs, LOG, { sync: policy });
      expect(fs.isNameDurable(LOG), 'open() must sync the directory after creating the log (syncDir)').toBe(true);
      const [entry] = numbered([{ key: Uint8Array.of(1), value: Uint8Array.of(2) }]);
      await writer.append(entry!);
      await writer.sync();
      fs.crash();
      expect(await fs.exists(LOG), 'the log vanished in a crash: its name was never made durable').toBe(true);
      expect(decodeAll(await fs.readFile(LOG)).length, 'a synced entry was lost').toBe(1);
    },
  );

  test.prop([entries(), entries()])(
    'size is where the next frame starts, counting what a reopened log already holds',
    async (first, second) => {
      const fs = await freshDisk();
      const a = numbered(first);
      const b = numbered(second);
      const writer = await WalWriter.open(fs, LOG, { sync: { kind: 'every-append' } });
      expect(writer.size, 'a new log is empty').toBe(0);
      for (const entry of a) await writer.append(entry);
      expect(writer.size, 'size after appending').toBe(framesOf(a).length);
      await writer.close();
      const again = await WalWriter.open(fs, LOG, { sync: { kind: 'manual' } });
      expect(again.size, 'a reopened log starts at its old size').toBe(framesOf(a).length);
      for (const entry of b) await again.append(entry);
      expect(again.size, 'size after appending to a reopened log').toBe(framesOf([...a, ...b]).length);
      await again.close();
      expectSameEntries(decodeAll(await fs.readFile(LOG)), [...a, ...b], 'the log after two sessions');
    },
  );

  it('a closed writer refuses appends with a WalWriterStateError', async () => {
    const fs = await freshDisk();
    const writer = await WalWriter.open(fs, LOG, { sync: { kind: 'manual' } });
    await writer.close();
    const [entry] = numbered([{ key: Uint8Array.of(1), value: null }]);
    const error = await rejection(writer.append(entry!), WalWriterStateError, 'append() after close()');
    expect(error.reason, 'the error must say the writer is closed').toBe('closed');
  });

  it('open rejects an unknown or empty sync policy with a RangeError', async () => {
    const fs = await freshDisk();
    for (const policy of [{ kind: 'sometimes' }, { kind: 'every-n' }, { kind: 'every-n', appends: 0 }]) {
      await rejection(
        WalWriter.open(fs, LOG, { sync: policy as SyncPolicy }),
        RangeError,
        `the policy ${JSON.stringify(policy)}`,
      );
    }
  });
});

describe('after an error', () => {
  test.prop([
    fc.constantFrom('append' as const, 'sync' as const),
    entries({ minLength: 1, maxLength: 4 }),
    entries({ minLength: 1, maxLength: 3 }),
  ])('after a failed append or sync the writer refuses every later append', async (how, before, after) => {
    const disk = await freshDisk();
    const fs = failingOnce(disk, how);
    const writer = await WalWriter.open(fs, LOG, { sync: { kind: 'every-append' } });
    const good = numbered(before);
    for (const entry of good) await writer.append(entry);
    fs.armed = true;
    const [failing, ...rest] = numbered(after);
    await rejection(writer.append(failing!), Error, `an append whose ${how} fails`);
    for (const entry of rest) {
      const error = await rejection(writer.append(entry), WalWriterStateError, `an append after a failed ${how}`);
      expect(error.reason, 'the error must say an earlier write failed').toBe('failed');
    }
    await rejection(writer.sync(), WalWriterStateError, `sync() after a failed ${how}`);
    expectSameEntries(
      decodeAll(await disk.readFile(LOG)),
      how === 'sync' ? [...good, failing!] : good,
      'the log after the failure',
    );
    expect((await disk.readFile(LOG)).length, 'nothing may be written after the failure').toBe(
      framesOf(good).length + (how === 'sync' ? encodeFrame(failing!).length : encodeFrame(failing!).length >> 1),
    );
  });
});
