/**
 * Lesson 19, delivery between live, connected processes: exactly once and in order, with random
 * latency, clogging and BUGGIFY on or off.
 *
 * - "... delivered exactly once and in order": a connection that lets a message overtake the one
 *   before it (each message's latency drawn on its own, with no floor at the previous arrival), a
 *   clog that drops or duplicates messages, a reply sent to the wrong request;
 * - "a clog delays ...": a clog that loses messages, or holds them in one direction only when
 *   asked for both;
 * - "a one-way clog ... and a shorter clog never ends a longer one": a clog that ignores oneWay,
 *   a new clog (or a buggified one) that overwrites a longer clog's end instead of keeping the later;
 * - "a message arrives between MIN_NETWORK_LATENCY and SLOW_NETWORK_LATENCY ...": an arrival
 *   time scheduled as a delay (absolute time used as relative), a latency in the wrong unit.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MIN_NETWORK_LATENCY, SLOW_NETWORK_LATENCY } from '@ferris/19-faults/latency.ts';
import { runUntil, newWorld } from './helpers.ts';

describe('delivery between live, connected processes', () => {
  test.prop([
    fc.integer(),
    fc.boolean(),
    fc.integer({ min: 1, max: 4 }),
    fc.integer({ min: 1, max: 25 }),
    fc.array(fc.integer({ min: 0, max: 30_000 }), { maxLength: 4 }),
  ])(
    'every message and request is delivered exactly once and in the order it was sent, with faults on or off',
    async (seed, buggify, senders, perSender, clogs) => {
      const { sim, world } = newWorld(seed, { buggify });
      const arrived: string[] = [];
      const sent: string[] = [];
      const replies: string[] = [];
      world.addProcess('b', (p) => {
        p.handle('note', (payload) => void arrived.push(String(payload)));
        p.handle('echo', (payload) => {
          arrived.push(String(payload));
          return payload;
        });
      });
      world.addProcess('a', (p) => {
        for (let s = 0; s < senders; s++) {
          p.spawn(`sender-${s}`, async () => {
            for (let i = 0; i < perSender; i++) {
              const label = `${s}.${i}`;
              sent.push(label);
              if (i % 3 === 2) replies.push(`${label}=${String(await p.request('b', 'echo', label))}`);
              else p.send('b', 'note', label);
              if (p.random() < 0.5) await p.sleep(Math.floor(p.random() * 2000));
            }
          });
        }
        p.spawn('clogger', async () => {
          for (const micros of clogs) {
            await p.sleep(Math.floor(p.random() * 3000));
            world.clog('a', 'b', micros);
          }
        });
      });
      await runUntil(sim);
      expect(
        arrived,
        'b must receive every message once, in the order a sent them (one connection delivers in order)',
      ).toEqual(sent);
      const expectedReplies = sent
        .filter((label) => Number(label.split('.')[1]) % 3 === 2)
        .map((label) => `${label}=${label}`);
      expect([...replies].sort(), 'every request gets its own reply, once').toEqual([...expectedReplies].sort());
    },
  );

  test.prop([fc.integer(), fc.integer({ min: 1, max: 50_000 }), fc.boolean()])(
    'a clog delays messages in both directions until it ends, and loses none',
    async (seed, micros, fromB) => {
      const { sim, world } = newWorld(seed);
      const arrivals: number[] = [];
      const sender = fromB ? 'b' : 'a';
      const receiver = fromB ? 'a' : 'b';
      for (const address of ['a', 'b']) {
        world.addProcess(address, (p) => {
          p.handle('note', () => void arrivals.push(p.now));
          if (address === sender) {
            p.spawn('sender', async () => {
              await p.sleep(10);
              world.clog('a', 'b', micros);
              for (let i = 0; i < 3; i++) p.send(receiver, 'note', i);
            });
          }
        });
      }
      await runUntil(sim);
      expect(arrivals.length, 'a clog delays messages; it must not lose them').toBe(3);
      for (const at of arrivals)
        expect(
          at,
          `clog(a, b) for ${micros} µs from time 10 holds ${sender} to ${receiver} too`,
        ).toBeGreaterThanOrEqual(10 + micros);
    },
  );

  test.prop([
    fc.integer(),
    fc.boolean(),
    fc.integer({ min: 110_000, max: 300_000 }),
    fc.integer({ min: 0, max: 50_000 }),
  ])(
    'a one-way clog holds only its own direction, and a shorter clog (or a buggified one) never ends a longer one early',
    async (seed, buggify, long, short) => {
      const { sim, world } = newWorld(seed, { buggify });
      const arrivals: Record<string, number[]> = { a: [], b: [] };
      for (const address of ['a', 'b']) {
        world.addProcess(address, (p) => {
          p.handle('note', () => void arrivals[address]!.push(p.now));
        });
      }
      world.addProcess('operator', (p) => {
        p.spawn('main', async () => {
          await p.sleep(10);
          world.clog('a', 'b', long, { oneWay: true });
          world.clog('a', 'b', short, { oneWay: true });
          for (let i = 0; i < 20; i++) {
            world.process('a').send('b', 'note', i);
            world.process('b').send('a', 'note', i);
            await p.sleep(100);
          }
        });
      });
      await runUntil(sim);
      expect(arrivals.b!.length, 'a clog delays messages; it must not lose them').toBe(20);
      for (const at of arrivals.b!)
        expect(
          at,
          `a clog of ${long} µs from time 10 holds a to b until it ends, even after a later clog of ${short} µs`,
        ).toBeGreaterThanOrEqual(10 + long);
      if (!buggify)
        expect(
          Math.max(...arrivals.a!),
          'clog(a, b, micros, { oneWay: true }) holds only a to b: b to a flows at network speed',
        ).toBeLessThan(10 + long);
    },
  );

  test.prop([fc.integer(), fc.array(fc.integer({ min: 0, max: 300_000 }), { minLength: 1, maxLength: 8 })])(
    'a message arrives between MIN_NETWORK_LATENCY and SLOW_NETWORK_LATENCY after it was sent',
    async (seed, pauses) => {
      const { sim, world } = newWorld(seed);
      const sentAt: number[] = [];
      const tookUs: number[] = [];
      world.addProcess('b', (p) => {
        p.handle('note', (i) => void tookUs.push(p.now - sentAt[Number(i)]!));
      });
      world.addProcess('a', (p) => {
        p.spawn('sender', async () => {
          for (const [i, pause] of pauses.entries()) {
            await p.sleep(pause);
            sentAt.push(p.now);
            p.send('b', 'note', i);
          }
        });
      });
      await runUntil(sim);
      expect(tookUs.length, 'every message arrives').toBe(pauses.length);
      for (const took of tookUs) {
        expect(took, 'no message arrives faster than MIN_NETWORK_LATENCY').toBeGreaterThanOrEqual(MIN_NETWORK_LATENCY);
        expect(
          took,
          'without clogs or BUGGIFY a message takes at most SLOW_NETWORK_LATENCY (is the arrival time scheduled as a delay from now?)',
        ).toBeLessThanOrEqual(SLOW_NETWORK_LATENCY);
      }
    },
  );
});
