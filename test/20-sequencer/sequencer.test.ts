/**
 * Lesson 20, the sequencer on its own, asked by test processes that play commit proxies.
 *
 * - "each version moves ahead by the virtual time since the last ...": versions that count up
 *   by one whatever the clock says, that can repeat (an advance of 0 when no time passed), that
 *   jump without the MAX_VERSION_ADVANCE cap, or that measure time from the first version;
 *   prevVersion that is the version itself or the one before the previous;
 * - "a resent request gets the same answer ...": a sequencer that hands out a new version for
 *   a resend, forgets answers at once, or answers one proxy's requests in arrival order rather
 *   than request order;
 * - "a request sent again after its answer was forgotten ...": a sequencer that, for a resend
 *   whose answer it no longer remembers, hands out a fresh version (a second version for one
 *   batch, and a hole in the chain where the first one was) instead of AnswerForgotten;
 * - "the live committed version ...": the last version reported instead of the highest.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MS, SECOND } from '@ferris/18-simulator/clock.ts';
import { ENDPOINTS, type CommitVersionReply, type VersionReply } from '@ferris/20-sequencer/protocol.ts';
import { MAX_VERSION_ADVANCE, REPLY_MEMORY_VERSIONS, sequencer } from '@ferris/20-sequencer/sequencer.ts';
import { ask, runUntil, newWorld, tapped } from './helpers.ts';
import { expectResendsRemembered } from './checks.ts';

interface Handed extends CommitVersionReply {
  readonly at: number;
  readonly proxy: string;
  readonly requestNum: number;
}

/** A sequencer whose getCommitVersion replies are recorded with the virtual time they were made. */
function tappedSequencer(handed: Handed[]) {
  return tapped(
    sequencer(),
    ENDPOINTS.getCommitVersion,
    () => {},
    (payload, reply, p) => {
      const request = payload as { proxy: string; requestNum: number };
      handed.push({
        ...(reply as CommitVersionReply),
        at: p.now,
        proxy: request.proxy,
        requestNum: request.requestNum,
      });
    },
  );
}

const gapArb = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 3 }) },
  { weight: 4, arbitrary: fc.integer({ min: 4, max: 5 * MS }) },
  { weight: 1, arbitrary: fc.integer({ min: MAX_VERSION_ADVANCE - 3, max: MAX_VERSION_ADVANCE + 3 * SECOND }) },
);

