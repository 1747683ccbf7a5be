/**
 * Lesson 19, partitions.
 *
 * - "a partition cuts both directions ...": a partition that is one-way only when both were
 *   asked for, or that lets messages already in flight arrive;
 * - "a one-way partition ...": a one-way partition that cuts both directions;
 * - "a healed partition delivers again": a heal that forgets one direction, or a connection that
 *   stays broken after healing;
 * - "a request whose reply direction is cut ...": a request sent although its answer cannot come
 *   back (the handler runs, and the caller waits for a reply that never comes);
 * - "faults name processes that exist ...": a partition of an unknown address that is silently
 *   accepted, a clog or a slow disk of a negative or fractional duration.
 */
import { describe, expect, it } from 'vitest';
import { UnknownProcess } from '@ferris/19-faults/errors.ts';
import { fc, test } from '@fast-check/vitest';
import { echoServer, runUntil, newWorld, outcome } from './helpers.ts';

describe('partitions', () => {
  test.prop([fc.integer(), fc.boolean(), fc.integer({ min: 0, max: 1500 })])(
    'a partition cuts both directions: nothing sent either way arrives, not even what was in flight',
    async (seed, swap, cutAt) => {
      const { sim, world } = newWorld(seed);
      const arrived: string[] = [];
      for (const address of ['a', 'b']) {
        world.addProcess(address, (p) => {
          p.handle('note', (payload) => void arrived.push(String(payload)));
          const other = address === 'a' ? 'b' : 'a';
          p.spawn('sender', async () => {
            await p.sleep(cutAt);
            p.send(other, 'note', `in flight from ${address}`);
            await p.sleep(5000);
            p.send(other, 'note', `after the cut from ${address}`);
          });
        });
      }
      world.addProcess('operator', (p) => {
        p.spawn('cut', async () => {
          await p.sleep(cutAt);
          if (swap) world.partition('b', 'a');
          else world.partition('a', 'b');
        });
      });
      await runUntil(sim);
      expect(
        arrived,
        'a partition between a and b stops messages in both directions, including those in flight',
      ).toEqual([]);
    },
  );

  test.prop([fc.integer()])('a one-way partition cuts only its own direction', async (seed) => {
    const { sim, world } = newWorld(seed);
    const arrived: string[] = [];
    for (const address of ['a', 'b']) {
      world.addProcess(address, (p) => {
        p.handle('note', (payload) => void arrived.push(String(payload)));
      });
    }
    world.addProcess('operator', (p) => {
      p.spawn('cut', async () => {
        world.partition('a', 'b', { oneWay: true });
        await p.sleep(10);
        world.process('a').send('b', 'note', 'a to b');
        world.process('b').send('a', 'note', 'b to a');
      });
    });
    await runUntil(sim);
    expect(arrived, 'partition(a, b, { oneWay: true }) cuts a to b only').toEqual(['b to a']);
  });

  test.prop([fc.integer(), fc.boolean()])(
    'a request whose reply direction is cut is refused at once, and its handler never runs: a request needs both directions',
    async (seed, cutFirst) => {
      const { sim, world } = newWorld(seed);
      let handled = 0;
      world.addProcess('server', (p) => {
        p.handle('work', () => {
          handled++;
          return 'done';
        });
      });
      const results: string[] = [];
      world.addProcess('client', (p) => {
        p.spawn('main', async () => {
          // The cut made before the request, or between two requests of the same client.
          if (!cutFirst) results.push(await outcome(p.request('server', 'work', 'before')));
          world.partition('server', 'client', { oneWay: true });
          results.push(await outcome(p.request('server', 'work', 'across the cut')));
        });
      });
      await runUntil(sim);
      expect(
        results.at(-1),
        'with server to client cut, a request from client to server could never be answered: it fails with BrokenPromise, never sent',
      ).toBe('BrokenPromise');
      expect(handled, 'the server never ran the request it could not answer').toBe(cutFirst ? 0 : 1);
    },
  );

  test.prop([fc.integer(), fc.boolean(), fc.integer({ min: 0, max: 20_000 })])(
    'a healed partition delivers again, both ways',
    async (seed, oneWay, downFor) => {
      const { sim, world } = newWorld(seed);
      world.addProcess('server', echoServer(100));
      const results: string[] = [];
      const arrived: string[] = [];
      world.addProcess('client', (p) => {
        p.handle('note', (payload) => void arrived.push(String(payload)));
        p.spawn('main', async () => {
          world.partition('client', 'server', { oneWay });
          results.push(await outcome(p.request('server', 'echo', 'during')));
          await p.sleep(downFor);
          world.heal('server', 'client');
          results.push(await outcome(p.request('server', 'echo', 'after')));
          world.process('server').send('client', 'note', 'server to client after');
        });
      });
      await runUntil(sim);
      expect(results, 'during the partition the request cannot be sent; after heal it is answered').toEqual([
        'BrokenPromise',
        'ok "after"',
      ]);
      expect(arrived, 'after heal, messages flow the other way too').toEqual(['server to client after']);
    },
  );

  it('faults name processes that exist, and clogs and slow disks last a whole number of microseconds', () => {
    const { world } = newWorld(1);
    world.addProcess('a', () => {});
    expect(() => world.partition('a', 'nobody'), 'a partition with an unknown address says so').toThrow(UnknownProcess);
    expect(() => world.partition('nobody', 'a'), 'a partition with an unknown address says so').toThrow(UnknownProcess);
    for (const micros of [-1, 1.5, Number.NaN])
      expect(() => world.clog('a', 'a', micros), `clog for ${micros} µs is refused`).toThrow(RangeError);
    for (const micros of [-1, 1.5, Number.NaN])
      expect(() => world.slowDisk('a', micros), `slowDisk by ${micros} µs is refused`).toThrow(RangeError);
  });
});
