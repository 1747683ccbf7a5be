/**
 * Lesson 21, the chain of versions: in order, each after its predecessor, repeats acknowledged.
 *
 * - "pushes sent in any order ...": a log that takes a version before its predecessor (or
 *   refuses it instead of waiting), that lets a peek see a version before the ones below it;
 * - "every push sent several times ...": a repeat appended a second time (twice in peeks, and a
 *   broken chain on disk), a repeat acknowledged before the first copy is durable, a repeat
 *   refused;
 * - "the log keeps its own copies ...": a log that keeps the pusher's buffers (or views of them)
 *   instead of copies.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { randomInt } from '@support/random.ts';
import type { PeekReply } from '@ferris/20-sequencer/protocol.ts';
import { scribble } from '../shared/bytes.ts';
import {
  addLog,
  describeEntries,
  expectedEntries,
  expectReplyMatches,
  histories,
  LOG,
  lastVersion,
  runUntil,
  newWorld,
  opBuffers,
  peekUntilAnswered,
  pushUntilAcked,
  RUN_LIMIT,
} from './helpers.ts';

describe('the chain of versions', () => {
  test.prop([fc.integer(), histories(), fc.array(fc.nat(20_000), { maxLength: 30 }), fc.boolean()], { numRuns: 25 })(
    'pushes sent in any order all complete, and the log takes each only after its predecessor',
    async (seed, history, delays, buggify) => {
      const { sim, world } = newWorld(seed, { buggify });
      addLog(world, history);
      let done = 0;
      let final: PeekReply[] = [];
      const where = `simulation seed ${seed}`;
      world.addProcess('proxy', (p) => {
        history.pushes.forEach((push, i) => {
          p.spawn(`push ${push.version}`, async () => {
            await p.sleep(delays[i % Math.max(1, delays.length)] ?? 0);
            await pushUntilAcked(p, push, () => done++);
          });
        });
        p.spawn('peeker', async () => {
          while (done < history.pushes.length) {
            await p.sleep(randomInt(p.sim.random, 1_000));
            for (const tag of history.tags) {
              expectReplyMatches(history, tag, 0, await peekUntilAnswered(p, tag, 0), `${where}, at ${p.now} µs`);
            }
          }
          final = [];
          for (const tag of history.tags) final.push(await peekUntilAnswered(p, tag, 0));
        });
      });
      await runUntil(sim, RUN_LIMIT);
      expect(done, `${where}: every push must complete, whatever order they arrive in`).toBe(history.pushes.length);
      final.forEach((reply, i) => {
        expect(reply.end, `${where}: the log must hold every version at the end`).toBe(lastVersion(history) + 1);
        expectReplyMatches(history, history.tags[i]!, 0, reply, `${where}, at the end`);
      });
    },
  );

  test.prop([fc.integer(), histories(20), fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 20 }), fc.boolean()], {
    numRuns: 20,
  })(
    'every push sent several times, at once and after its reply, is stored once, before and after a reboot',
    async (seed, history, copies, buggify) => {
      const { sim, world } = newWorld(seed, { buggify });
      addLog(world, history);
      const replies: Array<{ when: string; tag: number; reply: PeekReply }> = [];
      world.addProcess('proxy', (p) => {
        p.spawn('pusher', async () => {
          for (const [i, push] of history.pushes.entries()) {
            const times = copies[i % Math.max(1, copies.length)] ?? 1;
            let acked = 0;
            for (let c = 0; c < times; c++) p.spawn(`copy ${c}`, () => pushUntilAcked(p, push, () => acked++));
            while (acked < times) await p.sleep(500);
            await pushUntilAcked(p, push, () => acked++);
          }
          for (const tag of history.tags)
            replies.push({ when: 'before', tag, reply: await peekUntilAnswered(p, tag, 0) });
          world.reboot(LOG);
          for (const tag of history.tags)
            replies.push({ when: 'after', tag, reply: await peekUntilAnswered(p, tag, 0) });
        });
      });
      await runUntil(sim, RUN_LIMIT);
      expect(replies.length, `simulation seed ${seed}: every repeated push must be acknowledged`).toBe(
        2 * history.tags.length,
      );
      for (const { when, tag, reply } of replies) {
        expect(reply.end, `simulation seed ${seed}: ${when} the reboot the log holds every version`).toBe(
          lastVersion(history) + 1,
        );
        expectReplyMatches(history, tag, 0, reply, `simulation seed ${seed}, ${when} the reboot`);
      }
    },
  );

  test.prop([fc.integer(), histories(12), fc.boolean()], { numRuns: 20 })(
    'the log keeps its own copies: changing the pushed bytes after the reply changes nothing it serves',
    async (seed, history, reboot) => {
      const { sim, world } = newWorld(seed);
      addLog(world, history);
      const expected = history.tags.map((tag) => describeEntries(expectedEntries(history, tag, 0, Infinity)));
      const served: string[][] = [];
      world.addProcess('proxy', (p) => {
        p.spawn('pusher', async () => {
          for (const push of history.pushes) {
            await pushUntilAcked(p, push, () => {});
            for (const { ops } of push.messages) {
              for (const op of ops) for (const buffer of opBuffers(op)) scribble(buffer);
            }
          }
          if (reboot) world.reboot(LOG);
          for (const tag of history.tags) served.push(describeEntries((await peekUntilAnswered(p, tag, 0)).entries));
        });
      });
      await runUntil(sim, RUN_LIMIT);
      expect(
        served,
        `simulation seed ${seed}: the pusher overwrote its buffers after each reply; the log must serve what was pushed`,
      ).toEqual(expected);
    },
  );
});
