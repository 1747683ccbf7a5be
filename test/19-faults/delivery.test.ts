/**
 * Lesson 19, delivery between live, connected processes: exactly once and in order, with random
 * latency, clogging and BUGGIFY on or off.
 *
 * - "... delivered exactly once and in order": a connection that lets a message overtake the one
 *   before it (each message's latency drawn on its own, with no floor at the previous arrival), a
 *   clog that drops or duplicates messages, a reply sent to the wrong request;
 * - "a clog delays ...": a clog that loses messages, or holds them in one direction only when
 *   asked for both.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { mustRun, newWorld } from './helpers.ts';

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
      await mustRun(sim);
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
      await mustRun(sim);
      expect(arrivals.length, 'a clog delays messages; it must not lose them').toBe(3);
      for (const at of arrivals)
        expect(
          at,
          `clog(a, b) for ${micros} µs from time 10 holds ${sender} to ${receiver} too`,
        ).toBeGreaterThanOrEqual(10 + micros);
    },
  );
});
