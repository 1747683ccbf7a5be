/**
 * Lesson 21, pops: a tag's versions go once it popped them, the files once every tag did.
 *
 * - "storage servers that peek, pop at their own pace ...": a pop that forgets versions of other
 *   tags, or versions above `upTo`; a segment removed while a tag still needs a version in it
 *   (seen after a reboot); the segment holding the newest version removed (the chain's end is
 *   lost at the next reboot); popped segments never removed (the files grow without bound);
 * - "after pop(tag, upTo) ...": a pop that forgets a version above `upTo`, or versions of other
 *   tags, in memory or (after a reboot) on disk.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { randomInt } from '@support/random.ts';
import type { PeekReply } from '@ferris/20-sequencer/protocol.ts';
import {
  addLog,
  expectReplyMatches,
  histories,
  LOG,
  LOG_DIR,
  lastVersion,
  mustRun,
  newWorld,
  peekUntilAnswered,
  popUntilAnswered,
  pushUntilAcked,
  RUN_LIMIT,
} from './helpers.ts';

describe('pops', () => {
  test.prop([fc.integer(), histories(40), fc.array(fc.nat(30_000), { maxLength: 2 }), fc.boolean()], { numRuns: 20 })(
    'storage servers that peek and pop at their own pace always get every version they have not popped, and the files shrink once all have popped',
    async (seed, history, killAt, buggify) => {
      const { sim, world } = newWorld(seed, { buggify });
      const log = addLog(world, history);
      const last = lastVersion(history);
      const where = `simulation seed ${seed}`;
      let caughtUp = 0;
      let killsOver = false;
      let pushed = false;
      let afterReboot = null as PeekReply | null;
      let filesAtEnd: string[] = [];
      world.addProcess('proxy', (p) => {
        p.spawn('pusher', async () => {
          for (const push of history.pushes) await pushUntilAcked(p, push, () => {});
          pushed = true;
        });
        for (const tag of history.tags) {
          p.spawn(`storage ${tag}`, async () => {
            let next = 0;
            let popped = 0;
            while (next <= last) {
              await p.sleep(randomInt(p.sim.random, 3_000));
              const reply = await peekUntilAnswered(p, tag, next);
              expectReplyMatches(history, tag, next, reply, `${where}, storage ${tag} at ${p.now} µs`);
              next = reply.end;
              // Pop somewhere between what was popped and what was received: each tag lags differently.
              const upTo = popped + randomInt(p.sim.random, next - popped);
              if (upTo > popped && randomInt(p.sim.random, 3) > 0) {
                await popUntilAnswered(p, tag, upTo);
                popped = upTo;
              }
            }
            // A reboot forgets pops (they are not on disk): pop again once the kills are over.
            while (!killsOver) await p.sleep(5_000);
            await popUntilAnswered(p, tag, last);
            caughtUp++;
          });
        }
        p.spawn('killer', async () => {
          for (const at of killAt) {
            await p.sleep(at);
            world.reboot(LOG);
          }
          // And one more once every version is pushed: then the segment taking appends is empty.
          while (!pushed) await p.sleep(5_000);
          world.reboot(LOG);
          killsOver = true;
        });
        p.spawn('checker', async () => {
          while (caughtUp < history.tags.length) await p.sleep(5_000);
          filesAtEnd = await log.simDisk.list(LOG_DIR);
          world.reboot(LOG);
          afterReboot = await peekUntilAnswered(p, history.tags[0]!, last + 1);
        });
      });
      await mustRun(sim, { until: RUN_LIMIT });
      expect(caughtUp, `${where}: every storage server must catch up with the last version`).toBe(history.tags.length);
      expect(
        filesAtEnd.length,
        `${where}: once every tag popped every version, only the segment taking appends and the one holding the newest version may remain, not ${filesAtEnd.join(', ')}`,
      ).toBeLessThanOrEqual(2);
      expect(
        afterReboot?.end,
        `${where}: after every segment it could forget is gone, a reboot must still know the log's newest version`,
      ).toBe(last + 1);
    },
  );

  test.prop(
    [fc.integer(), histories(30), fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), fc.boolean(), fc.boolean()],
    { numRuns: 30 },
  )(
    'after pop(tag, upTo), every tag still gets every version above what it popped, before and after a reboot',
    async (seed, history, picks, rebootFirst, buggify) => {
      const { sim, world } = newWorld(seed, { buggify });
      addLog(world, history);
      const versions = [0, ...history.pushes.map((p) => p.version)];
      // Each tag pops up to a version of the history (or one below it), so the version right after matters.
      const popTo = history.tags.map((_, i) => Math.max(0, versions[picks[i]! % versions.length]! - (picks[i]! % 2)));
      const replies: Array<{ tag: number; popped: number; reply: PeekReply }> = [];
      world.addProcess('proxy', (p) => {
        p.spawn('storage', async () => {
          for (const push of history.pushes) await pushUntilAcked(p, push, () => {});
          if (rebootFirst) world.reboot(LOG);
          for (const [i, tag] of history.tags.entries()) await popUntilAnswered(p, tag, popTo[i]!);
          world.reboot(LOG);
          for (const [i, tag] of history.tags.entries()) {
            replies.push({ tag, popped: popTo[i]!, reply: await peekUntilAnswered(p, tag, popTo[i]! + 1) });
          }
        });
      });
      await mustRun(sim, { until: RUN_LIMIT });
      expect(replies.length, `simulation seed ${seed}: every peek must be answered`).toBe(history.tags.length);
      for (const { tag, popped, reply } of replies) {
        expect(reply.end, `simulation seed ${seed}: the pops must not cost the log its newest version`).toBe(
          lastVersion(history) + 1,
        );
        expectReplyMatches(
          history,
          tag,
          popped + 1,
          reply,
          `simulation seed ${seed}, tag ${tag} popped up to ${popped}`,
        );
      }
    },
  );
});
