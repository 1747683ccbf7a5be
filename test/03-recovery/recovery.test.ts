/**
 * Lesson 03, recovery on the simulated disk. The plausible wrong solutions each property catches:
 *
 * - "a clean log ...": reading only some frames, or returning entries out of order.
 * - "a missing log recovers as an empty one": throwing FileNotFoundError for a fresh database.
 * - "a torn last frame is cut off at the exact end of the last good frame ...": throwing on a
 *   torn tail (not catching TruncatedFrameError); keeping the torn bytes (no truncate, so the
 *   next append lands after garbage); truncating at the wrong offset (off by a header either
 *   way).
 * - "a complete last frame with a bad byte is a damaged tail ...": treating only truncated
 *   frames as a tail, and throwing for a tail a crash really leaves.
 * - "damage with an intact frame after it is reported ...": stopping silently at mid-log
 *   corruption (dropping synced entries without an error), skipping over it silently in the
 *   default (strict) mode, reporting the wrong offset, or changing the file before throwing.
 * - the 'absolute-consistency', 'point-in-time' and 'skip-any-corrupted' properties: each mode
 *   doing what another mode does (accepting a torn tail in absolute mode, keeping frames after
 *   the damage in point-in-time mode, dropping a good frame or not listing the damage when
 *   salvaging).
 * - "across crash / recover / append cycles ...": every bug above, and every writer bug that
 *   loses a synced entry (no fsync, sync before write, counting N wrongly, no directory sync
 *   after creating the log) or invents one, checked over many random crashes.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { encodeFrame } from '@ferris/02-serialization/frame.ts';
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { recoverWal, WalCorruptionError } from '@ferris/03-recovery/recovery.ts';
import type { RecoveryMode } from '@ferris/03-recovery/recovery.ts';
import { WalWriter } from '@ferris/03-recovery/wal-writer.ts';
import {
  describePolicy,
  DurabilityModel,
  entries,
  entryBody,
  expectSameEntries,
  frameOffsets,
  framesOf,
  numbered,
  rejection,
  show,
  syncPolicy,
  writeLog,
} from './helpers.ts';

const LOG = 'db/wal.log';

async function freshDisk(seed = 1): Promise<SimulatedFileSystem> {
  const fs = new SimulatedFileSystem({ seed });
  await fs.mkdir('db');
  return fs;
}

/** A log of `list`'s frames with `tail` after them, all synced. */
async function diskWith(list: readonly WalEntry[], tail: Uint8Array = new Uint8Array(0)): Promise<SimulatedFileSystem> {
  const fs = await freshDisk();
  const frames = framesOf(list);
  const bytes = new Uint8Array(frames.length + tail.length);
  bytes.set(frames);
  bytes.set(tail, frames.length);
  await writeLog(fs, LOG, bytes);
  return fs;
}

/** A bit inside frame `index` of `list`: its first bit plus `within`, wrapped into the frame. */
function bitInFrame(list: readonly WalEntry[], index: number, within: number): number {
  const offsets = frameOffsets(list);
  const start = offsets[index]!;
  const length = offsets[index + 1]! - start;
  return start * 8 + (within % (length * 8));
}

describe('a log without damage', () => {
  test.prop([entries()])('a clean log gives back every entry, in order, and is not changed', async (bodies) => {
    const list = numbered(bodies);
    const fs = await diskWith(list);
    const size = fs.size(LOG);
    const result = await recoverWal(fs, LOG);
    expectSameEntries(result.entries, list, 'recovering a clean log');
    expect(result.validBytes, 'validBytes of a clean log is its whole size').toBe(size);
    expect(result.truncatedBytes, 'nothing may be cut from a clean log').toBe(0);
    expect(result.damage, 'a clean log has no damage').toEqual([]);
    expect(fs.size(LOG), 'recovery changed a clean log').toBe(size);
  });

  it('a missing log recovers as an empty one', async () => {
    const fs = await freshDisk();
    const result = await recoverWal(fs, LOG);
    expect(result.entries, 'a missing log has no entries').toEqual([]);
    expect([result.validBytes, result.truncatedBytes], 'a missing log has no bytes').toEqual([0, 0]);
  });
});

