// Catches: an option limit off by one: the smallest allowed value is refused
//
// A reference review test (see cli/review-examples.ts): a limit is inclusive, so the smallest
// allowed memtable size is accepted.
import { expect, it } from 'vitest';
import { MIN_MEMTABLE_BYTES, resolveOptions } from '@ferris/10-lsm-engine/options.ts';

it('memtableBytes of exactly MIN_MEMTABLE_BYTES is accepted', () => {
  expect(resolveOptions({ memtableBytes: MIN_MEMTABLE_BYTES }).memtableBytes, 'the smallest allowed size').toBe(
    MIN_MEMTABLE_BYTES,
  );
});
