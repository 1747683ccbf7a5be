/**
 * Lesson 08, the filter at its edges: stored filters that are views into a bigger buffer (a table
 * reader may hand over the filter where it sits in the meta block), the limits exactly, and a bad
 * size refused on every route into the policy. What it catches:
 *
 * - "a stored filter given as a view into a bigger buffer answers like the filter itself":
 *   decode() taking the bits with `new Uint8Array(bytes.buffer, 0, n)`, from the start of the
 *   buffer instead of the view (the bits are then other bytes of the block: false negatives).
 * - "filters at exactly MIN_PROBES and MAX_PROBES probes, and at exactly MAX_BITS_PER_KEY bits per
 *   key, are built, stored and read back": a probe count of exactly 30 (or 1) refused on decode
 *   (`>=` for `>`), so a table written with 44 or more bits per key can never be read with its filter.
 * - "a policy with bits per key outside (0, 100] is refused when it is made": a constructor that
 *   takes the options as they come, so the RangeError waits for the first table written with it
 *   (in the middle of a flush) instead of the line that made the policy.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  BloomFilter,
  BloomFilterPolicy,
  MAX_BITS_PER_KEY,
  MAX_PROBES,
  MIN_PROBES,
} from '@ferris/08-bloom-filter/bloom.ts';
import { hexOf, viewInto } from '../shared/bytes.ts';
import { thrown } from '../shared/errors.ts';

const key = fc.uint8Array({ maxLength: 24 });
const around = fc.record({
  before: fc.integer({ min: 1, max: 40 }),
  after: fc.nat(40),
  fill: fc.constantFrom(0, 0xff),
});

describe('views into bigger buffers', () => {
  test.prop([fc.array(key, { maxLength: 80 }), fc.array(key, { maxLength: 40 }), around])(
    'a stored filter given as a view into a bigger buffer answers like the filter itself',
    (keys, others, at) => {
      const policy = new BloomFilterPolicy();
      const stored = policy.createFilter(keys.map((k) => viewInto(k, at)));
      const inBlock = viewInto(stored, at);
      const decoded = BloomFilter.decode(inBlock);
      expect(hexOf(decoded.encode()), "a filter decoded from a view must hold the view's bytes").toBe(hexOf(stored));
      for (const k of keys) {
        expect(
          policy.mayContain(inBlock, viewInto(k, at)),
          `the filter, given as a view ${at.before} bytes into a bigger buffer, said no to key ${hexOf(k)}, which it holds`,
        ).toBe(true);
      }
      for (const k of others) {
        expect(policy.mayContain(inBlock, k), `the filter as a view and as a copy disagree about key ${hexOf(k)}`).toBe(
          policy.mayContain(Uint8Array.from(stored), k),
        );
      }
    },
  );
});

describe('limits exactly', () => {
  test.prop([fc.array(key, { maxLength: 60 }), fc.constantFrom(0.01, 0.5, 44, 60, MAX_BITS_PER_KEY)])(
    'filters at exactly MIN_PROBES and MAX_PROBES probes, and at exactly MAX_BITS_PER_KEY bits per key, are built, stored and read back',
    (keys, bits) => {
      const filter = BloomFilter.build(keys, bits);
      const want = bits < 1 ? MIN_PROBES : bits >= 44 ? MAX_PROBES : filter.probes;
      expect(filter.probes, `${bits} bits per key`).toBe(want);
      const decoded = BloomFilter.decode(filter.encode());
      expect(decoded.probes, `a stored filter with ${want} probes (${bits} bits per key) must be read back`).toBe(want);
      for (const k of keys) {
        expect(decoded.mayContain(k), `read back, the filter said no to key ${hexOf(k)}, which it holds`).toBe(true);
      }
    },
  );

  it('a policy with bits per key outside (0, 100], or a rate that needs more, is refused when it is made', () => {
    for (const bitsPerKey of [0, -1, MAX_BITS_PER_KEY + 0.001, Number.NaN, Number.POSITIVE_INFINITY]) {
      thrown(
        RangeError,
        () => new BloomFilterPolicy({ bitsPerKey }),
        `new BloomFilterPolicy({ bitsPerKey: ${bitsPerKey} })`,
      );
    }
    for (const falsePositiveRate of [0, 1, 1e-40]) {
      thrown(
        RangeError,
        () => new BloomFilterPolicy({ falsePositiveRate }),
        `new BloomFilterPolicy({ falsePositiveRate: ${falsePositiveRate} })`,
      );
    }
    expect(
      new BloomFilterPolicy({ bitsPerKey: MAX_BITS_PER_KEY }).bitsPerKey,
      'exactly MAX_BITS_PER_KEY is allowed',
    ).toBe(MAX_BITS_PER_KEY);
  });
});