describe('a damaged tail: what a crash leaves', () => {
  test.prop([entries(), entryBody, fc.nat(), entryBody])(
    'a torn last frame is cut off at the exact end of the last good frame, and appending afterwards is safe',
    async (bodies, tornBody, cut, laterBody) => {
      const list = numbered(bodies);
      const [torn, later] = numbered([tornBody, laterBody]) as [WalEntry, WalEntry];
      const tornFrame = encodeFrame(torn);
      const kept = 1 + (cut % (tornFrame.length - 1)); // 1 .. length - 1 bytes of the frame
      const fs = await diskWith(list, tornFrame.subarray(0, kept));
      const good = framesOf(list).length;

      const result = await recoverWal(fs, LOG);
      expectSameEntries(result.entries, list, `a log with ${kept} of ${tornFrame.length} bytes of a last frame`);
      expect(result.validBytes, 'validBytes must be the end of the last good frame').toBe(good);
      expect(result.truncatedBytes, 'truncatedBytes must be the torn bytes').toBe(kept);
      expect(fs.size(LOG), 'the torn bytes must be cut off the file').toBe(good);
      expect(fs.durableSize(LOG), 'the cut must be durable (truncate syncs)').toBe(good);
      expect(
        result.damage.map((d) => [d.offset, d.length, d.action]),
        'the damage must list the torn frame',
      ).toEqual([[good, kept, 'truncated']]);

      // The next frame must land where the torn one began, not after its garbage.
      const file = await fs.openAppend(LOG);
      await file.append(encodeFrame(later));
      await file.sync();
      const again = await recoverWal(fs, LOG);
      expectSameEntries(again.entries, [...list, later], 'recovering after appending to a recovered log');
    },
  );

  test.prop([entries(), entryBody, fc.nat()])(
    'a complete last frame with a bad byte is a damaged tail, cut off like a torn one',
    async (bodies, lastBody, within) => {
      const list = numbered([...bodies, lastBody]);
      const fs = await diskWith(list);
      const offsets = frameOffsets(list);
      const last = offsets[list.length - 1]!;
      fs.flipBit(LOG, bitInFrame(list, list.length - 1, within));
      const result = await recoverWal(fs, LOG);
      expectSameEntries(result.entries, list.slice(0, -1), 'a log whose last frame has a flipped bit');
      expect(result.validBytes, 'validBytes must be the start of the damaged last frame').toBe(last);
      expect(fs.size(LOG), 'the damaged last frame must be cut off').toBe(last);
    },
  );
});

describe('damage with intact frames after it: not a crash', () => {
  /** A log of at least two frames with one bit flipped in a frame that is not the last. */
  const damagedLog = fc.tuple(entries({ minLength: 2 }), fc.nat(), fc.nat()).map(([bodies, pick, within]) => {
    const list = numbered(bodies);
    const index = pick % (list.length - 1);
    return { list, index, bit: bitInFrame(list, index, within) };
  });

  async function damaged({ list, bit }: { list: WalEntry[]; bit: number }): Promise<SimulatedFileSystem> {
    const fs = await diskWith(list);
    fs.flipBit(LOG, bit);
    return fs;
  }

  test.prop([damagedLog])(
    'damage with an intact frame after it is reported with the file and the offset of the damaged frame, and nothing is dropped',
    async (log) => {
      const fs = await damaged(log);
      const before = await fs.readFile(LOG);
      const error = await rejection(
        recoverWal(fs, LOG),
        WalCorruptionError,
        `recovering a log with a flipped bit in frame ${log.index} of ${log.list.length} (synced entries are behind it)`,
      );
      const offset = frameOffsets(log.list)[log.index]!;
      expect(error.file, 'the error must name the log file').toBe(LOG);
      expect(error.offset, 'the error must give the offset where the damaged frame starts').toBe(offset);
      expect(error.message, 'the message must say where, in words').toContain(String(offset));
      expect(await fs.readFile(LOG), 'recovery must not change a log it refuses').toEqual(before);
    },
  );

  test.prop([damagedLog])("'point-in-time' stops at the damage and cuts the log there", async (log) => {
    const fs = await damaged(log);
    const offset = frameOffsets(log.list)[log.index]!;
    const result = await recoverWal(fs, LOG, { mode: 'point-in-time' });
    expectSameEntries(result.entries, log.list.slice(0, log.index), "'point-in-time' recovery");
    expect(result.validBytes, "'point-in-time' must cut at the start of the damaged frame").toBe(offset);
    expect(fs.size(LOG), 'the file must be cut there').toBe(offset);
    expect(
      result.damage.map((d) => [d.offset, d.action]),
      'the damage must be listed',
    ).toEqual([[offset, 'truncated']]);
  });

  test.prop([damagedLog])("'skip-any-corrupted' salvages every intact frame and lists what it skipped", async (log) => {
    const fs = await damaged(log);
    const offsets = frameOffsets(log.list);
    const size = fs.size(LOG);
    const result = await recoverWal(fs, LOG, { mode: 'skip-any-corrupted' });
    expectSameEntries(
      result.entries,
      log.list.filter((_, i) => i !== log.index),
      "'skip-any-corrupted' recovery",
    );
    expect(
      result.damage.map((d) => [d.offset, d.length, d.action]),
      'the skipped stretch must be exactly the damaged frame',
    ).toEqual([[offsets[log.index]!, offsets[log.index + 1]! - offsets[log.index]!, 'skipped']]);
    expect([result.validBytes, fs.size(LOG)], 'salvage keeps the file (the damage stays in it)').toEqual([size, size]);
  });

  test.prop([entries({ minLength: 1 }), fc.nat(), fc.nat(), fc.boolean()])(
    "'absolute-consistency' refuses any damage, even a torn tail",
    async (bodies, pick, within, torn) => {
      const list = numbered(bodies);
      const fs = await diskWith(list);
      const index = pick % list.length;
      if (torn) {
        await fs.truncate(LOG, fs.size(LOG) - 1);
      } else {
        fs.flipBit(LOG, bitInFrame(list, index, within));
      }
      const offset = torn ? frameOffsets(list)[list.length - 1]! : frameOffsets(list)[index]!;
      const error = await rejection(
        recoverWal(fs, LOG, { mode: 'absolute-consistency' }),
        WalCorruptionError,
        torn ? "'absolute-consistency' recovery of a torn tail" : "'absolute-consistency' recovery of a flipped bit",
      );
      expect(error.offset, 'the error must give the offset of the damaged frame').toBe(offset);

      const clean = await diskWith(list);
      const result = await recoverWal(clean, LOG, { mode: 'absolute-consistency' });
      expectSameEntries(result.entries, list, "'absolute-consistency' recovery of a clean log");
    },
  );
});

