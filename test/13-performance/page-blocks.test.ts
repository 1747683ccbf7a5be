/**
 * Lesson 13, decoded blocks kept beside the held pages they are views of (`PageBlocks` in
 * page-blocks.ts, with `BlockCache.delete`), and the given record of held pages in
 * table-pages.ts. What each property catches:
 *
 * - "every read of a paged file inside one page is a view of a page the budget holds...": pages
 *   never recorded as held, pages still recorded once their file is closed.
 * - "blocks over held pages are kept beside them...": a get that asks only the LRU cache, blocks
 *   over pages counted in the LRU's bytes, blocks not over a held page kept outside the LRU (no
 *   bound), an older block of the same key left in either place, a `delete` that keeps the bytes
 *   counted, a released page that leaves its blocks behind, a replaced block still listed under
 *   its old page (so that releasing that page drops the new block); and in the given record of
 *   held pages, a page found by its buffer alone (a small last page shares a read slab with other
 *   reads), a view that runs past the page's end, a release that tells no listener or tells it
 *   of a page not held.
 * - "an engine with blocks kept beside its pages answers like the model...": all of it inside
 *   lesson 10's engine as compaction closes tables, and no block kept once every table is closed.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { Block } from '@ferris/06-block/block.ts';
import { BlockBuilder } from '@ferris/06-block/block-builder.ts';
import { BlockCache } from '@ferris/13-performance/block-cache.ts';
import { PageBlocks } from '@ferris/13-performance/page-blocks.ts';
import { PAGE_BYTES, PageBudget, tablePages } from '@ferris/13-performance/table-pages.ts';
import type { FileSystem } from '@support/fs.ts';
import { freshDisk, writeDurably } from '../shared/disk.ts';
import { op } from '../10-lsm-engine/helpers.ts';
import { engineMatchesModel } from './engine-model.ts';

/**
 * Four pages in two buffers, as the pages of real files lie: three cut one after another from one
 * buffer (a read slab holds small last pages next to each other), and one with a buffer of its own.
 */
function fourPages(): Uint8Array[] {
  const slab = new ArrayBuffer(256);
  return [
    new Uint8Array(slab, 0, 64),
    new Uint8Array(slab, 64, 64),
    new Uint8Array(slab, 128, 40),
    new Uint8Array(new ArrayBuffer(96)),
  ];
}
const pageIndex = fc.integer({ min: 0, max: 3 });

/** A view into the buffer of page `page`, anywhere in that buffer: inside a page, across two, or past one. */
const viewShape = fc.record({ page: pageIndex, start: fc.nat({ max: 255 }), length: fc.nat({ max: 100 }) });
type ViewShape = typeof viewShape extends fc.Arbitrary<infer T> ? T : never;

function viewOf(pages: readonly Uint8Array[], { page, start, length }: ViewShape): Uint8Array {
  const buffer = pages[page]!.buffer;
  const from = Math.min(start, buffer.byteLength);
  return new Uint8Array(buffer, from, Math.min(length, buffer.byteLength - from));
}

const inside = (view: Uint8Array, page: Uint8Array) =>
  view.buffer === page.buffer &&
  view.byteOffset >= page.byteOffset &&
  view.byteOffset + view.byteLength <= page.byteOffset + page.byteLength;

test.prop([
  fc.integer({ min: 1, max: 3 * PAGE_BYTES + 100 }),
  fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 5000 })), {
    minLength: 1,
    maxLength: 8,
  }),
  fc.boolean(),
])(
  'every read of a paged file inside one page is a view of a page the budget holds while the file is open, and of none once it is closed',
  async (size, shapes, room) => {
    const sim = await freshDisk();
    await writeDurably(
      sim,
      'db/t.sst',
      Uint8Array.from({ length: size }, (_, i) => i & 0xff),
    );
    const budget = new PageBudget(room ? 64 * PAGE_BYTES : 0);
    let releases = 0;
    budget.onRelease(() => releases++);
    const file = await tablePages(sim, budget).openRead('db/t.sst');
    const views: Uint8Array[] = [];
    const touched = new Set<number>();
    for (const [at, wanted] of shapes) {
      const offset = Math.floor(at * (size - 1));
      const page = Math.floor(offset / PAGE_BYTES);
      const length = Math.min(wanted, Math.min(size, (page + 1) * PAGE_BYTES) - offset);
      views.push(await file.read(offset, length));
      touched.add(page);
    }
    const story = `a file of ${size} bytes, ${room ? 'room for every page' : 'a budget of 0'}, reads inside one page at ${shapes.map(([a, n]) => `${a.toFixed(3)}+${n}`).join(', ')}`;
    for (const [i, view] of views.entries()) {
      const page = budget.pageHolding(view);
      expect(page !== undefined && inside(view, page), `${story}: read ${i + 1} is a view of a held page`).toBe(room);
    }
    await file.close();
    for (const [i, view] of views.entries()) {
      expect(budget.pageHolding(view), `${story}: read ${i + 1} once the file is closed`).toBeUndefined();
    }
    expect(releases, `${story}: pages the listener was told were released`).toBe(room ? touched.size : 0);
  },
);

