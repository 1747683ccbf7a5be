/**
 * Lesson 08, the bloom filter. Each property below targets a bug learners really write:
 *
 * - "the number of probes is round(bitsPerKey * ln 2), clamped to 1..30": k off by one (floor
 *   as LevelDB does, or one more), k not clamped above (69 probes at 100 bits per key) or below
 *   (zero probes at half a bit per key, a filter that says "maybe" to everything).
 * - "bits per key for a target rate is -ln(p) / (ln 2)^2": a missing square (6.6 bits for 1 %).
 * - "a filter over n keys has max(64, ceil(n * bitsPerKey)) bits, rounded up to whole bytes":
 *   no minimum size, bytes counted as bits (a filter eight times too big), a forgotten ceil.
 * - "every probe position is a whole number inside the filter": positions kept as signed 32-bit
 *   numbers (`| 0` instead of `>>> 0`), which are negative half the time and index nothing.
 * - "no false negatives, ever": the bit set with `1 << position` instead of `1 << (position & 7)`,
 *   a decoded filter that counts its probe-count byte as bits, negative positions: all make a
 *   filter say "no" to a key it holds.
 * - "a key is found whether it is given as a view into a larger buffer or as a copy": hashing
 *   the view's whole `.buffer` instead of the key's own bytes.
 * - "the false-positive rate at 10 bits per key is within 1.5 times theory" (and the same for a
 *   target rate): the delta never applied (all probes on one bit), the position taken modulo the
 *   byte count instead of the bit count, a mask `h & (m - 1)` on a size that is not a power of
 *   two, only the low 16 bits of the hash used, a filter sized in bytes instead of bits.
 * - "a filter survives encode and decode": the probe count not written, or written but ignored
 *   on decode (a fixed 7 instead), the probe byte counted as bits.
 * - "the filter of apple, banana and cherry is exactly these bytes": any deviation from the
 *   format (another seed, the same seed for both hashes, another bit order) that a table
 *   written by one implementation and read by another would trip over.
 * - "decoding rejects ...": a probe-count byte of 0 or over 30 accepted, a truncated filter
 *   read past its end.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { seededRandom, type RandomSource } from '@support/random.ts';
import {
  BloomFilter,
  BloomFilterPolicy,
  bitsPerKeyForRate,
  CorruptFilterError,
  MAX_PROBES,
  MIN_FILTER_BITS,
  probePositions,
  probesForBitsPerKey,
  theoreticalFalsePositiveRate,
} from '@ferris/08-bloom-filter/bloom.ts';
import { hexOf, utf8, viewInto } from '../shared/bytes.ts';

/** A key for messages: "key 0a1b", or "the empty key". */
const show = (k: Uint8Array): string => (k.length === 0 ? 'the empty key' : `key ${hexOf(k)}`);

const key = fc.uint8Array({ maxLength: 24 });
const keys = fc.array(key, { maxLength: 200 });
const bitsPerKey = fc.oneof(fc.integer({ min: 1, max: 30 }), fc.double({ min: 0.5, max: 40, noNaN: true }));

