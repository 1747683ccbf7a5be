/**
 * Lesson 21, pops: a tag's versions go once it popped them, the files once every tag did.
 *
 * - "storage servers that peek, pop at their own pace ...": a pop that forgets versions of other
 *   tags, or versions above `upTo`; a segment removed while a tag still needs a version in it
 *   (seen after a reboot); the segment holding the newest version removed (the chain's end is
 *   lost at the next reboot); popped segments never removed (the files grow without bound);
 * - "after pop(tag, upTo) ...": a pop that forgets a version above `upTo`, or versions of other
 *   tags, in memory or (after a reboot) on disk.
 * - "pops that race with pushes ...": a new segment (or the fresh one at boot) numbered by
 *   counting the segments (after a pop it reuses or precedes an old number, and a reboot reads
 *   the files out of order); two pops removing the same segment; a peek that misses a version a
 *   tag has not popped, before or after a reboot;
 * - "a pop that arrives while a new segment's first version waits for its fsync ...": a segment
 *   that counts a version as held before its fsync (in append, or in sync before the fsync): the
 *   pop then removes the segment that truly holds the newest durable version, and a kill loses
 *   both;
 * - "pops sent at once ...": two pops removing the same segment at once (the second fails, or
 *   drops a segment from the list but not from the disk); a pop that arrives while removals run
 *   and is dropped (returned from before it raised the target, or not looked at again after the
 *   last `syncDir`); removals not made durable with `syncDir` (a crash brings the files back); a
 *   pop before the first push that removes the empty segment taking appends.
 * - "a pop that arrives while the log syncs the folder ...": the same two ways of dropping a pop,
 *   made certain: the disk is slow, and the pop arrives during the `syncDir` after the removals.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { randomInt } from '@support/random.ts';
import { DISK_OP_MICROS } from '@ferris/19-faults/latency.ts';
import type { PeekReply } from '@ferris/20-sequencer/protocol.ts';
import { encodeFrame } from '@ferris/02-serialization/frame.ts';
import { recordEntries } from '@ferris/21-transaction-logs/log-record.ts';
import { segmentNumbers, segmentPath } from '@ferris/21-transaction-logs/segments.ts';
import {
  addLog,
  expectReplyMatches,
  histories,
  LOG,
  LOG_DIR,
  lastVersion,
  runUntil,
  newWorld,
  peekUntilAnswered,
  popUntilAnswered,
  pushUntilAcked,
  RUN_LIMIT,
} from './helpers.ts';

/** Virtual time for the removals a pop started to finish after its reply: far more than they need. */
const SETTLE_MICROS = 2_000_000;

/** A disk operation's delay while a version's fsync must stay pending: longer than any pop and its reply take. */
const SLOW_SYNC_MICROS = 300_000;

/** How many peeks the peeker of a run sends at most. */
const MAX_PEEKS = 300;

