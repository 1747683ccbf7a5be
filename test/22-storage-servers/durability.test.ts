/**
 * Lesson 22, durability and pops, against test-double logs that serve a generated history.
 *
 * - "every log is popped up to the newest version minus the window": a server that never pops,
 *   pops only one log, pops one version short, or never makes anything durable;
 * - (every run) "a pop never names a version still inside the window": a server that pops its
 *   latest version (ahead of durability);
 * - "with one of three logs cut off ...": a server that peeks only its first log; one whose pops
 *   stop at the first log that does not answer (one try around the whole loop), so that one dead
 *   log keeps every other log from ever forgetting anything; and one that pops only in a round
 *   that made something new durable, so a log that missed pops is never popped again;
 * - "a pop that fails with an error that is not an FdbError ...": pops that skip a log whatever
 *   the error, so that a bug is skipped round after round instead of reported.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MVCC_WINDOW_VERSIONS } from '@ferris/14-mvcc/versioned-store.ts';
import { SECOND } from '@ferris/18-simulator/clock.ts';
import { newWorld } from '../19-faults/helpers.ts';
import {
  answerableReads,
  bench,
  checkLogs,
  checkReads,
  describeHistory,
  describeRead,
  history,
  howRunEnded,
  Model,
  runUntil,
  spawnReader,
  TAG,
} from './helpers.ts';

describe('durability and pops', () => {
  test.prop([history, fc.integer({ min: 1, max: 3 }), fc.integer()], { numRuns: 8 })(
    'once the history has reached the logs, every log is popped up to the newest version minus the window',
    async (versions, logCount, seed) => {
      const { sim, world } = newWorld(seed);
      const { feed, logs } = bench(world, versions, logCount);
      await runUntil(sim, 3 * SECOND);
      expect(feed.done, 'the whole history reached the logs').toBe(true);
      checkLogs(logs, versions);
      const target = Math.max(0, feed.newest - MVCC_WINDOW_VERSIONS);
      for (const log of logs) {
        expect(
          log.maxPopped,
          `${log.address} must be popped up to ${target} (the oldest version reads may ask for, made durable):\n${describeHistory(versions)}`,
        ).toBe(target);
      }
    },
  );

  test.prop([history, fc.integer()], { numRuns: 6 })(
    'with one of three logs cut off, the server keeps up through the others, pops every log it can reach, and pops the cut log once it is back',
    async (versions, seed) => {
      const { sim, world } = newWorld(seed);
      const { feed, logs, client } = bench(world, versions, 3);
      // The log the server peeks first, and with three logs also the first one it pops.
      const first = logs[TAG % logs.length]!.address;
      world.partition('storage', first);
      const records = spawnReader(client, 'storage', feed, () => sim.now > 2.5 * SECOND);
      await runUntil(sim, 2.5 * SECOND);
      checkReads(new Model(versions), records, versions);
      const answerable = answerableReads(records);
      for (const r of answerable) {
        expect(r.ok, `${first} is cut off, but the other logs have every version: ${describeRead(r)}`).toBe(true);
      }
      expect(answerable.length, 'the reader made reads the server had to answer').toBeGreaterThan(0);
      expect(feed.done, 'the whole history reached the logs').toBe(true);
      const target = Math.max(0, feed.newest - MVCC_WINDOW_VERSIONS);
      for (const log of logs.filter((l) => l.address !== first)) {
        expect(
          log.maxPopped,
          `${first} never answers a pop, but ${log.address} does, and must be popped up to ${target} all the same (a log that does not answer must not stop the pops of the others):\n${describeHistory(versions)}`,
        ).toBe(target);
      }
      // Long after the server made everything durable, the cut log comes back: it missed those pops.
      world.heal('storage', first);
      await runUntil(sim, 3.5 * SECOND);
      checkLogs(logs, versions);
      for (const log of logs) {
        expect(
          log.maxPopped,
          `${log.address} missed pops while it was cut off; once it answers again it must be popped up to ${target} (a log that does not answer is popped again in a later round, even when nothing new became durable):\n${describeHistory(versions)}`,
        ).toBe(target);
      }
    },
  );
  test.prop([fc.integer()], { numRuns: 3 })(
    'a pop that fails with an error that is not an FdbError stops the server with that error, instead of being skipped',
    async (seed) => {
      const { sim, world } = newWorld(seed);
      const { logs } = bench(world, [], 2);
      const bug = new TypeError('the log double’s pop handler has a bug');
      logs[1]!.bug = { endpoint: 'pop', error: bug };
      const ended = await howRunEnded(sim, 2 * SECOND);
      expect(
        ended.error,
        `log-1's pops throw a TypeError (a bug, not a log that did not answer: only an FdbError means that). popLogs must rethrow it, so that the simulator stops the run and reports it, rather than skip the log round after round; the run ended with ${ended.said}`,
      ).toBe(bug);
    },
  );
});
