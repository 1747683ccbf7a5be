/**
 * Lesson 22, reads at a version, against test-double logs that serve a generated history.
 *
 * - "reads at any version in the window equal a model of the committed history": a server that
 *   answers every read with its newest data, applies an atomic operation to the wrong base (the
 *   durable state, or without the ops before it in the same version), drops a version's ops,
 *   moves its version to `end` instead of `end - 1`, keeps views of the log's buffers, maps a
 *   range limit of 0 to "none";
 * - "... and a read at a version the logs hold answers": reads that throw future_version at once
 *   instead of waiting, or too_old inside the window;
 * - "a read above everything the logs hold waits ... then throws future_version": a server that
 *   answers at once with what it has (stale data), or fails at once, or waits forever;
 * - "a read of a version that arrives while it waits": a server that fails instead of waiting;
 * - "the window's edge": too_old one version too early or too late;
 * - (every run, in every file: runUntil) the simulated clock never stands still: a wait that
 *   checks its deadline with > instead of >=, so that its last sleep of 0 repeats forever at one
 *   instant, or a retry with no delay; such a run fails with a message instead of hanging.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MVCC_WINDOW_VERSIONS } from '@ferris/14-mvcc/versioned-store.ts';
import { SECOND } from '@ferris/18-simulator/clock.ts';
import { FUTURE_VERSION_DELAY } from '@ferris/22-storage-servers/knobs.ts';
import { newWorld } from '../19-faults/helpers.ts';
import {
  answerableReads,
  bench,
  checkReads,
  describeRead,
  expected,
  history,
  Model,
  runUntil,
  readOnce,
  spawnReader,
  type ReadRecord,
  type Version,
} from './helpers.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('reads at a version', () => {
  test.prop([history, fc.integer()], { numRuns: 10 })(
    'reads at any version in the window equal a model of the committed history, and a read at a version the logs hold answers',
    async (versions, seed) => {
      const { sim, world } = newWorld(seed);
      const { feed, client } = bench(world, versions);
      const records = spawnReader(client, 'storage', feed, () => feed.done && sim.now > 2 * SECOND);
      await runUntil(sim, 3 * SECOND);
      const model = new Model(versions);
      checkReads(model, records, versions);
      const answerable = answerableReads(records);
      for (const r of answerable) {
        expect(
          r.ok,
          `without faults, a read at a version the logs held and inside the window must answer: ${describeRead(r)}`,
        ).toBe(true);
      }
      expect(answerable.length, 'the reader made reads the server had to answer').toBeGreaterThan(0);
    },
  );
});

/** A fixed history: key a set at 1, added to at 2, cleared at 3, set again at 10. */
const SMALL: Version[] = [
  { version: 1, ops: [{ kind: 'set', key: utf8('a'), value: Uint8Array.of(1) }] },
  { version: 2, ops: [{ kind: 'atomic', op: 'add', key: utf8('a'), param: Uint8Array.of(5) }] },
  { version: 3, ops: [{ kind: 'clear', begin: utf8('a'), end: utf8('b') }] },
  { version: 10, ops: [{ kind: 'set', key: utf8('a'), value: Uint8Array.of(7) }] },
];

/** Runs a world with `versions`, holding the feed after `releaseFirst` versions; `body` runs in the client. */
async function withHeldFeed(
  versions: Version[],
  releaseFirst: number,
  body: (read: (version: number) => Promise<ReadRecord>, releaseAfter: (micros: number) => void) => Promise<void>,
): Promise<void> {
  const { sim, world } = newWorld(7);
  const { feed, client } = bench(world, versions);
  feed.held = true;
  feed.released = releaseFirst;
  let finished = false;
  client.spawn('test', async () => {
    await client.sleep(SECOND / 10);
    const read = (version: number): Promise<ReadRecord> =>
      readOnce(client, 'storage', feed, { kind: 'get', key: utf8('a') }, version);
    const releaseAfter = (micros: number) =>
      client.spawn('release', async () => {
        await client.sleep(micros);
        feed.released++;
      });
    await body(read, releaseAfter);
    finished = true;
  });
  await runUntil(sim, 10 * SECOND);
  expect(finished, 'every read of the example ended within 10 s of virtual time').toBe(true);
}

describe('a storage server never answers for a version it has not got', () => {
  it('a read above everything the logs hold waits FUTURE_VERSION_DELAY, then throws future_version (1009)', () =>
    withHeldFeed(SMALL, 3, async (read) => {
      const r = await read(4);
      expect(r.outcome, `version 4 never reached the logs: ${describeRead(r)}`).toBe('1009');
      expect(r.endedAt - r.startedAt, 'the server waited FUTURE_VERSION_DELAY first').toBeGreaterThanOrEqual(
        FUTURE_VERSION_DELAY,
      );
      const now = await read(3);
      expect(now.outcome, `version 3 is there, and key a is cleared at it: ${describeRead(now)}`).toBe('(none)');
    }));

  it('a read of a version that arrives while it waits answers with that version', () =>
    withHeldFeed(SMALL, 2, async (read, releaseAfter) => {
      const model = new Model(SMALL);
      const before = await read(2);
      expect(before.outcome, `at version 2 key a is 1 + 5: ${describeRead(before)}`).toBe(expected(model, before));
      // Version 3 (the clear) reaches the logs 300 ms after the read of version 3 was sent.
      releaseAfter(SECOND * 0.3);
      const r = await read(3);
      expect(r.outcome, `the read waited for version 3 and must see its clear: ${describeRead(r)}`).toBe('(none)');
      expect(r.endedAt - r.startedAt, 'it waited for the version to arrive').toBeGreaterThanOrEqual(SECOND * 0.3);
      const later = await read(9);
      expect(
        later.outcome,
        `the logs hold versions up to 3 only, so version 9 is not there: ${describeRead(later)}`,
      ).toBe('1009');
    }));

  it("the window's edge: a read at the newest version minus the window answers, one below throws transaction_too_old (1007)", () =>
    withHeldFeed(
      [
        ...SMALL,
        { version: 10 + MVCC_WINDOW_VERSIONS, ops: [{ kind: 'set', key: utf8('a'), value: Uint8Array.of(9) }] },
      ],
      5,
      async (read) => {
        const edge = await read(10);
        expect(edge.outcome, `version 10 is the oldest readable version: ${describeRead(edge)}`).toBe('07');
        const below = await read(9);
        expect(below.outcome, `version 9 is below the window: ${describeRead(below)}`).toBe('1007');
      },
    ));
});
