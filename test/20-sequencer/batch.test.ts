/**
 * Lesson 20, how a commit proxy batches.
 *
 * - "a batch closes when it is full or its time is up ...": a count limit off by one either way,
 *   a batch interval measured from the latest commit instead of the first (a busy proxy never
 *   closes), a timer left over from an earlier batch that closes the next one early, a batch
 *   that closes only by count or only by time; with empty batches due every 0.2 to 3 ms
 *   (so one is often due while a batch is open): an idle loop that closes the open batch early,
 *   or that looks again with a sleep of 0 and stops the clock;
 * - "an idle commit proxy still moves versions on ...": a proxy that commits only when a client
 *   asks, so versions and the logs stand still.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MS, SECOND } from '@ferris/18-simulator/clock.ts';
import { EMPTY_BATCH_INTERVAL_MICROS } from '@ferris/20-sequencer/commit-proxy.ts';
import { buildCluster, handedOut, runWorkload, type TxnSpec } from './helpers.ts';

/** Bursts of blind writes (no reads, so every one commits): starts cluster around a few moments. */
const burstsArb = fc
  .array(
    fc.record({
      at: fc.integer({ min: 0, max: 20 * MS }),
      size: fc.integer({ min: 1, max: 9 }),
      spread: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 * MS })),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .chain((bursts) =>
    fc.tuple(
      ...bursts.map((b) =>
        fc.array(fc.integer({ min: 0, max: b.spread }), { minLength: b.size, maxLength: b.size }).map((offsets) =>
          offsets.map(
            (o): TxnSpec => ({
              start: b.at + o,
              think: 0,
              grv: 0,
              proxy: 0,
              reads: [],
              writes: [{ kind: 'set', key: Uint8Array.of(0x61), value: new Uint8Array(0) }],
              lag: 0,
            }),
          ),
        ),
      ),
    ),
  )
  .map((groups) => groups.flat());

describe('batching', () => {
  test.prop(
    [
      fc.integer(),
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 0, max: 3 * MS }),
      fc.option(fc.integer({ min: MS / 5, max: 3 * MS }), { nil: undefined }),
      burstsArb,
    ],
    { numRuns: 60 },
  )(
    'a batch closes when it is full or its time is up, whichever comes first, and never takes a commit after that',
    async (seed, countMax, interval, emptyEvery, specs) => {
      const cluster = buildCluster(seed, {
        commitProxies: 1,
        grvProxies: 1,
        logs: 1,
        tags: [0],
        proxy: {
          batchCountMax: countMax,
          batchIntervalMicros: interval,
          ...(emptyEvery === undefined ? {} : { emptyBatchIntervalMicros: emptyEvery }),
        },
      });
      const { outcomes, finished } = await runWorkload(cluster, specs);
      expect(finished, 'every commit is answered').toBe(true);
      const arrivedAt = new Map(cluster.rec.arrivals.map((a) => [a.id, a]));
      const byVersion = new Map<number, Array<{ id: number; at: number; seq: number }>>();
      for (const o of outcomes) {
        expect(o.reply, `transaction ${o.id} writes blindly, so it commits`).not.toBeNull();
        const list = byVersion.get(o.reply!.version) ?? [];
        list.push(arrivedAt.get(o.id)!);
        byVersion.set(o.reply!.version, list);
      }
      const batches = [...byVersion.entries()]
        .sort(([a], [b]) => a - b)
        .map(([, list]) => list.sort((a, b) => a.seq - b.seq));
      const shown = batches.map((b) => b.map((a) => `#${a.id}@${a.at}`).join(' ')).join(' | ');
      batches.forEach((batch, i) => {
        const first = batch[0]!;
        const last = batch.at(-1)!;
        expect(batch.length <= countMax, `a batch holds at most ${countMax} commits: ${shown}`).toBe(true);
        expect(
          last.at - first.at <= interval,
          `a batch takes commits for ${interval} µs after its first one and no longer: ${shown}`,
        ).toBe(true);
        const next = batches[i + 1]?.[0];
        if (next && batch.length < countMax) {
          expect(
            next.at >= first.at + interval,
            `a batch that is not full stays open for ${interval} µs after its first commit (${first.at}), ` +
              `so the commit at ${next.at} belongs in it: ${shown}`,
          ).toBe(true);
        }
      });
    },
  );

  test.prop([fc.integer(), fc.integer({ min: 1, max: 3 })], { numRuns: 10 })(
    'an idle commit proxy still moves versions on, with an empty batch every EMPTY_BATCH_INTERVAL_MICROS',
    async (seed, logs) => {
      const cluster = buildCluster(seed, { commitProxies: 1, grvProxies: 1, logs, tags: [0] });
      const seconds = 7;
      await runWorkload(cluster, [], { settle: seconds * SECOND });
      const times = handedOut(cluster.rec).map((v) => v.at);
      const expected = Math.floor((seconds * SECOND) / EMPTY_BATCH_INTERVAL_MICROS);
      expect(times.length, `in ${seconds} s an idle proxy closes an empty batch every 2 s`).toBe(expected);
      for (const log of cluster.logs) {
        expect(
          log.accepted.map((push) => push.messages.length),
          `${log.address} gets every empty version, with no messages`,
        ).toEqual(times.slice(0, log.accepted.length).map(() => 0));
      }
    },
  );
});
