/**
 * Lesson 22, the cluster end to end: lessons 20 to 22's roles in one simulated world, lesson
 * 17's workloads through ClusterDatabase.run, with kills and reboots of logs and storage
 * servers, cuts and clogs; the same seed gives the same run.
 *
 * - "the counter ...": atomic adds applied to the wrong base, lost by a storage server that
 *   forgets versions across a reboot, or read at the wrong version; a server that never answers
 *   (the clients never finish);
 * - "read-modify-write ...": stale reads (a server answering at its newest version, or at once
 *   for a version it lacks) that let a lost update commit; versions lost across reboots;
 * - "a run replays from its seed": anything that reads the real clock or randomness.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { counterWorkload, replayRmw, rmwWorkload } from '../../tools/sim/cluster-workloads.ts';
import { rethrowNotImplemented } from '../18-simulator/helpers.ts';

/** Runs a workload; a starter's NotImplemented inside the run is passed on as it is. */
async function attempt<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    rethrowNotImplemented(error);
    throw error;
  }
}

describe('the cluster end to end', () => {
  test.prop([fc.integer(), fc.boolean()], { numRuns: 3 })(
    'the counter: after concurrent adds through run(), with faults, it holds at least the acknowledged adds and at most the attempted ones',
    async (seed, faults) => {
      const run = await attempt(() => counterWorkload(seed, faults));
      expect(run.finished, `seed ${seed}: the clients finished within the time limit`).toBe(true);
      expect(run.final, `seed ${seed}: the counter holds every acknowledged add`).toBeGreaterThanOrEqual(
        BigInt(run.acknowledged),
      );
      expect(run.final, `seed ${seed}: the counter holds no more adds than were attempted`).toBeLessThanOrEqual(
        BigInt(run.attempted),
      );
    },
  );

  test.prop([fc.integer(), fc.boolean()], { numRuns: 3 })(
    'read-modify-write with retries and faults: replaying the committed transactions in serial order reproduces every value they read',
    async (seed, faults) => {
      const run = await attempt(() => rmwWorkload(seed, faults));
      expect(run.finished, `seed ${seed}: the clients finished within the time limit`).toBe(true);
      expect(replayRmw(run), `seed ${seed}: what the serial replay found`).toEqual([]);
    },
  );

  test.prop([fc.integer()], { numRuns: 1 })(
    'a run replays from its seed: the same seed, the same trace hash',
    async (seed) => {
      const first = await attempt(() => counterWorkload(seed, true));
      const second = await attempt(() => counterWorkload(seed, true));
      expect(second.result.traceHash, `seed ${seed} ran twice`).toBe(first.result.traceHash);
      expect(first.finished, `seed ${seed}: the clients finished`).toBe(true);
    },
  );
});
