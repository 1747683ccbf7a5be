/**
 * Lesson 14, reads racing with makeDurable. The engine is wrapped so that a read can be held in
 * flight while versions are applied and made durable, then let go: either it reached the engine
 * at once and only its answer waits ('answer-late'), or it reaches the engine only when let go
 * ('call-late'). What it catches:
 *
 * - a read that asks memory only after the engine answered: makeDurable meanwhile forgot the
 *   versions the engine's (older) answer did not have, and the read returns a stale value.
 * - a read that does not check the window again after the engine answered: makeDurable moved the
 *   engine past the read's version meanwhile, and the read returns a value that is too new
 *   instead of transaction_too_old.
 */
import { expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { Mutation } from '@ferris/14-mvcc/mutation.ts';
import { MVCC_WINDOW_VERSIONS, openVersionedStore } from '@ferris/14-mvcc/versioned-store.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import {
  describeMutations,
  HeldEngine,
  hexOf,
  key,
  Model,
  mutations,
  openEngine,
  outcome,
  range,
  rows,
  versionStep,
} from './helpers.ts';

const W = MVCC_WINDOW_VERSIONS;
type Read =
  | { readonly kind: 'get'; readonly key: Uint8Array }
  | { readonly kind: 'range'; readonly bounds: [Uint8Array, Uint8Array]; readonly reverse: boolean };
const read: fc.Arbitrary<Read> = fc.oneof(
  key.map((k) => ({ kind: 'get' as const, key: k })),
  fc.tuple(range, fc.boolean()).map(([bounds, reverse]) => ({ kind: 'range' as const, bounds, reverse })),
);
const describeRead = (r: Read, v: number): string =>
  r.kind === 'get'
    ? `get(${hexOf(r.key) || "''"}, ${v})`
    : `getRange(${hexOf(r.bounds[0]) || "''"}, ${hexOf(r.bounds[1])}, ${v}, reverse ${r.reverse})`;

test.prop(
  [
    fc.array(fc.tuple(versionStep, mutations), { minLength: 1, maxLength: 10 }),
    mutations,
    read,
    fc.nat(),
    fc.constantFrom('answer-late' as const, 'call-late' as const),
    fc.boolean(),
    fc.integer({ min: 1, max: 2 ** 30 }),
  ],
  { numRuns: 120 },
)(
  'a read in flight while makeDurable runs returns the value at its version, or transaction_too_old only once the window has passed that version',
  async (history, extra, r, pick, mode, pushPast, seed) => {
    const db = await openEngine(new SimulatedFileSystem({ seed }));
    const engine = new HeldEngine(db, mode);
    const store = await openVersionedStore(engine);
    const model = new Model();
    let latest = 0;
    for (const [step, list] of [...history, [W, []] as [number, Mutation[]]]) {
      latest += step;
      store.apply(latest, list);
      model.apply(latest, list);
    }
    const versions = [
      store.oldestVersion,
      ...model.history.map((h) => h.version).filter((v) => v >= store.oldestVersion),
    ];
    const version = versions[pick % versions.length]!;
    const story = `${history.map(([s, l]) => `+${s} [${describeMutations(l)}]`).join('; ')}; ${describeRead(r, version)} held (${mode}) while ${pushPast ? 'the window moves past it and ' : ''}makeDurable runs`;

    engine.hold();
    const inFlight = outcome<unknown>(() =>
      r.kind === 'get' ? store.get(r.key, version) : store.getRange(...r.bounds, version, { reverse: r.reverse }),
    );
    engine.stopHolding();
    latest += pushPast ? W + 1 : 1;
    store.apply(latest, extra);
    model.apply(latest, extra);
    if (store.oldestVersion > store.durableVersion) await store.makeDurable(store.oldestVersion);
    engine.release();
    const got = await inFlight;

    if (got.kind === 'error') {
      expect(got.code, `the read failed (${story}): only transaction_too_old may end it`).toBe(1007);
      expect(
        version,
        `transaction_too_old is right only once the window passed the read's version (${story})`,
      ).toBeLessThan(store.oldestVersion);
    } else if (r.kind === 'get') {
      const value = got.value as Uint8Array | undefined;
      expect(value === undefined ? 'none' : hexOf(value), story).toBe(model.get(r.key, version) ?? 'none');
    } else {
      expect(rows(got.value as { key: Uint8Array; value: Uint8Array }[]), story).toEqual(
        model.range(...r.bounds, version, { reverse: r.reverse }),
      );
    }
    await db.close();
  },
);

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

it('a get answered by an older engine still sees the versions makeDurable forgot meanwhile', async () => {
  const db = await openEngine(new SimulatedFileSystem({ seed: 1 }));
  const engine = new HeldEngine(db, 'answer-late');
  const store = await openVersionedStore(engine);
  store.apply(1, [{ type: 'set', key: bytes('b'), value: bytes('old') }]);
  store.apply(1 + W, []);
  await store.makeDurable(1);
  store.apply(2 + W, [{ type: 'set', key: bytes('a'), value: bytes('new') }]);
  store.apply(3 + 2 * W, []); // oldest is now 3 + W, above the set of 'a'
  engine.hold();
  const inFlight = store.get(bytes('a'), 3 + W);
  engine.stopHolding();
  await store.makeDurable(3 + W); // the engine learns 'a', memory forgets it
  engine.release();
  expect(
    new TextDecoder().decode(await inFlight),
    "get('a') at 3 + W: the engine answered from before makeDurable, memory knew",
  ).toBe('new');
  await db.close();
});

it('a get whose version the window passed while it waited for the engine fails with transaction_too_old', async () => {
  const db = await openEngine(new SimulatedFileSystem({ seed: 2 }));
  const engine = new HeldEngine(db, 'call-late');
  const store = await openVersionedStore(engine);
  store.apply(1, [{ type: 'set', key: bytes('a'), value: bytes('v1') }]);
  store.apply(2, [{ type: 'set', key: bytes('a'), value: bytes('v2') }]);
  store.apply(1 + W, []); // oldest 1
  engine.hold();
  const inFlight = outcome(() => store.get(bytes('z'), 1)); // memory knows nothing of 'z' at 1: the engine is asked
  engine.stopHolding();
  store.apply(2 + W, [{ type: 'set', key: bytes('z'), value: bytes('late') }]);
  store.apply(3 + 2 * W, []); // oldest 3 + W: version 1 is out of the window
  await store.makeDurable(3 + W); // the engine now holds 'z' = late, written at 2 + W
  engine.release();
  const got = await inFlight;
  expect(
    got.kind === 'ok' ? `answered ${got.value === undefined ? 'none' : new TextDecoder().decode(got.value)}` : got.code,
    "get('z') at version 1, once the engine moved to 3 + W",
  ).toBe(1007);
  await db.close();
});
