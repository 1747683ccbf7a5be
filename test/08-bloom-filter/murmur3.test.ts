/**
 * Lesson 08, the hash: MurmurHash3_x86_32. Published vectors make "passes" mean "agrees with
 * every other MurmurHash3 in the world". Each check targets a bug learners really write:
 *
 * - "agrees with the published vectors ..." (empty input, one to three tail bytes, whole blocks,
 *   text): plain `*` instead of `Math.imul` (a double loses the low bits of a 64-bit product),
 *   blocks read big-endian, the tail bytes ignored or mixed in without the scramble, the length
 *   not mixed in, the seed ignored, a wrong rotation.
 * - "passes SMHasher's verification test": the same bugs, over every length from 0 to 255.
 * - "always returns an unsigned 32-bit integer": a result left signed (no `>>> 0` at the end),
 *   so half the hashes come out negative.
 * - "hashes a view into a larger buffer exactly like a copy of its bytes": reading the view's
 *   whole `.buffer` (through a DataView, say) instead of the bytes the view covers.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { murmur3_32 } from '@ferris/08-bloom-filter/murmur3.ts';
import { fromHex, utf8, viewBetween } from '../shared/bytes.ts';

const show = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/** Checks every vector and reports all mismatches at once, in words. */
function checkVectors(vectors: ReadonlyArray<readonly [string, Uint8Array, number, number]>): void {
  const wrong = vectors
    .map(([label, bytes, seed, expected]) => ({ label, seed, expected, actual: murmur3_32(bytes, seed) }))
    .filter((v) => v.actual !== v.expected)
    .map(
      (v) =>
        `murmur3_32(${v.label}, seed ${show(v.seed)}) returned ${show(v.actual)} (${v.actual}), expected ${show(v.expected)}`,
    );
  expect(wrong, `these hashes disagree with the published MurmurHash3_x86_32:\n${wrong.join('\n')}`).toEqual([]);
}

describe('MurmurHash3_x86_32 agrees with the world', () => {
  // Seeds 0, 1 and 0xffffffff on empty input: SMHasher's reference, also in Bitcoin Core's tests.
  it('agrees with the published vectors for the empty input (only the seed and the final mix)', () => {
    checkVectors([
      ['""', new Uint8Array(0), 0, 0x00000000],
      ['""', new Uint8Array(0), 1, 0x514e28b7],
      ['""', new Uint8Array(0), 0xffffffff, 0x81f16f39],
      ['""', new Uint8Array(0), 0xfba4c795, 0x6a396f08],
    ]);
  });

  // Bitcoin Core's src/test/hash_tests.cpp: lengths 1 to 9 cover the tail of 1, 2 and 3 bytes
  // and one and two whole blocks.
  it('agrees with the published vectors for one to three tail bytes', () => {
    checkVectors([
      ['00', fromHex('00'), 0, 0x514e28b7],
      ['00', fromHex('00'), 0xfba4c795, 0xea3f0b17],
      ['ff', fromHex('ff'), 0, 0xfd6cf10d],
      ['0011', fromHex('0011'), 0, 0x16c6b7ab],
      ['001122', fromHex('001122'), 0, 0x8eb51c3d],
    ]);
  });

  it('agrees with the published vectors for whole 4-byte blocks and blocks followed by a tail', () => {
    checkVectors([
      ['00112233', fromHex('00112233'), 0, 0xb4471bf8],
      ['0011223344', fromHex('0011223344'), 0, 0xe2301fa8],
      ['001122334455', fromHex('001122334455'), 0, 0xfc2e4a15],
      ['00112233445566', fromHex('00112233445566'), 0, 0xb074502c],
      ['0011223344556677', fromHex('0011223344556677'), 0, 0x8034d2a0],
      ['001122334455667788', fromHex('001122334455667788'), 0, 0xb4698def],
      ['ffffffff', fromHex('ffffffff'), 0, 0x76293b50],
      ['21436587', fromHex('21436587'), 0, 0xf55b516b],
      ['21436587', fromHex('21436587'), 0x5082edee, 0x2362f9de],
    ]);
  });

  it('agrees with the published vectors for text (UTF-8 bytes)', () => {
    const fox = 'The quick brown fox jumps over the lazy dog';
    checkVectors([
      ['"hello"', utf8('hello'), 0, 0x248bfa47],
      ['"test"', utf8('test'), 0, 0xba6bd213],
      ['"test"', utf8('test'), 0x9747b28c, 0x704b81dc],
      ['"Hello, world!"', utf8('Hello, world!'), 0, 0xc0363e43],
      ['"Hello, world!"', utf8('Hello, world!'), 0x9747b28c, 0x24884cba],
      [`"${fox}"`, utf8(fox), 0, 0x2e4ff723],
      [`"${fox}"`, utf8(fox), 0x9747b28c, 0x2fa826cd],
    ]);
  });

  // SMHasher's VerificationTest: hash [], [0], [0, 1], ... [0..254] with seed 256 - length, write
  // each hash as 4 little-endian bytes, hash those 1024 bytes with seed 0.
  it("passes SMHasher's verification test (0xB0F57EE3 over every length from 0 to 255)", () => {
    const key = new Uint8Array(256);
    const hashes = new Uint8Array(1024);
    const view = new DataView(hashes.buffer);
    for (let length = 0; length < 256; length++) {
      key[length] = length;
      view.setUint32(length * 4, murmur3_32(key.slice(0, length), 256 - length), true);
    }
    const verification = murmur3_32(hashes, 0);
    expect(show(verification), 'the verification value differs: some length or seed hashes wrongly').toBe('0xb0f57ee3');
  });
});

describe('MurmurHash3 in JavaScript numbers', () => {
  test.prop([fc.uint8Array({ maxLength: 40 }), fc.integer({ min: 0, max: 0xffffffff })])(
    'always returns an unsigned 32-bit integer',
    (bytes, seed) => {
      const h = murmur3_32(bytes, seed);
      expect(
        Number.isInteger(h) && h >= 0 && h <= 0xffffffff,
        `got ${h}: end with >>> 0 to make the result unsigned`,
      ).toBe(true);
    },
  );

  test.prop([
    fc.uint8Array({ maxLength: 24 }),
    fc.uint8Array({ minLength: 1, maxLength: 24 }),
    fc.uint8Array({ maxLength: 8 }),
    fc.nat(),
  ])('hashes a view into a larger buffer exactly like a copy of its bytes', (before, bytes, after, seed) => {
    const view = viewBetween(before, bytes, after);
    expect(
      murmur3_32(view, seed),
      'a subarray hashed differently from a copy of the same bytes: read only the view, from its byteOffset, for its length',
    ).toBe(murmur3_32(Uint8Array.from(bytes), seed));
  });
});
