/**
 * Lesson 04, the shape of the list: tower heights and what a search costs.
 * Each property below targets a bug learners really write:
 *
 * - "every tower is 1 to maxHeight levels tall, whatever the random source returns": an
 *   off-by-one in the random height (height 0, or maxHeight + 1), or a loop that never stops
 *   when the random source keeps returning 0.
 * - "the same random source gives the same towers": using Math.random() instead of the injected
 *   random source (runs could not be replayed from a seed).
 * - "tower heights follow the configured probability" (a chi-square test with a fixed seed):
 *   towers that never reach maxHeight, a height that ignores `probability` (a hard-coded 1/2),
 *   the probability turned around (growing with chance 1 - p), or height 0.
 * - "a lookup costs a logarithmic number of comparisons" (counted, never timed): a search that
 *   starts at level 0 (a linear scan), a seek that walks level 0, and an insert that links the
 *   new node on level 0 only (the express lanes stay empty, so every search is linear).
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { SkipList } from '@ferris/04-skip-list/skip-list.ts';
import { seededRandom, type RandomSource } from '@support/random.ts';

/** A random source that plays `values` in a loop. */
function cycling(values: readonly number[]): RandomSource {
  let i = 0;
  return () => values[i++ % values.length]!;
}

describe('tower heights', () => {
  const randomValue = fc.oneof(
    fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    fc.constantFrom(0, 0.5, 1 - 2 ** -53),
  );

  test.prop([
    fc.array(randomValue, { minLength: 1, maxLength: 20 }),
    fc.integer({ min: 1, max: 8 }),
    fc.double({ min: 0.01, max: 0.99, noNaN: true }),
    fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 50 }),
  ])(
    'every tower is 1 to maxHeight levels tall, whatever the random source returns',
    (values, maxHeight, probability, keys) => {
      const list = new SkipList<number, number>((a, b) => a - b, { maxHeight, probability, random: cycling(values) });
      for (const k of keys) list.set(k, k);
      const towers = list.towers();
      expect(
        towers.length,
        'towers() must have one tower per key (a tower of height 0 is linked nowhere and lost)',
      ).toBe(keys.length);
      for (const t of towers) {
        expect(
          Number.isInteger(t.height) && t.height >= 1 && t.height <= maxHeight,
          `the tower of key ${t.key} is ${t.height} levels tall, but must be 1 to maxHeight (${maxHeight})`,
        ).toBe(true);
      }
      expect(
        towers.map((t) => t.key),
        'towers() must be in key order',
      ).toEqual([...keys].sort((a, b) => a - b));
    },
  );

  it('a random source that always says "grow" makes towers of exactly maxHeight', () => {
    for (const maxHeight of [1, 2, 5]) {
      const list = new SkipList<number, number>((a, b) => a - b, { maxHeight, probability: 0.5, random: () => 0 });
      for (let k = 0; k < 10; k++) list.set(k, k);
      expect(
        list.towers().map((t) => t.height),
        `with random() always 0 (below every probability) every tower must reach maxHeight ${maxHeight}, and stop there`,
      ).toEqual(new Array(10).fill(maxHeight));
    }
  });

  test.prop([fc.integer(), fc.uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 20, maxLength: 60 })])(
    'the same random source gives the same towers, so a seed replays a list exactly',
    (seed, keys) => {
      const build = () => {
        const list = new SkipList<number, number>((a, b) => a - b, {
          maxHeight: 8,
          probability: 0.5,
          random: seededRandom(seed),
        });
        for (const k of keys) list.set(k, k);
        return list.towers().map((t) => t.height);
      };
      expect(
        build(),
        'two lists with the same seed and the same inserts must have the same towers: use options.random, not Math.random',
      ).toEqual(build());
    },
  );

  /**
   * Pearson's chi-square critical value for `df` degrees of freedom at z standard deviations
   * (Wilson and Hilferty's approximation). z = 3.72 is a false alarm once in 10,000 runs.
   */
  function chiSquareCritical(df: number, z = 3.72): number {
    const a = 2 / (9 * df);
    return df * (1 - a + z * Math.sqrt(a)) ** 3;
  }

  it('tower heights follow the configured probability (a chi-square test with a fixed seed)', () => {
    const n = 5000;
    for (const [probability, maxHeight, seed] of [
      [0.5, 4, 1],
      [0.25, 12, 2],
      [0.75, 6, 3],
      [0.5, 1, 4],
    ] as const) {
      const list = new SkipList<number, null>((a, b) => a - b, { probability, maxHeight, random: seededRandom(seed) });
      for (let k = 0; k < n; k++) list.set(k, null);
      const observed = new Array<number>(maxHeight + 1).fill(0);
      for (const t of list.towers()) observed[Math.min(Math.max(t.height, 0), maxHeight)]! += 1;
      expect(observed[0], `no tower may be 0 levels tall (probability ${probability}, maxHeight ${maxHeight})`).toBe(0);
      // P(height = h) = p^(h-1) (1 - p) below the top; the top level takes the rest, p^(maxHeight-1).
      const expected = [0];
      for (let h = 1; h <= maxHeight; h++) {
        expected.push(n * probability ** (h - 1) * (h < maxHeight ? 1 - probability : 1));
      }
      // Merge the rare tall heights into one bin, so every bin expects at least 5 towers.
      const bins: Array<{ label: string; observed: number; expected: number }> = [];
      for (let h = 1; h <= maxHeight; h++) {
        const last = bins.at(-1);
        if (last && last.expected < 5) {
          last.label = `${last.label.split('..')[0]}..${h}`;
          last.observed += observed[h]!;
          last.expected += expected[h]!;
        } else bins.push({ label: String(h), observed: observed[h]!, expected: expected[h]! });
      }
      const lastBin = bins.at(-1)!;
      if (bins.length > 1 && lastBin.expected < 5) {
        const merged = bins.pop()!;
        const before = bins.at(-1)!;
        before.label = `${before.label.split('..')[0]}..${maxHeight}`;
        before.observed += merged.observed;
        before.expected += merged.expected;
      }
      const chi = bins.reduce((sum, b) => sum + (b.observed - b.expected) ** 2 / b.expected, 0);
      const df = Math.max(1, bins.length - 1);
      const table = bins
        .map((b) => `height ${b.label}: ${b.observed} towers, expected ${b.expected.toFixed(0)}`)
        .join('; ');
      expect(
        bins.length === 1 ? Math.abs(lastBin.observed - lastBin.expected) : chi,
        `with probability ${probability} and maxHeight ${maxHeight}, ${n} towers should be about p^(h-1)(1-p) of them ` +
          `at height h (the top level holds all taller ones): ${table}`,
      ).toBeLessThan(bins.length === 1 ? 0.5 : chiSquareCritical(df));
    }
  });
});

