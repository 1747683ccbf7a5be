/**
 * Lesson 18, the trace hash: the "unseed" check.
 *
 * - "the same seed gives the same trace hash": anything that makes a run depend on more than
 *   its seed (an unseeded random source, an order from a Set or Map of live objects);
 * - "different seeds give different traces": a random source that ignores the seed, a hash
 *   that is not fed the events;
 * - "the hash covers the time / the name / the order": a trace record that leaves out a field.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { Simulator } from '@ferris/18-simulator/simulator.ts';
import { mustRun, spawnRandomWorkload } from './helpers.ts';

async function hashOf(seed: number, tasks: number, steps: number): Promise<{ hash: string; events: number }> {
  const sim = new Simulator({ seed });
  spawnRandomWorkload(sim, tasks, steps);
  const result = await mustRun(sim);
  expect(result.traceHash, 'the run result carries the same hash as sim.traceHash').toBe(sim.traceHash);
  return { hash: result.traceHash, events: result.events };
}

/** One task named `name` that makes the given sleeps. */
async function scriptedHash(name: string, sleeps: readonly number[]): Promise<string> {
  const sim = new Simulator({ seed: 7 });
  sim.spawn(name, async () => {
    for (const micros of sleeps) await sim.sleep(micros);
  });
  return (await mustRun(sim)).traceHash;
}

const sleeps = fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 8 });

describe('the trace hash', () => {
  test.prop([fc.integer(), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 8 })])(
    'the same seed gives the same trace hash (run twice, compare)',
    async (seed, tasks, steps) => {
      const first = await hashOf(seed, tasks, steps);
      const second = await hashOf(seed, tasks, steps);
      expect(second.hash, `seed ${seed} must replay to the same trace hash`).toBe(first.hash);
      expect(first.hash, 'the hash is 16 hex digits').toMatch(/^[0-9a-f]{16}$/);
      expect(first.events, 'every start and wake is one event').toBe(tasks * (steps + 1));
    },
  );

  test.prop([fc.integer(), fc.integer(), fc.integer({ min: 2, max: 4 })])(
    'different seeds give different traces for a workload that draws random sleeps',
    async (seedA, seedB, tasks) => {
      fc.pre(seedA >>> 0 !== seedB >>> 0);
      const a = await hashOf(seedA, tasks, 4);
      const b = await hashOf(seedB, tasks, 4);
      expect(a.hash, `seeds ${seedA} and ${seedB} draw different sleeps, so their traces must differ`).not.toBe(b.hash);
    },
  );

  test.prop([sleeps, fc.integer({ min: 0, max: 7 })])(
    'the hash covers the virtual time of every event',
    async (list, which) => {
      const changed = list.map((m, i) => (i === which % list.length ? m + 1 : m));
      expect(
        await scriptedHash('t', changed),
        'one sleep a microsecond longer changes when events run, so the hash must change',
      ).not.toBe(await scriptedHash('t', list));
    },
  );

  test.prop([sleeps])('the hash covers the name of every event', async (list) => {
    expect(
      await scriptedHash('alpha', list),
      'the same events run by a task with another name must hash differently',
    ).not.toBe(await scriptedHash('bravo', list));
  });

  test.prop([fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 })])(
    'the hash covers the order of events',
    async (a, b) => {
      fc.pre(a !== b);
      const order = async (first: number, second: number) => {
        const sim = new Simulator({ seed: 7 });
        sim.spawn('x', () => sim.sleep(first));
        sim.spawn('y', () => sim.sleep(second));
        return (await mustRun(sim)).traceHash;
      };
      expect(await order(a, b), 'x and y waking in the other order must hash differently').not.toBe(await order(b, a));
    },
  );
});
