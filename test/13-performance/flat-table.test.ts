/**
 * Lesson 13, tables written without an object per entry (flat-data-block.ts, inside the given
 * flat-table-writer.ts), checked against lesson 07's writeTable: for the same entries, the same
 * bytes in the file and the same TableInfo, the same errors, the same clean-up. What it catches:
 *
 * - a block that is not lesson 06's format: a prefix shared across a restart, restarts one entry
 *   early or late, the lengths in another order, the sequence number's bytes least significant
 *   first, a checksum over the wrong bytes, restart offsets or their count left out;
 * - a block builder that is not empty again after finish (the next block's first key shares a
 *   prefix with the last block's last key, or its restarts carry on from the last block's);
 * - the last key kept as the buffer it was written from instead of a swap (the next key
 *   overwrites it), buffers that lose their bytes when they grow (keys longer than 64 bytes,
 *   values longer than a block);
 * - keys and values read from the start of their buffer instead of their view;
 * - any failure of a file-system call, of the entries or of the filter policy handled
 *   differently from writeTable (the properties lesson 07's writeTable is held to);
 * - an engine whose flushes and compactions write tables this way that answers differently from
 *   the model.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { deleteEntry, putEntry, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { TableOrderError } from '@ferris/07-sstable/format.ts';
import { writeTable } from '@ferris/07-sstable/table-writer.ts';
import { BloomFilterPolicy } from '@ferris/08-bloom-filter/bloom.ts';
import { writeFlatTable } from '@ferris/13-performance/flat-table-writer.ts';
import { hexOf, viewInto } from '../shared/bytes.ts';
import { freshDisk } from '../shared/disk.ts';
import { op } from '../10-lsm-engine/helpers.ts';
import {
  blockSize,
  describeEntry,
  ExactSetPolicy,
  restartInterval,
  sortEntries,
  tableEntries,
} from '../07-sstable/helpers.ts';
import { outcome, writerFailures } from '../07-sstable/writer-failures.ts';
import { engineMatchesModel } from './engine-model.ts';

const PATH = 'db/000009.sst';

/**
 * Now and then a long key (past the 64 bytes the key buffers start with), and values longer than
 * the 8 KiB the block's buffer starts with, so that it grows with entries already in it.
 */
const longOnes = fc.array(
  fc.record({
    key: fc.uint8Array({ minLength: 60, maxLength: 300 }),
    sequence: fc.nat(9),
    value: fc.option(
      fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ minLength: 8_200, maxLength: 12_000 })),
      { nil: null, freq: 5 },
    ),
  }),
  { maxLength: 3 },
);

/** Sorted versions, some long, each key and value a view into a bigger buffer (or not). */
const entriesToWrite = fc
  .tuple(tableEntries(150), longOnes, fc.nat(7), fc.nat(7))
  .map(([short, long, before, after]) => {
    const extra = long.map((v) =>
      v.value === null ? deleteEntry(v.sequence, v.key) : putEntry(v.sequence, v.key, v.value),
    );
    // One entry per version: a long one that repeats a version replaces it.
    const unique = new Map([...short, ...extra].map((e) => [`${hexOf(e.key)}@${e.sequence}`, e]));
    const at = { before, after };
    return sortEntries([...unique.values()]).map((e) => ({
      key: viewInto(e.key, at),
      sequence: e.sequence,
      value: e.value === null ? null : viewInto(e.value, at),
    }));
  })
  .filter((entries) => entries.length > 0);

const filterPolicy = fc.constantFrom('none', 'exact set', 'bloom') as fc.Arbitrary<'none' | 'exact set' | 'bloom'>;

function policyOf(name: 'none' | 'exact set' | 'bloom') {
  if (name === 'none') return {};
  return { filterPolicy: name === 'bloom' ? new BloomFilterPolicy({ bitsPerKey: 10 }) : new ExactSetPolicy() };
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) if (a[i] !== b[i]) return i;
  return length;
}

function describeAll(entries: readonly WalEntry[]): string {
  const shown = entries.slice(0, 12).map(describeEntry).join(', ');
  return entries.length > 12 ? `${shown}, ... (${entries.length} entries)` : shown;
}

