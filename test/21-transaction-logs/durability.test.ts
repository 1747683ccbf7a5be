/**
 * Lesson 21, the log under kills and reboots: what was acknowledged is there after any crash.
 *
 * - "after kills and reboots at random moments ...": a log that replies before its fsync (a kill
 *   loses an acknowledged version, and the next push waits forever for it), recovery that keeps
 *   a record a crash cut short or loses a whole one, a segment forgotten with versions nobody
 *   popped, a peek whose `end` is off by one or counts a version still being written, a peek that
 *   skips its `from` version or versions without ops for the tag;
 * - "a kill right after a reply keeps the version": the same, with the disk losing every
 *   unsynced byte and the kill at the exact moment the reply arrives; and a repeat of a version
 *   acknowledged while the first copy is still being written.
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
  lastVersion,
  runUntil,
  newWorld,
  peekUntilAnswered,
  pushUntilAcked,
  RUN_LIMIT,
} from './helpers.ts';

const kills = fc.array(fc.record({ at: fc.nat(60_000), down: fc.nat(20_000) }), { maxLength: 3 });

describe('the log keeps what it acknowledged', () => {
  test.prop(
    [
      fc.integer(),
      histories(),
      kills,
      fc.boolean(),
      fc.boolean(),
      fc.constantFrom(0, 0, 3_000),
      fc.constantFrom('random', 'none', 'torn') as fc.Arbitrary<'random' | 'none' | 'torn'>,
    ],
    { numRuns: 25 },
  )(
    'after kills and reboots at random moments, every acknowledged version is on the log with exactly its ops, and peeks never skip one',
    async (seed, history, killPlan, concurrent, buggify, slow, unsyncedBytes) => {
      const { sim, world } = newWorld(seed, { buggify, crash: { unsyncedBytes } });
      addLog(world, history);
      if (slow > 0) world.slowDisk(LOG, slow);
      const acked = new Set<number>();
      const finals: Array<{ tag: number; reply: PeekReply }> = [];
      let finished = false;
      const where = `simulation seed ${seed}`;
      world.addProcess('proxy', (p) => {
        const pushAll = async () => {
          if (concurrent) {
            let done = 0;
            for (const push of history.pushes) {
              p.spawn(`push ${push.version}`, async () => {
                await p.sleep(randomInt(p.sim.random, 3_000));
                await pushUntilAcked(p, push, () => acked.add(push.version));
                done++;
              });
            }
            while (done < history.pushes.length) await p.sleep(1_000);
          } else {
            for (const push of history.pushes) await pushUntilAcked(p, push, () => acked.add(push.version));
          }
        };
        p.spawn('pusher', async () => {
          await pushAll();
          await p.sleep(70_000); // after every planned kill
          world.reboot(LOG);
          for (const tag of history.tags) finals.push({ tag, reply: await peekUntilAnswered(p, tag, 0) });
          finished = true;
        });
        p.spawn('peeker', async () => {
          while (!finished) {
            await p.sleep(randomInt(p.sim.random, 2_000));
            const tag = history.tags[randomInt(p.sim.random, history.tags.length)]!;
            const pick = history.pushes[randomInt(p.sim.random, history.pushes.length + 1)];
            const from = pick === undefined ? 0 : pick.version + randomInt(p.sim.random, 2);
            const ackedBefore = Math.max(0, ...acked);
            const reply = await peekUntilAnswered(p, tag, from);
            expectReplyMatches(history, tag, from, reply, `${where}, at ${p.now} µs`);
            expect(
              reply.end,
              `${where}: version ${ackedBefore} was acknowledged before the peek was sent, so end must be above it`,
            ).toBeGreaterThan(ackedBefore);
          }
        });
        p.spawn('killer', async () => {
          for (const { at, down } of killPlan) {
            await p.sleep(at);
            world.kill(LOG);
            await p.sleep(down);
            world.reboot(LOG);
          }
        });
      });
      await runUntil(sim, RUN_LIMIT);
      expect(
        finished,
        `${where}: every push must be acknowledged in the end (the pusher retries; a lost acknowledged version leaves the next push waiting forever)`,
      ).toBe(true);
      for (const { tag, reply } of finals) {
        expect(reply.end, `${where}: after the last reboot the log must hold every version up to the last one`).toBe(
          lastVersion(history) + 1,
        );
        expectReplyMatches(history, tag, 0, reply, `${where}, after the last reboot`);
      }
    },
  );

  test.prop([fc.integer(), histories(12).filter((h) => h.pushes.length > 0), fc.nat(), fc.boolean(), fc.nat(600)], {
    numRuns: 30,
  })(
    'a kill right after a reply keeps the version, even when the crash loses every unsynced byte',
    async (seed, history, which, buggify, gap) => {
      const { sim, world } = newWorld(seed, { buggify, crash: { unsyncedBytes: 'none', unsyncedNames: 'none' } });
      addLog(world, history);
      const victim = history.pushes[which % history.pushes.length]!;
      let after: PeekReply | null = null;
      world.addProcess('proxy', (p) => {
        p.spawn('pusher', async () => {
          for (const push of history.pushes) {
            if (push !== victim) {
              await pushUntilAcked(p, push, () => {});
              continue;
            }
            // The victim twice, the second copy while the first is being written: the first reply kills.
            let acked = false;
            const onAck = () => {
              if (!acked) world.reboot(LOG);
              acked = true;
            };
            p.spawn('repeat', async () => {
              await p.sleep(gap);
              await pushUntilAcked(p, push, onAck);
            });
            await pushUntilAcked(p, push, onAck);
            break;
          }
          after = await peekUntilAnswered(p, history.tags[0]!, 0);
        });
      });
      await runUntil(sim, RUN_LIMIT);
      expect(after, `simulation seed ${seed}: the log must answer a peek after its reboot`).not.toBeNull();
      expect(
        after!.end - 1,
        `simulation seed ${seed}: version ${victim.version} was acknowledged, then the log was killed at once; it must still hold it`,
      ).toBe(victim.version);
      expectReplyMatches(history, history.tags[0]!, 0, after!, `simulation seed ${seed}, after the reboot`);
    },
  );
});
