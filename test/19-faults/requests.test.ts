/**
 * Lesson 19, how requests fail: typed, and told apart by whether the request may have run.
 *
 * - "a request that cannot be sent ...": a dead or unknown peer, or a cut connection, that
 *   hangs the caller or answers request_maybe_delivered (it certainly did not run);
 * - "a request in flight when the peer dies ...": a kill that leaves the caller waiting forever,
 *   or says broken_promise although the request may have run, or fails it late;
 * - "a fault between two processes fails no request between others": a broken connection that
 *   fails every request to either of its ends, not only those that use it;
 * - "an error the handler throws ...": an error swallowed or replaced on the way back.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { NotCommitted } from '@support/fdb-error.ts';
import type { SimProcess } from '@ferris/19-faults/process.ts';
import { echoServer, runUntil, newWorld, outcome } from './helpers.ts';

/** A task of `p` that injects `fault` after `micros`. */
function faultAfter(p: SimProcess, micros: number, fault: () => void): void {
  p.spawn('fault', async () => {
    await p.sleep(micros);
    fault();
  });
}

describe('how requests fail', () => {
  test.prop([fc.integer(), fc.constantFrom('dead', 'unknown', 'cut', 'no-endpoint')])(
    'a request that cannot be sent (or has no endpoint) fails with broken_promise at once',
    async (seed, why) => {
      const { sim, world } = newWorld(seed);
      world.addProcess('server', echoServer());
      let result = '';
      let waited = -1;
      world.addProcess('client', (p) => {
        p.spawn('main', async () => {
          await p.sleep(10);
          if (why === 'dead') world.kill('server');
          if (why === 'cut') world.partition('client', 'server');
          const start = p.now;
          result = await outcome(
            p.request(why === 'unknown' ? 'nobody' : 'server', why === 'no-endpoint' ? 'missing' : 'echo', 1),
          );
          waited = p.now - start;
        });
      });
      await runUntil(sim);
      expect(result, `a request to a ${why} peer certainly did not run: broken_promise`).toBe('BrokenPromise');
      if (why !== 'no-endpoint') expect(waited, 'a request that cannot leave fails in the same microsecond').toBe(0);
    },
  );

  test.prop([
    fc.integer(),
    fc.integer({ min: 1, max: 5000 }),
    fc.constantFrom('kill', 'partition', 'one-way partition back'),
  ])(
    'a request in flight when the peer dies or the connection is cut fails with request_maybe_delivered, at that moment',
    async (seed, faultAt, fault) => {
      const { sim, world } = newWorld(seed);
      world.addProcess('server', echoServer(10_000));
      let result = '';
      let failedAt = -1;
      world.addProcess('client', (p) => {
        p.spawn('caller', async () => {
          result = await outcome(p.request('server', 'echo', 'x'));
          failedAt = p.now;
        });
        faultAfter(p, faultAt, () => {
          if (fault === 'kill') world.kill('server');
          else if (fault === 'partition') world.partition('client', 'server');
          else world.partition('server', 'client', { oneWay: true });
        });
      });
      await runUntil(sim);
      expect(result, `after a ${fault} the request may or may not have run: request_maybe_delivered`).toBe(
        'RequestMaybeDelivered',
      );
      expect(failedAt, 'the caller learns it when the fault happens, not later').toBe(faultAt);
    },
  );

  test.prop([fc.integer()])('an error the handler throws comes back to the caller as it was', async (seed) => {
    const { sim, world } = newWorld(seed);
    world.addProcess('server', (p) => {
      p.handle('commit', () => {
        throw new NotCommitted('a conflicting write');
      });
    });
    let caught: unknown = null;
    world.addProcess('client', (p) => {
      p.spawn('main', async () => {
        try {
          await p.request('server', 'commit', null);
        } catch (error) {
          caught = error;
        }
      });
    });
    await runUntil(sim);
    expect(caught, "the handler's NotCommitted reaches the caller").toBeInstanceOf(NotCommitted);
  });

  test.prop([
    fc.integer(),
    fc.integer({ min: 1, max: 5000 }),
    fc.constantFrom('kill', 'partition', 'one-way partition'),
  ])('a fault between two processes fails no request between others', async (seed, faultAt, fault) => {
    const { sim, world } = newWorld(seed);
    world.addProcess('server', echoServer(10_000));
    world.addProcess('other', echoServer(10_000));
    const results: string[] = [];
    world.addProcess('bystander', (p) => {
      p.spawn('to server', async () => void results.push(`server: ${await outcome(p.request('server', 'echo', 'x'))}`));
      p.spawn('to other', async () => void results.push(`other: ${await outcome(p.request('other', 'echo', 'y'))}`));
    });
    world.addProcess('client', (p) => {
      faultAfter(p, faultAt, () => {
        if (fault === 'kill') world.kill('client');
        else if (fault === 'partition') world.partition('client', 'server');
        else world.partition('server', 'other', { oneWay: true });
      });
    });
    await runUntil(sim);
    expect(
      [...results].sort(),
      `a ${fault} that involves neither the bystander's connections nor its peers' fails none of its requests`,
    ).toEqual(['other: ok "y"', 'server: ok "x"']);
  });
});
