// Catches: finish() returns a view of the builder's buffer, which the next block overwrites
//
// A reference review test (see cli/review-examples.ts): a finished block belongs to the caller.
import { expect, it } from 'vitest';
import { BlockBuilder } from '@ferris/06-block/block-builder.ts';

it('a block finish() returned does not change when the builder builds the next block', () => {
  const builder = new BlockBuilder();
  builder.add(new Uint8Array([1]), new Uint8Array([1, 1, 1]));
  const first = builder.finish();
  const copy = Uint8Array.from(first);
  builder.add(new Uint8Array([2]), new Uint8Array([2, 2, 2]));
  builder.finish();
  expect([...first], 'the first block is unchanged').toEqual([...copy]);
});