/** A real block (one entry, key `key`), its bytes written into `into` at `at` when given. */
function makeBlock(key: number, into?: Uint8Array, at = 0): Block {
  const builder = new BlockBuilder();
  builder.add(Uint8Array.of(key), Uint8Array.of(key, key));
  const bytes = builder.finish();
  if (into === undefined) return Block.decode(bytes);
  into.set(bytes, at);
  return Block.decode(into.subarray(at, at + bytes.length));
}

const KEYS = ['a', 'b', 'c'];
const blocksOp = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    key: fc.constantFrom(...KEYS),
    page: fc.option(pageIndex, { nil: undefined }),
    at: fc.nat({ max: 16 }),
  }),
  fc.record({ kind: fc.constant('hold' as const), page: pageIndex }),
  fc.record({ kind: fc.constant('release' as const), page: pageIndex }),
  fc.record({ kind: fc.constant('ask' as const), view: viewShape }),
);
type BlocksOp = typeof blocksOp extends fc.Arbitrary<infer T> ? T : never;
const describeBlocksOp = (o: BlocksOp) =>
  o.kind === 'set'
    ? `set(${o.key}, ${o.page === undefined ? 'own bytes' : `in page ${o.page} at ${o.at}`})`
    : o.kind === 'ask'
      ? `pageHolding(${JSON.stringify(o.view)})`
      : `${o.kind}(${o.page})`;

test.prop([fc.array(blocksOp, { minLength: 1, maxLength: 30 })])(
  'blocks over held pages are kept beside them and cost the LRU nothing; a get gives the block set last under its key; a released page takes its blocks with it; a view is in a held page only when it lies within one; each release is told once',
  (ops) => {
    const pages = fourPages();
    const budget = new PageBudget();
    for (const page of pages) budget.hold(page);
    const held = new Set([0, 1, 2, 3]);
    const lru = new BlockCache<Block>(1024 * 1024);
    const blocks = new PageBlocks(lru, budget);
    const released: number[] = [];
    budget.onRelease((page) => released.push(pages.indexOf(page)));
    // The model: each key's last block, and the page it is beside (null: in the LRU cache).
    const model = new Map<string, { block: Block; page: number | null }>();
    for (const [i, o] of ops.entries()) {
      if (o.kind === 'set') {
        const block = o.page === undefined ? makeBlock(i & 0xff) : makeBlock(i & 0xff, pages[o.page]!, o.at);
        blocks.set(o.key, block);
        model.set(o.key, { block, page: o.page !== undefined && held.has(o.page) ? o.page : null });
      } else if (o.kind === 'hold') {
        budget.hold(pages[o.page]!);
        held.add(o.page);
      } else if (o.kind === 'release') {
        const before = released.length;
        budget.release(pages[o.page]!);
        expect(
          released.slice(before),
          `${describeBlocksOp(o)} (op ${i + 1}): the pages a listener was told of`,
        ).toEqual(held.has(o.page) ? [o.page] : []);
        if (held.delete(o.page)) for (const [k, m] of model) if (m.page === o.page) model.delete(k);
      }
      const story = `after ${ops
        .slice(0, i + 1)
        .map(describeBlocksOp)
        .join(', ')}`;
      if (o.kind === 'ask') {
        const view = viewOf(pages, o.view);
        const got = budget.pageHolding(view);
        expect(got === undefined ? undefined : pages.indexOf(got), `${story}: the held page holding the view`).toBe(
          [...held].find((p) => inside(view, pages[p]!)),
        );
      }
      for (const key of KEYS) {
        expect(blocks.get(key), `${story}: get(${key}) is the block set last under it`).toBe(model.get(key)?.block);
      }
      const inLru = [...model.values()].filter((m) => m.page === null);
      expect(lru.usedBytes, `${story}: the LRU's bytes are those of the blocks not over a held page`).toBe(
        inLru.reduce((n, m) => n + m.block.byteLength, 0),
      );
      expect(blocks.size, `${story}: blocks kept beside held pages`).toBe(model.size - inLru.length);
    }
  },
);

test.prop(
  [
    fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 40 }),
    fc.oneof(fc.constantFrom(0, 300, 100_000), fc.integer({ min: 0, max: 3000 })),
    fc.integer({ min: 0, max: 2000 }),
  ],
  { numRuns: 30 },
)(
  'an engine with blocks kept beside its pages answers like the model as compaction closes tables, and keeps no such block once every table is closed',
  async (writes, limit, capacity) => {
    const budget = new PageBudget(limit);
    const lru = new BlockCache<Block>(capacity);
    const blocks = new PageBlocks(lru, budget);
    await engineMatchesModel({
      writes,
      options: { blockCache: blocks, tableFileSystem: (inner: FileSystem) => tablePages(inner, budget) },
      setting: `a page budget of ${limit} bytes and an LRU of ${capacity}`,
      invariant: (what) => expect(lru.usedBytes, `the LRU's bytes ${what}`).toBeLessThanOrEqual(capacity),
      afterFlush: ['twice after the flush (the second time from the blocks kept)', 'again'],
      closed: (when) => expect(blocks.size, `blocks kept beside pages ${when} (every table closed)`).toBe(0),
    });
  },
);
