/**
 * Lesson 19, the unseed check with every fault on: requests, one-way messages, kills, reboots,
 * partitions, clogs, slow disks and BUGGIFY, all drawn from the seed.
 *
 * - "the same seed gives the same trace hash": a choice made from Math.random, from the order of
 *   a Set of live objects, or from anything but the run's random source;
 * - "different seeds give different traces".
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { randomInt } from '@support/random.ts';
import { runUntil, newWorld, outcome } from './helpers.ts';

const ADDRESSES = ['p0', 'p1', 'p2', 'p3'];

async function chaos(seed: number): Promise<{ hash: string; outcomes: string[] }> {
  const { sim, world } = newWorld(seed, { buggify: true });
  const outcomes: string[] = [];
  for (const address of ADDRESSES) {
    world.addProcess(address, (p) => {
      p.handle('add', async (n) => {
        const file = await p.disk.openAppend('counter');
        await file.append(new Uint8Array([Number(n) & 0xff]));
        if (p.random() < 0.5) await file.sync();
        return file.size;
      });
      p.spawn('client', async () => {
        for (let i = 0; i < 15; i++) {
          const to = ADDRESSES[randomInt(sim.random, ADDRESSES.length)]!;
          outcomes.push(`${address}->${to} ${await outcome(p.request(to, 'add', i))}`);
          p.send(to, 'add', i);
          await p.sleep(randomInt(sim.random, 5000));
        }
      });
    });
  }
  world.addProcess('chaos', (p) => {
    p.spawn('monkey', async () => {
      for (let i = 0; i < 12; i++) {
        await p.sleep(randomInt(sim.random, 8000));
        const a = ADDRESSES[randomInt(sim.random, ADDRESSES.length)]!;
        const b = ADDRESSES[randomInt(sim.random, ADDRESSES.length)]!;
        const pick = randomInt(sim.random, 5);
        if (pick === 0) world.reboot(a);
        else if (pick === 1 && a !== b) world.partition(a, b, { oneWay: sim.random() < 0.3 });
        else if (pick === 2) world.heal(a, b);
        else if (pick === 3) world.clog(a, b, randomInt(sim.random, 20_000));
        else world.slowDisk(a, randomInt(sim.random, 3000));
      }
    });
  });
  const result = await runUntil(sim, 2_000_000);
  return { hash: result.traceHash, outcomes };
}

describe('determinism with faults', () => {
  test.prop([fc.integer()], { numRuns: 25 })(
    'the same seed gives the same trace hash and the same outcomes, with every fault on',
    async (seed) => {
      const first = await chaos(seed);
      const second = await chaos(seed);
      expect(second.outcomes, `seed ${seed} must replay to the same request outcomes`).toEqual(first.outcomes);
      expect(second.hash, `seed ${seed} must replay to the same trace hash`).toBe(first.hash);
    },
  );

  test.prop([fc.integer(), fc.integer()], { numRuns: 25 })('different seeds give different traces', async (a, b) => {
    fc.pre(a >>> 0 !== b >>> 0);
    expect((await chaos(a)).hash, `seeds ${a} and ${b} must not replay the same run`).not.toBe((await chaos(b)).hash);
  });
});
