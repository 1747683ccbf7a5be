// Catches: the cache counts blocks instead of bytes
//
// A reference review test (see cli/review-examples.ts): the cache's budget is in bytes.
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { BlockCache } from '@ferris/13-performance/block-cache.ts';

test.prop([fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 5 })])(
  'usedBytes is the sum of the lengths of the blocks in a cache large enough for all of them',
  (lengths) => {
    const cache = new BlockCache(1000);
    lengths.forEach((n, i) => cache.set(`block ${i}`, new Uint8Array(n)));
    expect(cache.usedBytes, 'bytes, not blocks').toBe(lengths.reduce((a, b) => a + b, 0));
  },
);
