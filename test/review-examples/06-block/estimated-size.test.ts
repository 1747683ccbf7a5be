// Catches: estimatedSize() forgets the checksum
//
// A reference review test (see cli/review-examples.ts): the estimate is exact.
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { BlockBuilder } from '@ferris/06-block/block-builder.ts';

test.prop([fc.integer({ min: 0, max: 20 })])('estimatedSize() is exactly the length finish() returns', (count) => {
  const builder = new BlockBuilder();
  for (let i = 0; i < count; i++) builder.add(Uint8Array.from([i]), new Uint8Array(i));
  const estimate = builder.estimatedSize();
  expect(builder.finish().length, 'the block is as long as estimated').toBe(estimate);
});