/** Runs `make` and returns the error of class `type` it throws, failing in words if it does not. */
function rejection<E extends Error>(type: new (...args: never[]) => E, make: () => unknown, what: string): E {
  try {
    make();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  expect.fail(`${what} was accepted, but it must throw a ${type.name}`);
}

/** `count` random keys of 4 to 20 bytes whose first byte is in [first, first + 128). */
function randomKeys(random: RandomSource, count: number, first: number): Uint8Array[] {
  return Array.from({ length: count }, () => {
    const k = new Uint8Array(4 + Math.floor(random() * 17));
    for (let i = 0; i < k.length; i++) k[i] = Math.floor(random() * 256);
    k[0] = first + Math.floor(random() * 128);
    return k;
  });
}

/** The fraction of `absent` keys the filter wrongly says it may contain. */
function measuredRate(mayContain: (key: Uint8Array) => boolean, absent: Uint8Array[]): number {
  return absent.filter((k) => mayContain(k)).length / absent.length;
}

describe('sizing a filter', () => {
  it('the number of probes is round(bitsPerKey * ln 2), clamped to 1..30', () => {
    const table: Array<[number, number]> = [
      [0.5, 1], // 0.35 rounds to 0: clamped up to 1
      [1, 1],
      [2, 1], // 1.39
      [3, 2], // 2.08
      [5, 3], // 3.47
      [9.585, 7], // 6.64: the bits for a 1 % rate
      [10, 7], // 6.93
      [16, 11], // 11.09
      [20, 14], // 13.86
      [44, 30], // 30.50 rounds to 31: clamped down to 30
      [100, 30], // 69.3: clamped down to 30
    ];
    const wrong = table
      .map(([bits, expected]) => ({ bits, expected, actual: probesForBitsPerKey(bits) }))
      .filter((row) => row.actual !== row.expected)
      .map((row) => `probesForBitsPerKey(${row.bits}) returned ${row.actual}, expected ${row.expected}`);
    expect(wrong, `wrong numbers of probes:\n${wrong.join('\n')}`).toEqual([]);
  });

  it('bits per key for a target rate is -ln(p) / (ln 2)^2', () => {
    for (const [rate, expected] of [
      [0.5, 1.4427],
      [0.1, 4.7926],
      [0.01, 9.5851],
      [0.001, 14.3776],
    ] as const) {
      expect(bitsPerKeyForRate(rate), `bitsPerKeyForRate(${rate}) should be about ${expected}`).toBeCloseTo(
        expected,
        3,
      );
    }
  });

  it('a target rate outside (0, 1), and bits per key outside (0, 100], are rejected with a RangeError', () => {
    for (const rate of [0, 1, -0.5, 1.5, Number.NaN]) {
      rejection(RangeError, () => bitsPerKeyForRate(rate), `a false-positive rate of ${rate}`);
    }
    for (const bits of [0, -1, 101, Number.NaN, Infinity]) {
      rejection(RangeError, () => BloomFilter.build([utf8('a')], bits), `${bits} bits per key`);
    }
  });

  test.prop([fc.integer({ min: 0, max: 3000 }), bitsPerKey])(
    'a filter over n keys has max(64, ceil(n * bitsPerKey)) bits, rounded up to whole bytes, plus one byte of probe count',
    (n, bits) => {
      const filter = BloomFilter.build(
        Array.from({ length: n }, (_, i) => utf8(`key${i}`)),
        bits,
      );
      const expectedBits = Math.ceil(Math.max(MIN_FILTER_BITS, Math.ceil(n * bits)) / 8) * 8;
      expect(filter.bitCount, `${n} keys at ${bits} bits per key`).toBe(expectedBits);
      expect(filter.encode().length, 'the encoded filter is the bit array and one more byte').toBe(
        expectedBits / 8 + 1,
      );
      expect(filter.probes, 'the filter must use probesForBitsPerKey(bitsPerKey) probes').toBe(
        probesForBitsPerKey(bits),
      );
    },
  );
});

describe('probe positions (double hashing)', () => {
  const bitCount = fc
    .oneof(fc.integer({ min: MIN_FILTER_BITS / 8, max: 4096 }), fc.integer({ min: 4096, max: 2 ** 28 }))
    .map((bytes) => bytes * 8);

  test.prop([key, fc.integer({ min: 1, max: MAX_PROBES }), bitCount])(
    'every probe position is a whole number inside the filter, and a key has exactly k of them',
    (k, probes, bits) => {
      const positions = probePositions(k, probes, bits);
      expect(positions.length, `asked for ${probes} probes`).toBe(probes);
      for (const p of positions) {
        expect(Number.isInteger(p) && p >= 0 && p < bits, `position ${p} is not a bit of a ${bits}-bit filter`).toBe(
          true,
        );
      }
      expect(probePositions(Uint8Array.from(k), probes, bits), 'the same key must always probe the same bits').toEqual(
        positions,
      );
    },
  );

  it('the probes of "apple" and "banana" are exactly the ones the format defines', () => {
    expect(
      probePositions(utf8('apple'), 7, 1024),
      'h = murmur3_32(key, HASH_SEED), delta = murmur3_32(key, DELTA_SEED) | 1, position = h mod bits, then h += delta',
    ).toEqual([597, 844, 67, 314, 561, 808, 31]);
    expect(probePositions(utf8('banana'), 3, 100_000), 'the probes of "banana" in a 100000-bit filter').toEqual([
      67840, 74029, 47514,
    ]);
  });
});

describe('no false negatives', () => {
  test.prop([keys, bitsPerKey])('a filter says "maybe" to every key it was built from, ever', (ks, bits) => {
    const filter = BloomFilter.build(ks, bits);
    for (const k of ks) {
      expect(filter.mayContain(k), `the filter said no to ${show(k)}, which it holds (a false negative)`).toBe(true);
    }
    const decoded = BloomFilter.decode(filter.encode());
    for (const k of ks) {
      expect(decoded.mayContain(k), `the decoded filter said no to ${show(k)}, which it holds`).toBe(true);
    }
  });

  test.prop([fc.array(fc.tuple(key, fc.nat({ max: 8 }), fc.nat({ max: 8 })), { maxLength: 60 }), bitsPerKey])(
    'a key is found whether it is given as a view into a larger buffer or as a copy',
    (parts, bits) => {
      const views = parts.map(([k, before, after]) => viewInto(k, { before, after, fill: 0xa5 }));
      const copies = parts.map(([k]) => Uint8Array.from(k));
      const fromViews = BloomFilter.build(views, bits);
      const fromCopies = BloomFilter.build(copies, bits);
      for (const k of copies) {
        expect(
          fromViews.mayContain(k),
          `built from views, the filter said no to ${show(k)}: hash the key's own bytes`,
        ).toBe(true);
      }
      for (const v of views) {
        expect(
          fromCopies.mayContain(v),
          `asked with a view, the filter said no to ${show(v)}: hash the key's own bytes`,
        ).toBe(true);
      }
    },
  );

  test.prop([fc.uint8Array({ maxLength: 16 })])('a filter built from no keys says "no" to every key', (k) => {
    const empty = BloomFilter.build([], 10);
    expect(empty.bitCount, `an empty filter still has MIN_FILTER_BITS = ${MIN_FILTER_BITS} bits`).toBe(MIN_FILTER_BITS);
    expect(empty.mayContain(k), 'an empty filter has no bits set, so every answer is "no"').toBe(false);
  });
});

describe('false positives match the theory', () => {
  // A fixed seed: these measure a rate, so the sample must be the same on every run. 10,000
  // keys in and 50,000 keys out give a standard error of about 5 % of the rate.
  const random = seededRandom(8_0808);
  const present = randomKeys(random, 10_000, 0);
  const absent = randomKeys(random, 50_000, 128); // first byte >= 128: never among `present`

  it('the false-positive rate at 10 bits per key is within 1.5 times the theoretical rate', () => {
    const filter = BloomFilter.build(present, 10);
    const theory = theoreticalFalsePositiveRate(10, probesForBitsPerKey(10));
    const rate = measuredRate((k) => filter.mayContain(k), absent);
    const percent = (r: number): string => `${(r * 100).toFixed(3)} %`;
    expect(
      rate <= theory * 1.5,
      `measured ${percent(rate)} false positives, theory says ${percent(theory)}: are the probes spread over all the bits (delta added, modulo the bit count)?`,
    ).toBe(true);
    expect(
      rate >= theory / 1.5,
      `measured ${percent(rate)} false positives, far below the theory's ${percent(theory)}: is the filter bigger than bitsPerKey bits per key?`,
    ).toBe(true);
  });

  it('a policy built for a 1 % target rate measures between 0.67 % and 1.5 %', () => {
    const policy = new BloomFilterPolicy({ falsePositiveRate: 0.01 });
    const filter = policy.createFilter(present);
    const rate = measuredRate((k) => policy.mayContain(filter, k), absent);
    expect(rate, `measured ${(rate * 100).toFixed(3)} % for a target of 1 %`).toBeLessThanOrEqual(0.015);
    expect(rate, `measured ${(rate * 100).toFixed(3)} % for a target of 1 %`).toBeGreaterThanOrEqual(0.01 / 1.5);
  });
});

describe('the stored filter', () => {
  test.prop([keys, bitsPerKey, fc.array(key, { minLength: 50, maxLength: 200 })])(
    'a filter survives encode and decode: the same bits, the same probes, the same answers',
    (ks, bits, others) => {
      const filter = BloomFilter.build(ks, bits);
      const bytes = filter.encode();
      expect(bytes[bytes.length - 1], 'the last byte of an encoded filter is its number of probes').toBe(filter.probes);
      const decoded = BloomFilter.decode(bytes);
      expect(decoded.probes, 'the decoded filter lost its number of probes').toBe(filter.probes);
      expect(decoded.bitCount, 'the decoded filter has another number of bits').toBe(filter.bitCount);
      expect(hexOf(decoded.encode()), 'encoding the decoded filter gave other bytes').toBe(hexOf(bytes));
      for (const k of others) {
        expect(decoded.mayContain(k), `the decoded filter answers differently for ${show(k)}`).toBe(
          filter.mayContain(k),
        );
      }
    },
  );

  it('the filter of apple, banana and cherry at 10 bits per key is exactly these bytes', () => {
    const filter = BloomFilter.build(['apple', 'banana', 'cherry'].map(utf8), 10);
    expect(hexOf(filter.encode()), '8 bytes of bits (bit p is bit p % 8 of byte p / 8), then the probe count 7').toBe(
      '895860840235320407',
    );
  });

  it('decoding rejects a filter too short to hold 64 bits and a probe count, naming the length', () => {
    for (const length of [0, 1, 8]) {
      const error = rejection(
        CorruptFilterError,
        () => BloomFilter.decode(new Uint8Array(length).fill(7)),
        `a ${length}-byte filter`,
      );
      expect(error.check, 'the error must name the failed check').toBe('length');
    }
  });

  test.prop([fc.constantFrom(0, 31, 32, 200, 255)])(
    'decoding rejects a probe-count byte of 0 or over 30, naming the probes',
    (probes) => {
      const bytes = new Uint8Array(9);
      bytes[8] = probes;
      const error = rejection(CorruptFilterError, () => BloomFilter.decode(bytes), `a probe count of ${probes}`);
      expect(error.check, 'the error must name the failed check').toBe('probes');
    },
  );
});

describe('the filter policy', () => {
  test.prop([keys, fc.array(key, { maxLength: 50 })])(
    'the default policy (10 bits per key) has no false negatives and stores 7 probes',
    (ks, others) => {
      const policy = new BloomFilterPolicy();
      const filter = policy.createFilter(ks);
      expect(filter[filter.length - 1], 'the default policy uses 10 bits per key, so 7 probes').toBe(7);
      for (const k of ks)
        expect(policy.mayContain(filter, k), `the policy said no to ${show(k)}, which it holds`).toBe(true);
      const reference = BloomFilter.decode(filter);
      for (const k of others)
        expect(policy.mayContain(filter, k), 'the policy and the filter disagree').toBe(reference.mayContain(k));
    },
  );
});
