/**
 * Lesson 14, the edges, one at a time: the window's bounds to the version, makeDurable's bounds,
 * the reserved key space, checks that leave the store unchanged, buffers the caller changes, and
 * getRange's limit and direction. What each catches:
 *
 * - "a read exactly at ..." tests: the window off by one at either end, FutureVersion at the
 *   latest version or none above it, oldestVersion not trailing the latest by exactly the window.
 * - "makeDurable takes exactly ...": a target above oldestVersion accepted (versions still inside
 *   the window forgotten), one below durableVersion accepted.
 * - "keys starting with 0xff are refused ...": a get, set or range that reaches the store's own
 *   metadata (a get of 0xff/durableVersion answering the version's bytes).
 * - "a bad mutation leaves ... unchanged": checking each mutation as it is applied (half a
 *   version applied), a version equal to the latest accepted, oldestVersion moved on before the
 *   mutations are checked (a refused apply a window ahead makes the oldest versions unreadable).
 * - "changing ... afterwards": keeping the caller's key or value buffers (also views into a
 *   bigger buffer), handing out the store's own bytes from get or getRange, or the engine's
 *   (an engine that hands out the same arrays each time, as one answering from a cache would).
 * - "limit and reverse": reverse with a limit keeping the first keys instead of the last, limit 0
 *   read as no limit, a limit off by one.
 * - "versions that are not safe integers ...": apply, makeDurable or a read taking NaN, Infinity
 *   or a fraction as a version (NaN compares false both ways and slips past < and >), a negative
 *   or fractional limit accepted.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { DURABLE_VERSION_KEY } from '@ferris/14-mvcc/keys.ts';
import type { Mutation } from '@ferris/14-mvcc/mutation.ts';
import { MVCC_WINDOW_VERSIONS, openVersionedStore, type VersionedStore } from '@ferris/14-mvcc/versioned-store.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { expectCode, hexOf, key, Model, openEngine, rows, setText as set, SharingEngine, value } from './helpers.ts';

const W = MVCC_WINDOW_VERSIONS;
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

async function fresh(): Promise<VersionedStore> {
  return openVersionedStore(await openEngine(new SimulatedFileSystem({ seed: 14 })));
}

describe('the window', () => {
  it('a read exactly at oldestVersion and at latestVersion is answered; one beyond either is refused with 1007 or 1009', async () => {
    const store = await fresh();
    store.apply(10, [set('a', 'old')]);
    store.apply(10 + W + 5, [set('a', 'new')]);
    expect(store.oldestVersion, 'oldestVersion after apply(10 + window + 5): the latest minus the window').toBe(15);
    expect(store.latestVersion, 'latestVersion').toBe(10 + W + 5);
    expect(new TextDecoder().decode(await store.get(bytes('a'), 15)), 'get at exactly oldestVersion').toBe('old');
    expect(new TextDecoder().decode(await store.get(bytes('a'), 10 + W + 5)), 'get at exactly latestVersion').toBe(
      'new',
    );
    await expectCode(
      () => store.get(bytes('a'), 14),
      1007,
      'get at oldestVersion - 1 must throw transaction_too_old (1007)',
    );
    await expectCode(
      () => store.get(bytes('a'), 10 + W + 6),
      1009,
      'get at latestVersion + 1 must throw future_version (1009)',
    );
    await expectCode(
      () => store.getRange(bytes('a'), bytes('b'), 14),
      1007,
      'getRange at oldestVersion - 1 must throw 1007',
    );
    await expectCode(
      () => store.getRange(bytes('a'), bytes('b'), 10 + W + 6),
      1009,
      'getRange at latestVersion + 1 must throw 1009',
    );
  });

  test.prop([fc.array(fc.integer({ min: 1, max: 3 * W }), { minLength: 1, maxLength: 8 })])(
    'oldestVersion is always the larger of its old value and the latest version minus the window',
    async (steps) => {
      const store = await fresh();
      let latest = 0;
      let oldest = 0;
      for (const step of steps) {
        latest += step;
        oldest = Math.max(oldest, latest - W);
        store.apply(latest, []);
        expect(
          [store.oldestVersion, store.latestVersion],
          `[oldest, latest] after versions stepping by ${steps.join(', ')}`,
        ).toEqual([oldest, latest]);
      }
    },
  );
});

describe('makeDurable', () => {
  it('makeDurable takes exactly the versions from durableVersion to oldestVersion, and a refused call changes nothing', async () => {
    const store = await fresh();
    store.apply(5, [set('a', '1')]);
    store.apply(5 + W + 10, [set('a', '2')]);
    await expectCode(
      () => store.makeDurable(16),
      'DurableTargetError',
      'makeDurable(oldestVersion + 1) must be refused: that version is still inside the window',
    );
    await expectCode(
      () => store.makeDurable(5 + W + 10),
      'DurableTargetError',
      'makeDurable(latestVersion) must be refused',
    );
    expect(store.durableVersion, 'durableVersion after refused calls').toBe(0);
    await store.makeDurable(15);
    expect(store.durableVersion, 'durableVersion after makeDurable(oldestVersion)').toBe(15);
    await expectCode(
      () => store.makeDurable(14),
      'DurableTargetError',
      'makeDurable(durableVersion - 1) must be refused: the engine cannot go back',
    );
    await store.makeDurable(15);
    expect(
      new TextDecoder().decode(await store.get(bytes('a'), 15)),
      'get at the durable version, served by the engine',
    ).toBe('1');
    expect(
      new TextDecoder().decode(await store.get(bytes('a'), 5 + W + 10)),
      'get at the latest version, served by memory',
    ).toBe('2');
  });
});

describe('the reserved key space', () => {
  it('keys starting with 0xff are refused with key_outside_legal_range (2004); a range may end at exactly 0xff', async () => {
    const store = await fresh();
    const v = 1 + W;
    store.apply(1, [set('a', '1')]);
    store.apply(v, []);
    await store.makeDurable(1); // the engine now holds 0xff/durableVersion
    await expectCode(
      () => store.get(DURABLE_VERSION_KEY, v),
      2004,
      "get of the store's own key 0xff/durableVersion must be refused",
    );
    await expectCode(() => store.get(Uint8Array.of(0xff), v), 2004, 'get of the key 0xff must be refused');
    await expectCode(
      () => store.apply(v + 1, [{ type: 'set', key: Uint8Array.of(0xff, 1), value: bytes('x') }]),
      2004,
      'a set of a key starting with 0xff must be refused',
    );
    await expectCode(
      () => store.getRange(bytes('a'), Uint8Array.of(0xff, 0), v),
      2004,
      'a range ending past 0xff must be refused',
    );
    await expectCode(
      () => store.getRange(bytes('b'), bytes('a'), v),
      2005,
      'a range whose begin is after its end: inverted_range (2005)',
    );
    expect(
      rows(await store.getRange(new Uint8Array(0), Uint8Array.of(0xff), v)),
      'a range over the whole user key space',
    ).toEqual([`61=${hexOf(bytes('1'))}`]);
    store.apply(v + 1, [{ type: 'clear', begin: new Uint8Array(0), end: Uint8Array.of(0xff) }]);
    expect(await store.get(bytes('a'), v + 1), 'after clearing the whole user key space').toBeUndefined();
  });
});

describe('apply', () => {
  it('a bad mutation, or a version not above the latest, leaves the store unchanged', async () => {
    const store = await fresh();
    store.apply(1, [set('a', '1')]);
    await expectCode(
      () => store.apply(2, [set('a', '2'), { type: 'set', key: Uint8Array.of(0xff), value: bytes('x') }]),
      2004,
      'apply with a bad second mutation',
    );
    await expectCode(
      () => store.apply(2, [set('a', '3'), { type: 'clear', begin: bytes('b'), end: bytes('a') }]),
      2005,
      'apply with an inverted clear range',
    );
    await expectCode(
      () => store.apply(2 + W, [set('a', '5'), { type: 'set', key: Uint8Array.of(0xff), value: bytes('x') }]),
      2004,
      'apply a whole window ahead, with a bad second mutation',
    );
    expect(store.oldestVersion, 'oldestVersion after a refused apply a whole window ahead').toBe(0);
    expect(store.latestVersion, 'latestVersion after refused applies').toBe(1);
    expect(store.mutationsInMemory, 'mutations in memory after refused applies').toBe(1);
    expect(
      new TextDecoder().decode(await store.get(bytes('a'), 1)),
      'the first mutation of a refused apply must not be applied',
    ).toBe('1');
    await expectCode(() => store.apply(1, [set('a', '4')]), 'VersionOrderError', 'apply at the latest version again');
    await expectCode(() => store.apply(0, [set('a', '4')]), 'VersionOrderError', 'apply below the latest version');
    expect(new TextDecoder().decode(await store.get(bytes('a'), 1)), 'a refused version must not be applied').toBe('1');
  });
});

describe('whole numbers', () => {
  it('versions that are not safe integers, and limits that are not whole numbers from 0, are refused and change nothing', async () => {
    const store = await fresh();
    store.apply(1, [set('a', '1')]);
    store.apply(1 + W, [set('a', '2')]);
    for (const bad of [1.5 + W, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53]) {
      await expectCode(() => store.apply(bad, [set('a', 'x')]), 'VersionOrderError', `apply(${bad})`);
      await expectCode(() => store.makeDurable(bad - W - 1), 'DurableTargetError', `makeDurable(${bad - W - 1})`);
    }
    for (const bad of [1.5, Number.NaN]) {
      await expectCode(() => store.get(bytes('a'), bad), 'TypeError', `get(a, ${bad})`);
      await expectCode(() => store.getRange(bytes('a'), bytes('b'), bad), 'TypeError', `getRange(a, b, ${bad})`);
    }
    for (const limit of [-1, 1.5, Number.NaN]) {
      await expectCode(() => store.getRange(bytes('a'), bytes('b'), 1, { limit }), 'RangeError', `limit ${limit}`);
    }
    expect(
      [store.latestVersion, store.oldestVersion, store.durableVersion, store.mutationsInMemory],
      'latest, oldest and durable versions, and mutations in memory, after the refused calls',
    ).toEqual([1 + W, 1, 0, 2]);
    expect(new TextDecoder().decode(await store.get(bytes('a'), 1 + W)), 'a at the latest version').toBe('2');
  });
});

describe('aliasing', () => {
  test.prop([fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 6 }), fc.boolean()])(
    'changing a key or value buffer after apply, or a value a read returned, changes nothing in the store',
    async (pairs, durable) => {
      const store = await openVersionedStore(
        new SharingEngine(await openEngine(new SimulatedFileSystem({ seed: 14 }))),
      );
      const model = new Model();
      // Views into one bigger buffer, as a caller reusing a scratch buffer would pass them.
      const scratch = new Uint8Array(pairs.reduce((n, [k, v]) => n + k.length + v.length + 2, 0));
      let at = 1;
      const list: Mutation[] = pairs.map(([k, v]) => {
        const kv = scratch.subarray(at, at + k.length);
        kv.set(k);
        at += k.length + 1;
        const vv = scratch.subarray(at, at + v.length);
        vv.set(v);
        at += v.length + 1;
        return { type: 'set', key: kv, value: vv };
      });
      store.apply(1, list);
      model.apply(
        1,
        pairs.map(([k, v]) => ({ type: 'set', key: k, value: v })),
      );
      scratch.fill(0xee);
      store.apply(1 + W, []);
      if (durable) await store.makeDurable(1);
      for (const [k] of pairs) {
        const first = await store.get(k, 1);
        first?.fill(0xdd);
        const again = await store.get(k, 1);
        expect(again === undefined ? 'none' : hexOf(again), `get(${hexOf(k)}) after changing the buffers`).toBe(
          model.get(k, 1) ?? 'none',
        );
      }
      const listed = await store.getRange(new Uint8Array(0), Uint8Array.of(0xff), 1);
      for (const kv of listed) {
        kv.key.fill(0xdd);
        kv.value.fill(0xdd);
      }
      expect(
        rows(await store.getRange(new Uint8Array(0), Uint8Array.of(0xff), 1)),
        'getRange after changing what the last getRange returned',
      ).toEqual(model.range(new Uint8Array(0), Uint8Array.of(0xff), 1));
    },
  );
});

describe('limit and reverse', () => {
  test.prop([
    fc.uniqueArray(fc.integer({ min: 0x61, max: 0x70 }), { minLength: 0, maxLength: 8 }),
    fc.boolean(),
    fc.boolean(),
  ])(
    'getRange keeps the first keys of the range, or the last ones with reverse, for limits 0, 1, the exact count and beyond',
    async (letters, reverse, durable) => {
      const store = await fresh();
      store.apply(
        1,
        letters.map((c) => ({ type: 'set', key: Uint8Array.of(c), value: Uint8Array.of(c, c) })),
      );
      store.apply(2, []);
      if (durable) {
        store.apply(2 + W, []);
        await store.makeDurable(2);
      }
      const all = letters.sort((a, b) => a - b).map((c) => `${hexOf(Uint8Array.of(c))}=${hexOf(Uint8Array.of(c, c))}`);
      if (reverse) all.reverse();
      for (const limit of [0, 1, letters.length, letters.length + 1, undefined]) {
        const got = await store.getRange(Uint8Array.of(0x61), Uint8Array.of(0x71), 2, {
          ...(limit === undefined ? {} : { limit }),
          reverse,
        });
        expect(rows(got), `getRange(a, q, limit ${limit}, reverse ${reverse}) over ${letters.length} keys`).toEqual(
          all.slice(0, limit ?? Infinity),
        );
      }
    },
  );
});
