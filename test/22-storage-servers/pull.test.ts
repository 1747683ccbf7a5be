/**
 * Lesson 22, the pull loop against logs that disagree, and against a log with a bug.
 *
 * - "a server that moves to a log behind the one it left ...": the logs need not be at the same
 *   version (a push reaches one before another). A server that takes the reply's `end` as its
 *   next `from` (or moves its version to `end - 1` without checking it is higher) goes back to
 *   versions it already has, and applies them twice or throws;
 * - "a peek that fails with an error that is not an FdbError ...": a pull loop that catches every
 *   error and moves on to the next log, so that a bug is retried forever instead of reported.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MS, SECOND } from '@ferris/18-simulator/clock.ts';
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

describe('the pull loop', () => {
  test.prop([history, fc.integer({ min: 1, max: 2 }), fc.integer()], { numRuns: 8 })(
    'a server that moves to a log behind the one it left asks it only for versions it has not got, and its reads still equal the model',
    async (versions, lag, seed) => {
      const { sim, world } = newWorld(seed);
      const { feed, logs, client } = bench(world, versions, 2, [lag, 0]);
      // With two logs the server peeks log-1 first (TAG % 2); log-0 is `lag` versions behind.
      const [behind, first] = [logs[0]!, logs[TAG % 2]!];
      let cutAt = -1;
      client.spawn('cut', async () => {
        while (feed.released <= lag) await client.sleep(MS);
        // Stop the history here until the server has pulled past everything `behind` holds, then
        // cut it from `first`: the only log it can reach is now behind it.
        feed.held = true;
        while ((first.peeks.at(-1)?.from ?? 0) <= behind.end) await client.sleep(MS);
        world.partition('storage', first.address);
        cutAt = client.now;
        await client.sleep(100 * MS);
        feed.held = false;
      });
      const records = spawnReader(client, 'storage', feed, () => feed.done && sim.now > 2 * SECOND);
      await runUntil(sim, 3 * SECOND);

      const context = `log-0 lags ${lag} versions; the server was cut from ${first.address} at ${cutAt} µs. History:\n${describeHistory(versions)}`;
      const moved = behind.peeks.filter((p) => p.at >= cutAt);
      expect(
        cutAt >= 0 && moved.length > 0,
        `the test cut the server from ${first.address}, and it peeked ${behind.address}: ${context}`,
      ).toBe(true);
      const peeks = logs
        .flatMap((log) => log.peeks.map((p) => ({ ...p, log: log.address })))
        .sort((a, b) => a.at - b.at);
      for (const [i, peek] of peeks.entries()) {
        const before = peeks[i - 1];
        if (before === undefined) continue;
        expect(
          peek.from,
          `at ${peek.at} µs the server asked ${peek.log} for versions from ${peek.from}, after asking ${before.log} from ${before.from}: it went back to versions it already had (a log behind answers with a lower end; the server keeps its own version and asks from latestVersion + 1): ${context}`,
        ).toBeGreaterThanOrEqual(before.from);
      }
      checkLogs(logs, versions);
      checkReads(new Model(versions), records, versions);
      const answerable = answerableReads(records);
      for (const r of answerable) {
        expect(
          r.ok,
          `every version reaches ${behind.address} in the end, so this read had to answer: ${describeRead(r)}`,
        ).toBe(true);
      }
      expect(feed.done, 'the whole history reached the logs').toBe(true);
    },
  );

  test.prop([history, fc.integer()], { numRuns: 4 })(
    'a peek that fails with an error that is not an FdbError stops the server with that error, instead of moving on to the next log',
    async (versions, seed) => {
      const { sim, world } = newWorld(seed);
      const { logs } = bench(world, versions, 2);
      const bug = new TypeError('the log double’s peek handler has a bug');
      logs[TAG % 2]!.bug = { endpoint: 'peek', error: bug };
      const ended = await howRunEnded(sim, 1 * SECOND);
      expect(
        ended.error,
        `${logs[TAG % 2]!.address}'s peeks throw a TypeError (a bug, not a log that did not answer: only an FdbError means that). The pull loop must rethrow it, so that the simulator stops the run and reports it, rather than try the next log and hide it; the run ended with ${ended.said}`,
      ).toBe(bug);
    },
  );
});
