// Catches: forgets the final inversion
//
// A reference review test (see cli/review-examples.ts): CRC32C has a published check value, the
// checksum of the ASCII digits "123456789", and a continued checksum equals the one over the
// joined bytes.
import { expect, it } from 'vitest';
import { crc32c } from '@ferris/02-serialization/crc32c.ts';

it('crc32c of "123456789" is the published check value, also when computed in two parts', () => {
  const digits = new TextEncoder().encode('123456789');
  expect(crc32c(digits), 'the CRC32C check value').toBe(0xe3069283);
  expect(crc32c(digits.subarray(4), crc32c(digits.subarray(0, 4))), 'continued over the rest').toBe(0xe3069283);
});
