/**
 * Lesson 20, the resolver role on its own, sent batches by test processes playing commit proxies.
 *
 * - "batches are resolved in version order ...": a role that resolves a batch when it arrives
 *   instead of after its prevVersion, that waits for any lower version instead of exactly
 *   prevVersion, or resolves the batch's transactions in another order;
 * - "a batch sent again gets the same verdicts": a role that resolves a resend again (and then
 *   sees the batch's own writes as conflicts, or fails), or forgets answers at once;
 * - "... on copies": a role that keeps the sender's buffers as its write ranges.
 * - "a batch sent again after its answer was forgotten ...": a role that resolves such a resend
 *   again, at a version below the ones it already resolved, instead of AnswerForgotten.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MS, SECOND } from '@ferris/18-simulator/clock.ts';
import type { Verdict } from '@ferris/16-transactions/resolver.ts';
import {
  ENDPOINTS,
  type ClusterCommitRequest,
  type ResolveReply,
  type ResolveRequest,
} from '@ferris/20-sequencer/protocol.ts';
import { resolverRole } from '@ferris/20-sequencer/resolver-role.ts';
import { REPLY_MEMORY_VERSIONS } from '@ferris/20-sequencer/sequencer.ts';
import { ask, deepCopy, keyArb, modelVerdicts, runUntil, newWorld, rangeArb, scribble } from './helpers.ts';
import { expectResendsRemembered } from './checks.ts';

const txnArb = fc.record({
  lag: fc.integer({ min: 0, max: 4000 }),
  readRanges: fc.array(rangeArb, { maxLength: 2 }),
  writeRanges: fc.array(rangeArb, { maxLength: 2 }),
});
const batchArb = fc.record({
  gap: fc.integer({ min: 1, max: 1500 }),
  txns: fc.array(txnArb, { maxLength: 4 }),
  sender: fc.nat(2),
  delay: fc.integer({ min: 0, max: 3 * MS }),
  resend: fc.boolean(),
});

describe('the resolver role', () => {
  test.prop([
    fc.integer(),
    fc.array(batchArb, { minLength: 1, maxLength: 10 }),
    fc.oneof(fc.constant(undefined), fc.integer({ min: 100, max: 3000 })),
    fc.boolean(),
  ])(
    'batches are resolved in version order whatever order they arrive in, on copies, and a batch sent again gets the same verdicts',
    async (seed, spec, window, reuse) => {
      const { sim, world } = newWorld(seed);
      world.addProcess('resolver', resolverRole(window === undefined ? {} : { windowVersions: window }));
      let version = 0;
      const requests: ResolveRequest[] = spec.map((b) => {
        const prevVersion = version;
        version += b.gap;
        const transactions = b.txns.map((t) => ({
          readVersion: Math.max(0, prevVersion - t.lag),
          readRanges: t.readRanges,
          writeRanges: t.writeRanges,
        }));
        return { prevVersion, version, transactions };
      });
      const model = modelVerdicts(
        requests.map((r) => ({ version: r.version, txns: r.transactions as ClusterCommitRequest[] })),
        window ?? 5_000_000,
      );
      const got = new Map<number, Verdict[][]>();
      for (let s = 0; s < 3; s++) {
        world.addProcess(`proxy-${s}`, (p) => {
          spec.forEach((b, i) => {
            if (b.sender !== s) return;
            p.spawn(`batch ${requests[i]!.version}`, async () => {
              await p.sleep(b.delay);
              for (let n = 0; n < (b.resend ? 2 : 1); n++) {
                const request = deepCopy(requests[i]!);
                const reply = await ask<ResolveReply>(p, 'resolver', ENDPOINTS.resolve, request);
                got.set(i, [...(got.get(i) ?? []), [...reply.verdicts]]);
                if (reuse) scribble(request);
              }
            });
          });
        });
      }
      await runUntil(sim);
      spec.forEach((b, i) => {
        const replies = got.get(i) ?? [];
        expect(replies.length, `the batch at version ${requests[i]!.version} is answered`).toBe(b.resend ? 2 : 1);
        for (const verdicts of replies) {
          expect(
            verdicts,
            `the batch at version ${requests[i]!.version} (prevVersion ${requests[i]!.prevVersion}) gets lesson 16's verdicts as if every batch came in version order${b.resend ? ', the second time too' : ''}`,
          ).toEqual(model[i]);
        }
      });
    },
  );
  test.prop([fc.integer(), fc.array(fc.integer({ min: 1, max: 3 * SECOND }), { minLength: 1, maxLength: 3 }), keyArb], {
    numRuns: 30,
  })(
    'a batch sent again after its answer was forgotten is refused with AnswerForgotten, never resolved again',
    async (seed, gaps, key) => {
      const { sim, world } = newWorld(seed);
      world.addProcess('resolver', resolverRole());
      // The first batch reads and writes `key`; the last comes a second's worth of versions more than
      // REPLY_MEMORY_VERSIONS later.
      const range = { begin: key, end: Uint8Array.of(...key, 0) };
      let version = 0;
      const requests: ResolveRequest[] = [...gaps, REPLY_MEMORY_VERSIONS + SECOND].map((gap, i) => {
        const prevVersion = version;
        version += gap;
        const transactions = i === 0 ? [{ readVersion: 0, readRanges: [range], writeRanges: [range] }] : [];
        return { prevVersion, version, transactions };
      });
      const first: ResolveReply[] = [];
      const again: Array<ResolveReply | string> = [];
      world.addProcess('proxy', (p) => {
        p.spawn('batches', async () => {
          for (const request of requests)
            first.push(await ask<ResolveReply>(p, 'resolver', ENDPOINTS.resolve, deepCopy(request)));
          for (const request of requests) {
            const reply = ask<ResolveReply>(p, 'resolver', ENDPOINTS.resolve, deepCopy(request));
            again.push(await reply.catch((error: unknown) => (error as Error).name));
          }
        });
      });
      await runUntil(sim);
      expect(first[0]?.verdicts, 'the first batch, alone at its version, commits').toEqual(['committed']);
      const batchAt = (i: number) => `the batch at version ${requests[i]!.version}`;
      expectResendsRemembered(requests.length, first, again, batchAt, 'the same verdicts');
      expect(
        again[0],
        `the batch at version ${requests[0]!.version} sent again once version ${version} was resolved, more than REPLY_MEMORY_VERSIONS later, is AnswerForgotten`,
      ).toBe('AnswerForgotten');
    },
  );
});
