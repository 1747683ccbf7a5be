// Catches: ignores the seed
//
// A reference review test (see cli/review-examples.ts): MurmurHash3 x86_32's published values
// for the empty input depend on the seed alone.
import { expect, it } from 'vitest';
import { murmur3_32 } from '@ferris/08-bloom-filter/murmur3.ts';

it('murmur3_32 of no bytes is 0 with seed 0, 0x514e28b7 with seed 1 and 0x81f16f39 with seed 0xffffffff', () => {
  const empty = new Uint8Array(0);
  expect(murmur3_32(empty, 0), 'seed 0').toBe(0);
  expect(murmur3_32(empty, 1), 'seed 1').toBe(0x514e28b7);
  expect(murmur3_32(empty, 0xffffffff), 'seed 0xffffffff').toBe(0x81f16f39);
});
