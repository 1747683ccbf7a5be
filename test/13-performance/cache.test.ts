/**
 * Lesson 13, the block cache. What each property catches:
 *
 * - "the cache never holds more bytes than its capacity": counting blocks instead of bytes,
 *   forgetting to subtract an evicted (or replaced) block's bytes, evicting one block when the
 *   new one needs the room of several.
 * - "a block read back from the cache is the block stored under that key": a stale block kept
 *   after a replace, a get that returns the wrong entry.
 * - "the block just used is the last to go": evicting the most recently used block (a stack, not
 *   LRU), a get that does not refresh the block's place.
 * - "cached reads return the same bytes as uncached reads, for every file and offset": a cache key
 *   that leaves out the file (two tables share offsets) or the offset or the length.
 * - "an engine with a block cache answers like one without": all of the above, inside lesson 10.
 */
import { expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import { BlockCache, cachedFileSystem } from '@ferris/13-performance/block-cache.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { fromHex, hexOf } from '../shared/bytes.ts';
import { applyOps, dbScan, describeOps, modelScan, op, type Model } from '../10-lsm-engine/helpers.ts';

type CacheOp = { kind: 'set'; key: string; size: number; fill: number } | { kind: 'get'; key: string };
const cacheKey = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f');
const cacheOp: fc.Arbitrary<CacheOp> = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    key: cacheKey,
    size: fc.integer({ min: 0, max: 60 }),
    fill: fc.nat(255),
  }),
  fc.record({ kind: fc.constant('get' as const), key: cacheKey }),
);

test.prop([fc.integer({ min: 0, max: 120 }), fc.array(cacheOp, { maxLength: 60 })])(
  'the cache never holds more bytes than its capacity, and a block read back is the block stored under that key',
  (capacity, ops) => {
    const cache = new BlockCache(capacity);
    const stored = new Map<string, Uint8Array>();
    for (const [i, o] of ops.entries()) {
      if (o.kind === 'set') {
        const block = new Uint8Array(o.size).fill(o.fill);
        cache.set(o.key, block);
        stored.set(o.key, block);
      } else {
        const got = cache.get(o.key);
        if (got !== undefined)
          expect(
            Array.from(got),
            `after step ${i}, get(${o.key}) returned a block that is not the last one stored under ${o.key}`,
          ).toEqual(Array.from(stored.get(o.key)!));
      }
      const held = cache.keys();
      const bytes = held.reduce((n, k) => n + stored.get(k)!.length, 0);
      expect(
        bytes,
        `after step ${i} the cache holds ${held.length} blocks of ${bytes} bytes in all, over its capacity of ${capacity} bytes`,
      ).toBeLessThanOrEqual(capacity);
      expect(cache.usedBytes, `after step ${i}, usedBytes does not add up the bytes of the blocks held`).toBe(bytes);
    }
  },
);

test.prop([fc.integer({ min: 2, max: 8 }), fc.nat(7)])(
  'the block just used is the last to go when the cache is full',
  (count, pick) => {
    const cache = new BlockCache(count * 10);
    for (let i = 0; i < count; i++) cache.set(`k${i}`, new Uint8Array(10));
    const used = `k${pick % count}`;
    expect(cache.get(used), `${used} was stored and the cache has room for all ${count} blocks`).toBeDefined();
    cache.set('new', new Uint8Array(10));
    expect(
      cache.keys(),
      `one block had to go for the new one; ${used} was just read, so the least recently used block should have gone instead`,
    ).toContain(used);
    expect(cache.size, `the cache has room for ${count} blocks of 10 bytes`).toBe(count);
  },
);

it('a block larger than the whole capacity is not stored', () => {
  const cache = new BlockCache(10);
  cache.set('small', new Uint8Array(4));
  cache.set('big', new Uint8Array(11));
  expect(cache.get('big'), 'an 11-byte block in a 10-byte cache').toBeUndefined();
  expect(cache.get('small'), 'storing a block that cannot fit must not evict the others for nothing').toBeDefined();
});

const region = fc.tuple(fc.nat(200), fc.integer({ min: 0, max: 40 }));
test.prop([
  fc.uint8Array({ minLength: 240, maxLength: 240 }),
  fc.uint8Array({ minLength: 240, maxLength: 240 }),
  fc.array(fc.tuple(fc.boolean(), region), { minLength: 1, maxLength: 40 }),
  fc.integer({ min: 0, max: 400 }),
])(
  'cached reads return the same bytes as uncached reads, for every file and offset',
  async (first, second, reads, capacity) => {
    const fs = new SimulatedFileSystem({ seed: 1 });
    for (const [name, bytes] of [
      ['one.sst', first],
      ['two.sst', second],
    ] as const) {
      const file = await fs.openAppend(name);
      await file.append(bytes);
      await file.close();
    }
    const cached = cachedFileSystem(fs, new BlockCache(capacity));
    const files = { one: await cached.openRead('one.sst'), two: await cached.openRead('two.sst') };
    const source = { one: first, two: second };
    for (const [useTwo, [offset, length]] of reads) {
      const name = useTwo ? 'two' : 'one';
      const got = await files[name].read(offset, length);
      expect(
        Array.from(got),
        `read(${offset}, ${length}) of ${name}.sst through the cache gave other bytes than the file holds`,
      ).toEqual(Array.from(source[name].subarray(offset, offset + length)));
    }
  },
);

test.prop(
  [
    fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 25 }),
    fc.integer({ min: 0, max: 3000 }),
  ],
  { numRuns: 40 },
)('an engine with a block cache answers like one without', async (writes, capacity) => {
  const fs = new SimulatedFileSystem({ seed: 2 });
  const cache = new BlockCache(capacity);
  const db = await openDb(fs, 'db', {
    memtableBytes: 64,
    blockSize: 64,
    tableFileSystem: (inner) => cachedFileSystem(inner, cache),
  });
  const model: Model = new Map();
  for (const ops of writes) {
    for (const o of ops) await (o.kind === 'put' ? db.put(o.key, o.value) : db.delete(o.key));
    applyOps(model, ops);
  }
  await db.flush();
  for (let pass = 0; pass < 2; pass++) {
    expect(await dbScan(db), `scan (pass ${pass + 1}) after ${writes.map((w) => describeOps(w)).join('; ')}`).toEqual(
      modelScan(model),
    );
    for (const k of model.keys()) {
      const got = await db.get(fromHex(k));
      expect(got && hexOf(got), `get(${k}) (pass ${pass + 1})`).toBe(hexOf(model.get(k)!));
    }
  }
  await db.close();
});