test.prop([entriesToWrite, blockSize, restartInterval, filterPolicy], { numRuns: 150 })(
  "writeFlatTable writes the same bytes as lesson 07's writeTable, and says the same of them",
  async (entries, size, interval, policy) => {
    const options = { blockSize: size, restartInterval: interval, ...policyOf(policy) };
    const expectedDisk = await freshDisk();
    const expectedInfo = await writeTable(expectedDisk, PATH, entries, options);
    const disk = await freshDisk();
    const info = await writeFlatTable(disk, PATH, entries, options);
    const expected = await expectedDisk.readFile(PATH);
    const got = await disk.readFile(PATH);
    const what = `${entries.length} entries (${describeAll(entries)}), blocks of ${size} bytes, a restart every ${interval}, filter: ${policy}`;
    const at = firstDifference(got, expected);
    expect(
      at === got.length && got.length === expected.length,
      `${what}: the files differ from byte ${at} on (${got.length} bytes written, writeTable wrote ${expected.length})`,
    ).toBe(true);
    expect(info, `${what}: the TableInfo`).toEqual(expectedInfo);
    expect(await disk.list('db'), `${what}: only the table is left, no temporary file`).toEqual(['000009.sst']);
  },
);

test.prop([entriesToWrite.filter((e) => e.length > 1), fc.nat(), fc.boolean()], { numRuns: 60 })(
  'entries out of order, or one version twice, are refused with the TableOrderError writeTable gives, and nothing is left',
  async (entries, where, twice) => {
    const i = 1 + (where % (entries.length - 1));
    const broken = [...entries];
    if (twice) broken[i] = { ...broken[i - 1]!, value: broken[i]!.value };
    else [broken[i - 1], broken[i]] = [broken[i]!, broken[i - 1]!];
    const what = twice ? `entry ${i} repeats the version before it` : `entries ${i - 1} and ${i} swapped`;
    const expected = await outcome(
      async () => writeTable(await freshDisk(), PATH, broken),
      (e) => e instanceof TableOrderError,
    );
    const disk = await freshDisk();
    const got = await outcome(
      () => writeFlatTable(disk, PATH, broken),
      (e) => e instanceof TableOrderError,
    );
    expect(got, `${what}: writeFlatTable must refuse the entries`).toBeInstanceOf(TableOrderError);
    expect((got as TableOrderError).message, `${what}: the same error as writeTable's`).toBe(
      (expected as TableOrderError).message,
    );
    expect(await disk.list('db'), `${what}: nothing may be left`).toEqual([]);
  },
);

test.prop([entriesToWrite, fc.constantFrom(0, -1, 1.5, Number.NaN, 1025)], { numRuns: 10 })(
  'a restart interval lesson 06 refuses is refused with the RangeError writeTable gives, before any file is made',
  async (entries, interval) => {
    const expected = await outcome(
      async () => writeTable(await freshDisk(), PATH, entries, { restartInterval: interval }),
      (e) => e instanceof RangeError,
    );
    const disk = await freshDisk();
    const got = await outcome(
      () => writeFlatTable(disk, PATH, entries, { restartInterval: interval }),
      (e) => e instanceof RangeError,
    );
    expect(got, `restartInterval ${interval}: writeFlatTable must refuse it`).toBeInstanceOf(RangeError);
    expect((got as RangeError).message, `restartInterval ${interval}: writeTable's message`).toBe(
      (expected as RangeError).message,
    );
    expect(await disk.list('db'), `restartInterval ${interval}: no file may be made`).toEqual([]);
    // The writer is not left broken: the same entries at the default interval make writeTable's table.
    await writeFlatTable(disk, PATH, entries);
    const expectedDisk = await freshDisk();
    await writeTable(expectedDisk, PATH, entries);
    expect(hexOf(await disk.readFile(PATH)), 'then written at the default interval').toBe(
      hexOf(await expectedDisk.readFile(PATH)),
    );
  },
);

describe('writeFlatTable fails as writeTable does', () => writerFailures('writeFlatTable', writeFlatTable));

test.prop([fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 40 })], { numRuns: 30 })(
  'an engine whose flushes and compactions write tables without an object per entry answers like the model, through freezes, flushes, compaction and reopening',
  async (writes) => {
    await engineMatchesModel({
      writes,
      options: { writeTable: writeFlatTable },
      setting: 'with writeFlatTable',
      afterFlush: ['after the flush'],
    });
  },
);