describe('search cost (counted in comparisons, never timed)', () => {
  type Cost = { readonly insert: number; readonly get: number; readonly seek: number };
  /** Thrown by the counting comparator when an operation is far over budget: a linear scan. */
  class OverBudget extends Error {}

  /**
   * Builds a list of n keys inserted in a shuffled order and returns the average number of
   * comparisons per insert, get and seek. An average far over budget (a linear scan) stops the
   * measurement early and counts as Infinity, so a slow wrong solution fails fast.
   */
  function measure(n: number, probability: number): Cost {
    let comparisons = 0;
    let limit = Infinity;
    const list = new SkipList<number, number>(
      (a, b) => {
        if (++comparisons > limit) throw new OverBudget();
        return a - b;
      },
      { probability, maxHeight: 16, random: seededRandom(n) },
    );
    const keys = Array.from({ length: n }, (_, i) => i * 2);
    const shuffle = seededRandom(n + 1);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(shuffle() * (i + 1));
      [keys[i], keys[j]] = [keys[j]!, keys[i]!];
    }
    const average = (count: number, op: (i: number) => void): number => {
      comparisons = 0;
      limit = count * 20 * Math.log2(n);
      try {
        for (let i = 0; i < count; i++) op(i);
      } catch (error) {
        if (error instanceof OverBudget) return Infinity;
        throw error;
      } finally {
        limit = Infinity;
      }
      return comparisons / count;
    };
    const insert = average(n, (i) => list.set(keys[i]!, i));
    if (insert === Infinity) return { insert, get: Number.NaN, seek: Number.NaN };
    const get = average(n, (i) => list.get(keys[i]!));
    // Seek just past a sample of keys (between two keys), and take one entry.
    const seek = average(256, (i) => list.entries(keys[i]! + 1).next());
    return { insert, get, seek };
  }

  it('an insert, a lookup and a seek cost a logarithmic number of comparisons', () => {
    for (const probability of [0.5, 0.25]) {
      const small = measure(1024, probability);
      const large = measure(16_384, probability);
      for (const op of ['insert', 'get', 'seek'] as const) {
        const perLog = large[op] / Math.log2(16_384);
        expect(
          perLog,
          `${op} in a list of 16384 keys (probability ${probability}) took ` +
            (large[op] === Infinity
              ? 'over 20 x log2(n) comparisons on average (the measurement stopped early), '
              : `${large[op].toFixed(1)} comparisons on average: that is ${perLog.toFixed(1)} x log2(n), `) +
            'but a skip list needs only a few x log2(n) ' +
            '(a scan along level 0 needs about n/2 = 8192). Does the search start at the top level, ' +
            'and does set() link the new node on every level of its tower?',
        ).toBeLessThan(6);
        expect(
          large[op] / small[op],
          `${op}: 16 times more keys (1024 -> 16384) made each ${op} ${(large[op] / small[op]).toFixed(1)} times ` +
            'as costly; for a logarithmic search it is about log(16384)/log(1024) = 1.4 (for a linear one, 16)',
        ).toBeLessThan(2.5);
      }
    }
  });
});
