/**
 * Lesson 21, damage a crash cannot explain: recovery refuses it with a typed CorruptionError.
 *
 * - "a damaged frame with intact frames after it ...": recovery that skips the damage, stops
 *   there and drops the rest (of that segment or of the later ones), or cuts it off as if it
 *   were a torn tail;
 * - "whole records that skip a version ...": recovery that does not check the chain of versions,
 *   or checks it only inside a segment, or only from one segment to the next (it serves a log
 *   with a hole as if nothing were missing);
 * - "a kill in the middle of a version's frames ...": recovery that keeps (or chokes on) a record
 *   a crash cut short, or loses the versions before it.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { CorruptionError } from '@support/corruption-error.ts';
import { FRAME_HEADER_BYTES } from '@ferris/02-serialization/frame.ts';
import { segmentNumbers, segmentPath } from '@ferris/21-transaction-logs/segments.ts';
import type { PeekReply } from '@ferris/20-sequencer/protocol.ts';
import {
  addLog,
  expectReplyMatches,
  failureOf,
  histories,
  type History,
  LOG,
  LOG_DIR,
  lastVersion,
  logOp,
  runUntil,
  newWorld,
  peekUntilAnswered,
  pushUntilAcked,
} from './helpers.ts';

/** A log that took every push of `history`, at rest: its world, its disk and its segment files, oldest first. */
async function pushedLog(seed: number, history: History, segmentBytes?: number) {
  const { sim, world } = newWorld(seed);
  const log = addLog(world, history, segmentBytes);
  world.addProcess('proxy', (p) => {
    p.spawn('pusher', async () => {
      for (const push of history.pushes) await pushUntilAcked(p, push, () => {});
    });
  });
  await runUntil(sim);
  const disk = log.simDisk;
  const paths = segmentNumbers(await disk.list(LOG_DIR)).map((n) => segmentPath(LOG_DIR, n));
  return { sim, world, disk, paths };
}

describe('recovery from damage', () => {
  test.prop([fc.integer(), histories(20).filter((h) => h.pushes.length >= 3), fc.nat(), fc.nat(31)], { numRuns: 20 })(
    'a damaged frame with intact frames after it, in any segment, makes the reboot fail with a CorruptionError',
    async (seed, history, pick, bit) => {
      const { sim, world, disk, paths } = await pushedLog(seed, history);
      // Segments with two frames or more: damage in the first frame has an intact frame after it.
      const candidates: string[] = [];
      for (const path of paths) {
        const bytes = await disk.readFile(path);
        const first =
          bytes.length >= 4 ? FRAME_HEADER_BYTES + new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true) : 0;
        if (bytes.length > first && first > 0) candidates.push(path);
      }
      fc.pre(candidates.length > 0);
      const victim = candidates[pick % candidates.length]!;
      // A bit of the first frame's checksum: the frame is whole, and wrong.
      disk.flipBit(victim, 32 + bit);
      world.reboot(LOG);
      const failure = await failureOf(sim.run());
      const cause = (failure as { error?: unknown } | null)?.error;
      expect(
        cause,
        `simulation seed ${seed}: ${victim} has a damaged frame with intact frames after it; the log's boot must throw a CorruptionError`,
      ).toBeInstanceOf(CorruptionError);
    },
  );

  test.prop(
    [
      fc.integer(),
      histories(12).filter((h) => h.pushes.length >= 3),
      fc.nat(),
      fc.constantFrom('between segments', 'inside a segment') as fc.Arbitrary<'between segments' | 'inside a segment'>,
    ],
    { numRuns: 20 },
  )(
    'whole records that skip a version, between two segments or inside one, make the reboot fail with a CorruptionError',
    async (seed, history, pick, place) => {
      // One version per segment, so that a segment file is one version.
      const { sim, world, disk, paths } = await pushedLog(seed, history, 1);
      // A version in the middle goes missing; every frame left is intact, so only the chain can tell.
      const gap = 1 + (pick % (paths.length - 2));
      if (place === 'inside a segment') {
        const before = await disk.openAppend(paths[gap - 1]!);
        await before.append(await disk.readFile(paths[gap + 1]!));
        await before.sync();
        await before.close();
        await disk.remove(paths[gap + 1]!);
      }
      await disk.remove(paths[gap]!);
      await disk.syncDir(LOG_DIR);
      world.reboot(LOG);
      const failure = await failureOf(sim.run());
      const cause = (failure as { error?: unknown } | null)?.error;
      expect(
        cause,
        `simulation seed ${seed}: ${paths[gap]} was removed (${place}), so a record follows a version the log does not hold; the log's boot must throw a CorruptionError`,
      ).toBeInstanceOf(CorruptionError);
    },
  );

  test.prop(
    [
      fc.integer(),
      histories(10).filter((h) => h.pushes.length > 0),
      fc.nat(),
      fc.array(logOp, { minLength: 2, maxLength: 8 }),
      fc.nat(4_000),
      fc.constantFrom('all', 'boundary', 'torn') as fc.Arbitrary<'all' | 'boundary' | 'torn'>,
    ],
    { numRuns: 40 },
  )(
    "a kill in the middle of a version's frames drops that version whole, and the version is taken again when pushed again",
    async (seed, base, which, ops, killAfter, unsyncedBytes) => {
      // The victim carries several ops, so it is several frames: the kill can fall between them.
      const victimAt = which % base.pushes.length;
      const history: History = {
        tags: base.tags,
        pushes: base.pushes.map((push, i) =>
          i === victimAt ? { ...push, messages: [{ tag: base.tags[0]!, ops }] } : push,
        ),
      };
      const { sim, world } = newWorld(seed, { crash: { unsyncedBytes, damageProbability: 0 } });
      addLog(world, history);
      const replies: PeekReply[] = [];
      world.addProcess('proxy', (p) => {
        p.spawn('pusher', async () => {
          for (const [i, push] of history.pushes.entries()) {
            if (i === victimAt) {
              p.spawn('killer', async () => {
                await p.sleep(killAfter);
                world.reboot(LOG);
              });
            }
            await pushUntilAcked(p, push, () => {});
          }
          world.reboot(LOG);
          for (const tag of history.tags) replies.push(await peekUntilAnswered(p, tag, 0));
        });
      });
      await runUntil(sim);
      replies.forEach((reply, i) => {
        expect(reply.end, `simulation seed ${seed}: after the reboots the log holds every version`).toBe(
          lastVersion(history) + 1,
        );
        expectReplyMatches(history, history.tags[i]!, 0, reply, `simulation seed ${seed}, after the reboots`);
      });
    },
  );
});
