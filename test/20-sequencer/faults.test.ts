/**
 * Lesson 20, commits while logs are slow, dead or cut off, and the replay of a run.
 *
 * - "while one log holds its replies no client hears ...": a commit proxy that acknowledges
 *   before every log replied (after the first, or after a majority), or before any;
 * - "a log that is killed and rebooted, or cut off and healed ...": a push that is sent once and
 *   never again, a retry that gives up, or a batch that fails instead of waiting;
 * - "the same seed gives the same run": anything in the roles that depends on more than the
 *   seed (the real clock, Math.random, the order of a Set of live objects).
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MS } from '@ferris/18-simulator/clock.ts';
import { hexOf } from '../shared/bytes.ts';
import { expectCorrectRun } from './checks.ts';
import { buildCluster, runWorkload, txnArb, type ClusterShape } from './helpers.ts';

const specsArb = fc.array(txnArb, { minLength: 1, maxLength: 16 });
const HELD_FOR = 60 * MS;

describe('faults', () => {
  test.prop([fc.integer(), fc.integer({ min: 2, max: 3 }), fc.nat(2), fc.integer({ min: 0, max: 5 * MS }), specsArb], {
    numRuns: 30,
  })(
    'while one log holds its replies no client hears that its commit committed, and once it lets go every commit is answered',
    async (seed, logs, which, holdAt, specs) => {
      const cluster = buildCluster(seed, { commitProxies: 2, grvProxies: 1, logs, tags: [0, 1] });
      const heard: string[] = [];
      const { outcomes, finished } = await runWorkload(cluster, specs, {
        chaos: async (p, c, outcomes) => {
          await p.sleep(holdAt);
          const log = c.logs[which % logs]!;
          const acked = Math.max(0, ...c.rec.logAcks.filter((a) => a.log === log.address).map((a) => a.version));
          const since = c.rec.next();
          log.hold();
          await p.sleep(HELD_FOR);
          for (const o of outcomes) {
            if (o.reply && o.replySeq > since && o.reply.version > acked)
              heard.push(`transaction ${o.id} heard "committed at ${o.reply.version}"`);
          }
          log.release();
        },
      });
      expect(
        heard,
        `while a log held its replies (above the version it had acknowledged), no client may hear that its commit committed`,
      ).toEqual([]);
      expect(finished, 'once the log lets go, every commit is answered').toBe(true);
      expectCorrectRun(cluster, outcomes);
    },
  );

  test.prop(
    [
      fc.integer(),
      fc.constantFrom('reboot', 'partition', 'one-way partition'),
      fc.integer({ min: 0, max: 8 * MS }),
      fc.integer({ min: 0, max: 40 * MS }),
      specsArb,
      fc.boolean(),
    ],
    { numRuns: 40 },
  )(
    'a log that is killed and rebooted, or cut off from a proxy and healed, still gets every version, and every commit completes',
    async (seed, fault, at, downFor, specs, buggify) => {
      const cluster = buildCluster(seed, { commitProxies: 2, grvProxies: 2, logs: 2, tags: [0], buggify });
      const { outcomes, finished } = await runWorkload(cluster, specs, {
        chaos: async (p, c) => {
          await p.sleep(at);
          const log = c.layout.logs[1]!;
          const proxy = c.layout.commitProxies[Math.floor(p.random() * 2)]!;
          if (fault === 'reboot') c.world.kill(log);
          else
            c.world.partition(fault === 'partition' ? proxy : log, fault === 'partition' ? log : proxy, {
              oneWay: fault !== 'partition',
            });
          await p.sleep(downFor);
          if (fault === 'reboot') c.world.reboot(log);
          else c.world.heal(log, proxy);
        },
      });
      expect(finished, `after the ${fault} ends, every commit is answered`).toBe(true);
      expectCorrectRun(cluster, outcomes);
    },
  );

  test.prop([fc.integer(), fc.array(txnArb, { minLength: 1, maxLength: 10 })], { numRuns: 15 })(
    'the same seed gives the same run: the same trace hash and the same answers',
    async (seed, specs) => {
      const shape: ClusterShape = { commitProxies: 2, grvProxies: 2, logs: 2, tags: [0, 1], buggify: true };
      const once = async () => {
        const cluster = buildCluster(seed, shape);
        const { outcomes, result } = await runWorkload(cluster, specs);
        const answers = outcomes.map((o) => (o.reply ? `${o.reply.version}:${hexOf(o.reply.stamp)}` : o.error));
        return { hash: result.traceHash, answers };
      };
      const first = await once();
      const second = await once();
      expect(second.answers, `seed ${seed} replays to the same answers`).toEqual(first.answers);
      expect(second.hash, `seed ${seed} replays to the same trace hash`).toBe(first.hash);
    },
  );
});