/** What the tags do after a push is acknowledged. */
type PopStep = 'none' | 'all' | 'all and kill' | 'lagging';

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
      await runUntil(sim, RUN_LIMIT);
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
      await runUntil(sim, RUN_LIMIT);
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

  test.prop(
    [
      fc.integer(),
      histories(30),
      fc.array(fc.constantFrom('none', 'all', 'all and kill', 'lagging') as fc.Arbitrary<PopStep>, { maxLength: 30 }),
      fc.boolean(),
      fc.constantFrom(0, 2_000),
      fc.constantFrom(1, 300),
    ],
    { numRuns: 25 },
  )(
    'pops that race with pushes, and kills the moment a pop is answered, never cost the log a version a tag has not popped',
    async (seed, history, plan, buggify, slow, segmentBytes) => {
      const { sim, world } = newWorld(seed, { buggify, crash: { unsyncedBytes: 'none' } });
      addLog(world, history, segmentBytes);
      if (slow > 0) world.slowDisk(LOG, slow);
      const last = lastVersion(history);
      const where = `simulation seed ${seed}`;
      // The highest pop sent per tag: a peek from above it must get every version the history has there.
      const popSent = new Map(history.tags.map((tag) => [tag, 0]));
      let pushed = false;
      const finals: Array<{ tag: number; from: number; reply: PeekReply }> = [];
      world.addProcess('proxy', (p) => {
        p.spawn('pusher', async () => {
          for (const [i, push] of history.pushes.entries()) {
            await pushUntilAcked(p, push, () => {});
            // Right after the reply, while the next push is on its way, the tags pop: every tag up to
            // this version ('all', and then a kill the moment the last of those pops is answered), or each
            // somewhere between its last pop and this version ('lagging').
            const step = plan[i % Math.max(1, plan.length)] ?? 'none';
            if (step === 'none') continue;
            let unanswered = step === 'all and kill' ? history.tags.length : -1;
            for (const tag of history.tags) {
              const from = popSent.get(tag)!;
              const upTo = step === 'lagging' ? from + randomInt(p.sim.random, push.version - from + 1) : push.version;
              popSent.set(tag, upTo);
              p.spawn(`pop ${tag} to ${upTo}`, async () => {
                // Spread over the few disk operations of the next push, so that some land in the middle of it.
                await p.sleep(randomInt(p.sim.random, 6 * (DISK_OP_MICROS + slow)));
                await popUntilAnswered(p, tag, upTo);
                // The last pop made every tag's pop reach this version: it had the log forget what it could.
                if (--unanswered === 0) world.reboot(LOG);
              });
            }
          }
          pushed = true;
          world.reboot(LOG);
          for (const tag of history.tags) {
            const from = popSent.get(tag)! + 1;
            finals.push({ tag, from, reply: await peekUntilAnswered(p, tag, from) });
          }
        });
        p.spawn('peeker', async () => {
          // A bounded number of peeks, so that a log that hangs costs little time to report.
          for (let peeks = 0; peeks < MAX_PEEKS && !pushed; peeks++) {
            await p.sleep(randomInt(p.sim.random, 2_000));
            const tag = history.tags[randomInt(p.sim.random, history.tags.length)]!;
            const from = popSent.get(tag)! + 1;
            const reply = await peekUntilAnswered(p, tag, from);
            // A pop sent meanwhile may overtake the peek and rightly trim its reply: check only if none was.
            if (popSent.get(tag)! + 1 === from)
              expectReplyMatches(history, tag, from, reply, `${where}, at ${p.now} µs`);
          }
        });
      });
      await runUntil(sim, RUN_LIMIT);
      expect(
        finals.length,
        `${where}: every push must be acknowledged in the end (a log that lost an acknowledged version leaves the next push waiting forever)`,
      ).toBe(history.tags.length);
      for (const { tag, from, reply } of finals) {
        expect(reply.end, `${where}: after the pops, kills and a last reboot the log must hold every version`).toBe(
          last + 1,
        );
        expectReplyMatches(history, tag, from, reply, `${where}, after the last reboot`);
      }
    },
  );

  test.prop([fc.integer(), histories(12).filter((h) => h.pushes.length >= 2), fc.nat()], { numRuns: 20 })(
    "a pop that arrives while a new segment's first version waits for its fsync keeps the segment holding the newest durable version",
    async (seed, history, pick) => {
      const { sim, world } = newWorld(seed, { crash: { unsyncedBytes: 'none' } });
      // One version per segment: every push starts a new segment.
      const log = addLog(world, history, 1);
      const at = 1 + (pick % (history.pushes.length - 1));
      const racing = history.pushes[at]!;
      const popped = history.pushes[at - 1]!.version;
      const frameBytes = recordEntries(racing).reduce((sum, entry) => sum + encodeFrame(entry).length, 0);
      const where = `simulation seed ${seed}`;
      const finals: Array<{ tag: number; reply: PeekReply }> = [];
      const newestSegment = async () => Math.max(0, ...segmentNumbers(await log.simDisk.list(LOG_DIR)));
      world.addProcess('proxy', (p) => {
        p.spawn('pusher', async () => {
          for (const push of history.pushes.slice(0, at)) await pushUntilAcked(p, push, () => {});
          // The racing version's fsync is slow; everything after it is fast again.
          const before = await newestSegment();
          world.slowDisk(LOG, SLOW_SYNC_MICROS);
          let racingAcked = false;
          p.spawn('racing push', () => pushUntilAcked(p, racing, () => (racingAcked = true)));
          let segment = before;
          while (segment === before || log.simDisk.size(segmentPath(LOG_DIR, segment)) < frameBytes) {
            await p.sleep(SLOW_SYNC_MICROS / 30);
            segment = await newestSegment();
          }
          // Every frame of the racing version is written, and its fsync has begun: now every tag pops
          // the version before it, and the log is killed the moment the pops are answered.
          world.slowDisk(LOG, 0);
          let answered = 0;
          for (const tag of history.tags) {
            p.spawn(`pop ${tag}`, async () => {
              await popUntilAnswered(p, tag, popped);
              if (++answered === history.tags.length) world.reboot(LOG);
            });
          }
          while (!racingAcked) await p.sleep(1_000);
          for (const push of history.pushes.slice(at + 1)) await pushUntilAcked(p, push, () => {});
          world.reboot(LOG);
          for (const tag of history.tags) finals.push({ tag, reply: await peekUntilAnswered(p, tag, popped + 1) });
        });
      });
      await runUntil(sim, RUN_LIMIT);
      expect(
        finals.length,
        `${where}: version ${popped} was durable when the pops came; after the kill the log must still hold it, so that version ${racing.version} is taken again`,
      ).toBe(history.tags.length);
      for (const { tag, reply } of finals) {
        expect(reply.end, `${where}: after the kill and a last reboot the log must hold every version`).toBe(
          lastVersion(history) + 1,
        );
        expectReplyMatches(history, tag, popped + 1, reply, `${where}, after the last reboot`);
      }
    },
  );

  test.prop([fc.integer(), histories(40), fc.array(fc.nat(), { maxLength: 4 }), fc.boolean()], { numRuns: 20 })(
    'pops sent at once all take effect: once every tag popped every version at most two files remain, and a crash that loses unsynced names brings none back',
    async (seed, history, picks, buggify) => {
      const { sim, world } = newWorld(seed, { buggify, crash: { unsyncedNames: 'none' } });
      const log = addLog(world, history);
      const last = lastVersion(history);
      const versions = [0, ...history.pushes.map((p) => p.version)];
      // Each tag pops a few versions, then the last one, all sent at the same moment.
      const targets = [...picks.map((pick) => versions[pick % versions.length]!), last];
      const where = `simulation seed ${seed}`;
      let filesBefore = null as string[] | null;
      let filesAfter = null as string[] | null;
      let afterReboot = null as PeekReply | null;
      world.addProcess('proxy', (p) => {
        p.spawn('storage', async () => {
          // A storage server that has nothing yet pops 0: the log holds no version, and must keep its files.
          for (const tag of history.tags) await popUntilAnswered(p, tag, 0);
          for (const push of history.pushes) await pushUntilAcked(p, push, () => {});
          let answered = 0;
          for (const tag of history.tags) {
            for (const upTo of targets) {
              p.spawn(`pop ${tag} to ${upTo}`, async () => {
                await popUntilAnswered(p, tag, upTo);
                answered++;
              });
            }
          }
          while (answered < history.tags.length * targets.length) await p.sleep(1_000);
          // A pop may answer while the removals it asked for still run: give them ample time.
          await p.sleep(SETTLE_MICROS);
          filesBefore = await log.simDisk.list(LOG_DIR);
          world.reboot(LOG);
          afterReboot = await peekUntilAnswered(p, history.tags[0]!, last + 1);
          filesAfter = await log.simDisk.list(LOG_DIR);
        });
      });
      await runUntil(sim, RUN_LIMIT);
      expect(afterReboot?.end, `${where}: after the pops and a reboot the log must still hold every version`).toBe(
        last + 1,
      );
      expect(
        filesBefore?.length,
        `${where}: once every tag popped every version, only the segment taking appends and the one holding the newest version may remain, not ${filesBefore?.join(', ')}`,
      ).toBeLessThanOrEqual(2);
      // The files after the reboot: those before it, and perhaps a fresh one after them; none that was removed.
      const newestBefore = filesBefore?.at(-1) ?? '';
      expect(
        filesAfter?.filter((name) => !filesBefore?.includes(name) && name <= newestBefore),
        `${where}: the removals must be durable: after a crash that loses every unsynced name, no removed file may come back (before the crash: ${filesBefore?.join(', ')}; after: ${filesAfter?.join(', ')})`,
      ).toEqual([]);
    },
  );

  test.prop([fc.integer(), histories(12).filter((h) => h.pushes.length >= 3), fc.nat()], { numRuns: 10 })(
    "a pop that arrives while the log syncs the folder after an earlier pop's removals still takes effect, with no later pop",
    async (seed, history, pick) => {
      const { sim, world } = newWorld(seed);
      // One version per segment; the pop up to `middle` removes the segments of pushes 0..k.
      const log = addLog(world, history, 1);
      const k = pick % (history.pushes.length - 2);
      const middle = history.pushes[k]!.version;
      const last = lastVersion(history);
      const [first, ...others] = history.tags as [number, ...number[]];
      const where = `simulation seed ${seed}, ${history.pushes.length} versions, first pop up to ${middle}`;
      let before = 0;
      let seen = '';
      let filesAfter = null as string[] | null;
      world.addProcess('proxy', (p) => {
        p.spawn('storage', async () => {
          for (const push of history.pushes) await pushUntilAcked(p, push, () => {});
          for (const tag of others) await popUntilAnswered(p, tag, last);
          before = (await log.simDisk.list(LOG_DIR)).length;
          // Slow disk operations hold the removals and the folder's sync open for a long while.
          world.slowDisk(LOG, SLOW_SYNC_MICROS);
          p.spawn('first pop', () => popUntilAnswered(p, first, middle));
          const giveUp = p.now + (k + 3) * SLOW_SYNC_MICROS;
          while ((await log.simDisk.list(LOG_DIR)).length > before - (k + 1) && p.now < giveUp) await p.sleep(1_000);
          seen = (await log.simDisk.list(LOG_DIR)).join(', ');
          // The removals are done, and the folder's sync has begun: the last pop arrives during it.
          world.slowDisk(LOG, 0);
          await popUntilAnswered(p, first, last);
          await p.sleep(SETTLE_MICROS);
          filesAfter = await log.simDisk.list(LOG_DIR);
        });
      });
      await runUntil(sim, RUN_LIMIT);
      expect(
        seen.split(', ').length,
        `${where}: every tag but one had popped everything, so that pop must remove the ${k + 1} segment(s) holding versions up to ${middle} of the ${before}; the files left were: ${seen}`,
      ).toBe(before - (k + 1));
      expect(
        filesAfter?.length,
        `${where}: the last tag then popped ${last} too, while the log synced the folder; that pop must take effect then (look again after the sync), leaving only the segment with the newest version and at most one after it, not ${filesAfter?.join(', ')}`,
      ).toBeLessThanOrEqual(2);
    },
  );
});
