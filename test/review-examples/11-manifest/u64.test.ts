// Catches: a u64 is written as 32 bits (numbers past 4 GiB wrap)
//
// A reference review test (see cli/review-examples.ts): a u64 field holds every safe integer.
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { EditReader, EditWriter } from '@ferris/11-manifest/edit-codec.ts';

test.prop([fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER })])('a u64 comes back as it was written', (n) => {
  expect(new EditReader(new EditWriter().u64(n).finish()).u64(), 'the number read back').toBe(n);
});
