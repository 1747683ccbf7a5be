/**
 * Lesson 07, what the reader reads. A file system that records every read lets these properties
 * say which blocks were read, using the test's own parse of the table. Each targets a bug:
 *
 * - "opening a table reads no data block": open() reading the whole file (fs.readFile) or
 *   scanning the data blocks to build something in memory.
 * - "get reads at most one data block": get() reading the next block too when the key is not in
 *   the first (a symptom of an index key that is too large), reading a block twice, reading the
 *   whole data region.
 * - "a full scan reads every data block once, in order": an iterator that re-reads its block on
 *   every next(), or reads ahead of itself.
 * - "seek reads just the block that holds the entry it lands on": an index key that is too large
 *   (the seek lands in the block before, finds nothing and moves on), a seek that reads from the
 *   first block.
 * - "get of a key the filter rules out reads no data block": the filter stored but not consulted,
 *   stored under the wrong name, or built from the encoded keys instead of the user keys.
 * - "the filter is made from each user key once, in order": encoded internal keys given to the
 *   policy, one key per version.
 * - "a reader ignores a filter stored under another policy's name": the first filter in the meta
 *   block used whatever its name, so a table written with one policy and read with another loses keys.
 * - every property: the reader never reads outside the file.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { TableReader } from '@ferris/07-sstable/table-reader.ts';
import { writeTable } from '@ferris/07-sstable/table-writer.ts';
import { hexOf } from '../shared/bytes.ts';
import { ReadRecordingFileSystem, type Read } from '../shared/recording-fs.ts';
import { freshDisk } from '../shared/disk.ts';
import {
  blockSize,
  ExactSetPolicy,
  modelGet,
  modelSeek,
  NeverPolicy,
  parseTable,
  sequence,
  showLookup,
  splitKey,
  tableEntries,
  userKey,
  type Handle,
  type ParsedTable,
} from './helpers.ts';

const PATH = 'db/000002.sst';

async function setUp(entries: WalEntry[], size: number, policy?: ExactSetPolicy) {
  const sim = await freshDisk();
  await writeTable(sim, PATH, entries, { blockSize: size, filterPolicy: policy });
  const table = parseTable(await sim.readFile(PATH));
  const fs = new ReadRecordingFileSystem(sim);
  const reader = await TableReader.open(fs, PATH, { filterPolicy: policy });
  return { fs, reader, table, openReads: fs.takeReads() };
}

const inData = (table: ParsedTable, r: Read): boolean => r.offset < table.meta.offset && r.offset + r.length > 0;
const showReads = (reads: Read[]): string => reads.map((r) => `${r.offset}+${r.length}`).join(', ') || 'none';
const sameRange = (r: Read, h: Handle): boolean => r.offset === h.offset && r.length === h.size;

/** The data block that holds the entry with this (user key, sequence). */
function blockOf(table: ParsedTable, entry: WalEntry): Handle {
  const found = table.blocks.find((b) =>
    b.keys.some((k) => {
      const s = splitKey(k);
      return compareBytes(s.userKey, entry.key) === 0 && s.sequence === entry.sequence;
    }),
  );
  expect(found, `the test's parse found no block holding ${hexOf(entry.key)}@${entry.sequence}`).toBeDefined();
  return found!.handle;
}