describe('the sequencer', () => {
  test.prop([fc.integer(), fc.array(fc.array(gapArb, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 3 })])(
    'each version moves ahead by the virtual time since the last one (at least 1, at most MAX_VERSION_ADVANCE), and carries the one before it',
    async (seed, proxies) => {
      const { sim, world } = newWorld(seed);
      const handed: Handed[] = [];
      world.addProcess('sequencer', tappedSequencer(handed));
      proxies.forEach((gaps, i) => {
        world.addProcess(`proxy-${i}`, (p) => {
          p.spawn('versions', async () => {
            for (const [n, gap] of gaps.entries()) {
              await p.sleep(gap);
              await ask(p, 'sequencer', ENDPOINTS.getCommitVersion, { proxy: p.address, requestNum: n + 1 });
            }
          });
        });
      });
      await runUntil(sim);
      expect(handed.length, 'every request is answered').toBe(proxies.flat().length);
      let version = 0;
      let time = 0;
      for (const h of handed) {
        const expected = version + Math.max(1, Math.min(MAX_VERSION_ADVANCE, h.at - time));
        expect(h.prevVersion, `the version handed out at ${h.at} µs carries the one before it`).toBe(version);
        expect(
          h.version,
          `${h.at - time} µs after version ${version} (handed out at ${time} µs), the next is ${expected}: a million versions a second, at least 1 more, at most ${MAX_VERSION_ADVANCE} more`,
        ).toBe(expected);
        version = h.version;
        time = h.at;
      }
    },
  );

  test.prop([
    fc.integer(),
    fc.integer({ min: 1, max: 8 }),
    fc.array(fc.tuple(fc.nat(20), fc.integer({ min: 0, max: 2 * MS })), { maxLength: 10 }),
    fc.array(fc.integer({ min: 0, max: 2 * MS }), { minLength: 8, maxLength: 8 }),
  ])(
    'a resent request gets the same answer, and one proxy is answered in the order of its request numbers',
    async (seed, count, resends, delays) => {
      const { sim, world } = newWorld(seed);
      const answers = new Map<number, CommitVersionReply[]>();
      world.addProcess('sequencer', sequencer());
      world.addProcess('proxy', (p) => {
        const send = (requestNum: number, delay: number) =>
          p.spawn(`request ${requestNum}`, async () => {
            await p.sleep(delay);
            const reply = await ask<CommitVersionReply>(p, 'sequencer', ENDPOINTS.getCommitVersion, {
              proxy: 'proxy',
              requestNum,
            });
            answers.set(requestNum, [...(answers.get(requestNum) ?? []), reply]);
          });
        for (let n = 1; n <= count; n++) send(n, delays[n - 1]!);
        for (const [n, delay] of resends) send((n % count) + 1, delay + 2 * MS);
      });
      await runUntil(sim);
      let last = 0;
      for (let n = 1; n <= count; n++) {
        const replies = answers.get(n) ?? [];
        expect(replies.length > 0, `request ${n} is answered`).toBe(true);
        for (const r of replies)
          expect(r, `request ${n} sent again gets the same version as the first time`).toEqual(replies[0]);
        expect(
          replies[0]!.version > last,
          `request ${n} is answered after request ${n - 1}, with a higher version (${replies[0]!.version} after ${last})`,
        ).toBe(true);
        last = replies[0]!.version;
      }
    },
  );

  test.prop([fc.integer(), fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 12 })])(
    'the live committed version is the highest version reported so far, whatever order the reports come in',
    async (seed, reports) => {
      const { sim, world } = newWorld(seed);
      world.addProcess('sequencer', sequencer());
      const seen: Array<[number, number]> = [];
      world.addProcess('proxy', (p) => {
        p.spawn('reports', async () => {
          seen.push([0, (await ask<VersionReply>(p, 'sequencer', ENDPOINTS.getLiveCommittedVersion, {})).version]);
          let highest = 0;
          for (const version of reports) {
            await ask(p, 'sequencer', ENDPOINTS.reportCommitted, { version });
            highest = Math.max(highest, version);
            seen.push([
              highest,
              (await ask<VersionReply>(p, 'sequencer', ENDPOINTS.getLiveCommittedVersion, {})).version,
            ]);
          }
        });
      });
      await runUntil(sim);
      for (const [expected, got] of seen)
        expect(got, `after reports of ${reports.join(', ')} the live committed version is the highest so far`).toBe(
          expected,
        );
    },
  );
  test.prop([fc.integer(), fc.array(fc.integer({ min: 0, max: 3 * SECOND }), { minLength: 2, maxLength: 4 })], {
    numRuns: 30,
  })(
    'a request sent again after its answer was forgotten is refused with AnswerForgotten, never given a new version',
    async (seed, gaps) => {
      const { sim, world } = newWorld(seed);
      world.addProcess('sequencer', sequencer());
      const first: CommitVersionReply[] = [];
      const again: Array<CommitVersionReply | string> = [];
      let after: CommitVersionReply | undefined;
      world.addProcess('proxy', (p) => {
        const get = (requestNum: number) =>
          ask<CommitVersionReply>(p, 'sequencer', ENDPOINTS.getCommitVersion, { proxy: 'proxy', requestNum });
        p.spawn('requests', async () => {
          // The last gaps add up to more than REPLY_MEMORY_VERSIONS, with a second to spare, so the
          // first answers fall well out of the window.
          for (const gap of [...gaps, MAX_VERSION_ADVANCE, SECOND]) {
            await p.sleep(gap);
            first.push(await get(first.length + 1));
          }
          for (let n = 1; n <= first.length; n++) {
            again.push(await get(n).catch((error: unknown) => (error as Error).name));
          }
          after = await get(first.length + 1);
        });
      });
      await runUntil(sim);
      const newest = first.at(-1)!.version;
      expectResendsRemembered(
        first.length,
        first,
        again,
        (i) => `request ${i + 1}`,
        'the same version as the first time',
      );
      expect(
        again[0],
        `request 1 (version ${first[0]!.version}) sent again once version ${newest} was handed out, more than REPLY_MEMORY_VERSIONS (${REPLY_MEMORY_VERSIONS}) later, is AnswerForgotten`,
      ).toBe('AnswerForgotten');
      expect(
        after?.prevVersion,
        'the next request after the resends carries the last version handed out before them: no resend was given a version',
      ).toBe(newest);
    },
  );
});