describe('crash, recover, append, again', () => {
  type Step = { kind: 'append'; count: number } | { kind: 'sync' } | { kind: 'crash' };
  const step: fc.Arbitrary<Step> = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({ kind: fc.constant('append' as const), count: fc.integer({ min: 1, max: 4 }) }),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'sync' } as const) },
    { weight: 2, arbitrary: fc.constant({ kind: 'crash' } as const) },
  );
  const modes: RecoveryMode[] = ['tolerate-corrupted-tail', 'point-in-time'];

  test.prop([fc.integer(), syncPolicy, fc.array(step, { maxLength: 14 }), fc.constantFrom(...modes)], { numRuns: 150 })(
    'across crash / recover / append cycles, recovery returns every synced entry and nothing that was not written',
    async (seed, policy, steps, mode) => {
      const fs = new SimulatedFileSystem({ seed });
      await fs.mkdir('db');
      /** The log as a correct system sees it: every entry appended since the start, that survived. */
      let log: WalEntry[] = [];
      let durable = 0; // how many entries of `log` must survive any crash
      let model = new DurabilityModel(policy);
      let base = 0; // entries of `log` from before this writer session
      let writer = await WalWriter.open(fs, LOG, { sync: policy });
      const history: string[] = [];

      const crashAndRecover = async () => {
        const report = fs.crash();
        history.push(
          `crash (${report.files.map((f) => `kept ${f.keptBytes}/${f.unsyncedBytes} unsynced bytes${f.torn ? ', torn' : ''}${f.damagedOffset !== null ? ', damaged' : ''}`).join('; ') || 'log file lost'})`,
        );
        const result = await recoverWal(fs, LOG, { mode });
        const got = result.entries;
        const context = `${describePolicy(policy)}, mode ${mode}, after: ${history.join(' / ')}`;
        expect(
          got.length,
          `recovery lost synced entries: ${durable} were synced, got ${show(got)}; ${context}`,
        ).toBeGreaterThanOrEqual(durable);
        expectSameEntries(
          got,
          log.slice(0, got.length),
          `recovery must return a prefix of what was written (${context})`,
        );
        log = got;
        durable = got.length; // what survived a crash and a recovery is on disk now
        base = got.length;
        model = new DurabilityModel(policy);
        writer = await WalWriter.open(fs, LOG, { sync: policy });
      };

      for (const s of steps) {
        if (s.kind === 'append') {
          const batch = numbered(
            Array.from({ length: s.count }, (_, i) => ({ key: Uint8Array.of(i), value: Uint8Array.of(s.count, i) })),
          );
          for (const entry of batch) {
            await writer.append(entry);
            log.push(entry);
            model.append(entry);
          }
          history.push(`append ${s.count}`);
        } else if (s.kind === 'sync') {
          await writer.sync();
          model.sync();
          history.push('sync');
        } else {
          await crashAndRecover();
          continue;
        }
        durable = Math.max(durable, base + model.durable);
      }
      await crashAndRecover();
    },
  );
});