describe('reading only what is needed', () => {
  test.prop([tableEntries(), blockSize], { numRuns: 40 })(
    'opening a table reads its footer, index and meta blocks, and no data block',
    async (entries, size) => {
      const { fs, openReads, table } = await setUp(entries, size);
      expect(
        openReads.filter((r) => inData(table, r)).map((r) => `${r.offset}+${r.length}`),
        'open() read bytes of the data blocks',
      ).toEqual([]);
      expect(fs.outside, 'the reader read outside the file').toEqual([]);
    },
  );

  test.prop(
    [
      fc.tuple(tableEntries(), blockSize).chain(([entries, size]) =>
        fc.tuple(
          fc.constant(entries),
          fc.constant(size),
          fc.array(
            fc.tuple(
              entries.length ? fc.oneof(userKey, fc.constantFrom(...entries.map((e) => e.key))) : userKey,
              fc.option(sequence, { nil: undefined }),
            ),
            {
              minLength: 1,
              maxLength: 12,
            },
          ),
        ),
      ),
    ],
    { numRuns: 40 },
  )(
    'get reads at most one data block, whole, and it is the block that holds the answer',
    async ([entries, size, asks]) => {
      const { fs, reader, table } = await setUp(entries, size);
      for (const [key, at] of asks) {
        const got = at === undefined ? await reader.get(key) : await reader.get(key, at);
        const reads = fs.takeReads();
        const what = `get(${hexOf(key)}${at === undefined ? '' : `, ${at}`}) read ${showReads(reads)}`;
        expect(showLookup(got), what).toBe(showLookup(modelGet(entries, key, at)));
        expect(reads.length, `${what}: at most one read`).toBeLessThanOrEqual(1);
        const read = reads[0];
        if (read)
          expect(
            table.blocks.some((b) => sameRange(read, b.handle)),
            `${what}: a read must be exactly one data block`,
          ).toBe(true);
        if (got.kind !== 'missing') {
          const answer = entries.find((e) => compareBytes(e.key, key) === 0 && e.sequence === got.sequence)!;
          expect(
            read && sameRange(read, blockOf(table, answer)),
            `${what}: it must be the block holding the answer`,
          ).toBe(true);
        }
      }
      expect(fs.outside, 'the reader read outside the file').toEqual([]);
    },
  );

  test.prop([tableEntries(), blockSize], { numRuns: 40 })(
    'a full scan reads every data block once, in order',
    async (entries, size) => {
      const { fs, reader, table } = await setUp(entries, size);
      let count = 0;
      for await (const _ of reader.entries()) count++;
      expect(count, 'the scan must see every entry').toBe(entries.length);
      expect(showReads(fs.takeReads()), 'a scan reads each data block once, in file order').toBe(
        showReads(table.blocks.map((b) => ({ path: PATH, offset: b.handle.offset, length: b.handle.size }))),
      );
      expect(fs.outside, 'the reader read outside the file').toEqual([]);
    },
  );

  test.prop(
    [
      fc
        .tuple(
          tableEntries().filter((e) => e.length > 0),
          blockSize,
        )
        .chain(([entries, size]) =>
          fc.tuple(
            fc.constant(entries),
            fc.constant(size),
            fc.record({
              userKey: fc.oneof(userKey, fc.constantFrom(...entries.map((e) => e.key))),
              sequence: fc.oneof(sequence, fc.constantFrom(...entries.map((e) => e.sequence))),
            }),
          ),
        ),
    ],
    { numRuns: 60 },
  )('seek reads just the data block that holds the entry it lands on', async ([entries, size, target]) => {
    const { fs, reader, table } = await setUp(entries, size);
    const it = reader.iterator();
    await it.seek(target);
    const reads = fs.takeReads();
    const at = modelSeek(entries, target);
    const what = `seek(${hexOf(target.userKey)}@${target.sequence}) read ${showReads(reads)}`;
    if (at === entries.length) {
      expect(it.valid, `${what}: every entry sorts before the target`).toBe(false);
      expect(reads.length, `${what}: with nothing to find, it needs no data block`).toBe(0);
    } else {
      const holder = blockOf(table, entries[at]!);
      expect(showReads(reads), `${what}: it must read only the block holding the entry it lands on`).toBe(
        showReads([{ path: PATH, offset: holder.offset, length: holder.size }]),
      );
    }
  });
});

describe('the filter', () => {
  test.prop(
    [
      fc
        .tuple(tableEntries(), blockSize)
        .chain(([entries, size]) =>
          fc.tuple(fc.constant(entries), fc.constant(size), fc.array(userKey, { minLength: 1, maxLength: 12 })),
        ),
    ],
    { numRuns: 40 },
  )('get of a key the filter rules out reads no data block', async ([entries, size, keys]) => {
    const policy = new ExactSetPolicy();
    const { fs, reader } = await setUp(entries, size, policy);
    for (const key of keys) {
      const present = entries.some((e) => compareBytes(e.key, key) === 0);
      const got = await reader.get(key);
      const reads = fs.takeReads();
      expect(showLookup(got), `get(${hexOf(key)}) with a filter`).toBe(showLookup(modelGet(entries, key)));
      if (!present)
        expect(
          showReads(reads),
          `get(${hexOf(key)}): the key is in no block and the filter says so: read nothing`,
        ).toBe('none');
    }
    expect(policy.asked, 'get() must ask the filter').toBeGreaterThan(0);
  });

  test.prop([tableEntries(), blockSize], { numRuns: 30 })(
    'the table stores the filter under "filter." + the policy name, made from each user key once, in order',
    async (entries, size) => {
      const policy = new ExactSetPolicy();
      const { table } = await setUp(entries, size, policy);
      const userKeys = entries.map((e) => hexOf(e.key)).filter((k, i, all) => i === 0 || all[i - 1] !== k);
      expect(
        policy.created.map((keys) => keys.map(hexOf)),
        'createFilter is called once, with each user key once, in order',
      ).toEqual([userKeys]);
      expect([...table.metaEntries.keys()], 'the meta block holds one entry, filter.test.exact-set').toEqual([
        'filter.test.exact-set',
      ]);
    },
  );

  test.prop([tableEntries().filter((e) => e.length > 0), blockSize], { numRuns: 30 })(
    'a reader ignores a filter stored under another policy name, and a table without a filter is read without one',
    async (entries, size) => {
      const sim = await freshDisk();
      await writeTable(sim, 'db/with.sst', entries, { blockSize: size, filterPolicy: new NeverPolicy('never.a') });
      await writeTable(sim, 'db/without.sst', entries, { blockSize: size });
      expect(
        [...parseTable(await sim.readFile('db/without.sst')).metaEntries.keys()],
        'without a policy, the meta block is empty',
      ).toEqual([]);
      const readers = [
        [
          'written with policy never.a, read with policy never.b',
          await TableReader.open(sim, 'db/with.sst', { filterPolicy: new NeverPolicy('never.b') }),
        ],
        ['written with policy never.a, read with no policy', await TableReader.open(sim, 'db/with.sst')],
        [
          'written with no policy, read with policy never.a',
          await TableReader.open(sim, 'db/without.sst', { filterPolicy: new NeverPolicy('never.a') }),
        ],
      ] as const;
      for (const [how, reader] of readers) {
        for (const e of entries) {
          expect(showLookup(await reader.get(e.key)), `${how}: get(${hexOf(e.key)})`).toBe(
            showLookup(modelGet(entries, e.key)),
          );
        }
      }
    },
  );
});
