/**
 * Lesson 13, the block cache at its exact limits. Generators that pick sizes at random rarely
 * make blocks that add up to exactly the capacity, where `>` and `>=` part ways. What it catches:
 *
 * - "blocks that add up to exactly the capacity are all kept": refusing a block exactly as large
 *   as the whole capacity (`size >= capacity`), or evicting when the cache would be exactly full
 *   (`used + size >= capacity`).
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { BlockCache } from '@ferris/13-performance/block-cache.ts';

test.prop([fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 8 })])(
  'blocks that add up to exactly the capacity are all kept',
  (sizes) => {
    const capacity = sizes.reduce((n, s) => n + s, 0);
    const cache = new BlockCache(capacity);
    sizes.forEach((size, i) => cache.set(`b${i}`, new Uint8Array(size).fill(i)));
    const story = `blocks of ${sizes.join(', ')} bytes in a cache of exactly ${capacity} bytes`;
    expect(cache.usedBytes, `${story}: bytes held`).toBe(capacity);
    sizes.forEach((size, i) => {
      expect(
        cache.get(`b${i}`)?.length,
        `${story}: block b${i} (${size} bytes) must still be there, nothing needed the room`,
      ).toBe(size);
    });
  },
);
