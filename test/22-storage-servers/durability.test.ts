/**
 * Lesson 22, durability and pops, against test-double logs that serve a generated history.
 *
 * - "every log is popped up to the newest version minus the window": a server that never pops,
 *   pops only one log, pops one version short, or never makes anything durable;
 * - (every run) "a pop never names a version still inside the window": a server that pops its
 *   latest version (ahead of durability);
 * - "with one of two logs cut off for good ...": a server that peeks only its first log.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MVCC_WINDOW_VERSIONS } from '@ferris/14-mvcc/versioned-store.ts';
import { SECOND } from '@ferris/18-simulator/clock.ts';
import { mustRun, newWorld } from '../19-faults/helpers.ts';
import {
  bench,
  checkLogs,
  checkReads,
  describeHistory,
  describeRead,
  history,
  Model,
  spawnReader,
  TAG,
} from './helpers.ts';

describe('durability and pops', () => {
  test.prop([history, fc.integer({ min: 1, max: 3 }), fc.integer()], { numRuns: 8 })(
    'once the history has reached the logs, every log is popped up to the newest version minus the window',
    async (versions, logCount, seed) => {
      const { sim, world } = newWorld(seed);
      const { feed, logs } = bench(world, versions, logCount);
      await mustRun(sim, { until: 3 * SECOND });
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
    'with one of two logs cut off for good, the server keeps up through the other',
    async (versions, seed) => {
      const { sim, world } = newWorld(seed);
      const { feed, logs, client } = bench(world, versions, 2);
      const first = logs[TAG % logs.length]!.address;
      world.partition('storage', first);
      const records = spawnReader(client, 'storage', feed, () => sim.now > 2.5 * SECOND);
      await mustRun(sim, { until: 3 * SECOND });
      checkReads(new Model(versions), records, versions);
      checkLogs(logs, versions);
      const answerable = records.filter(
        (r) => r.endedAt >= 0 && r.version <= r.newestAtStart && r.version > r.newestAtEnd - MVCC_WINDOW_VERSIONS,
      );
      for (const r of answerable) {
        expect(r.ok, `${first} is cut off, but the other log has every version: ${describeRead(r)}`).toBe(true);
      }
      expect(answerable.length, 'the reader made reads the server had to answer').toBeGreaterThan(0);
    },
  );
});
