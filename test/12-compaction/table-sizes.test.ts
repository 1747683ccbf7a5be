/**
 * Lesson 12: a merge cuts its output into tables of about `targetTableBytes`. The README's rule
 * is an estimate per entry (key + value + 16 bytes), "a target, not a limit", so the property
 * allows any sensible count of an entry's size and checks only what no such count can give:
 *
 * - a table far above the target: an estimate that leaves the values out (tables of 100-byte
 *   values and 16-byte keys come out seven times too big), or a cut that is never made;
 * - a table far below it, other than the last of the merge: a cut after every entry, or an
 *   estimate counted from the start of the merge instead of the table.
 *
 * The merge runs on a stand-in engine: one table in level 1 over its budget and one in level 2
 * that it overlaps, on a simulated disk, with every table the merge writes recorded.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { putEntry, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { writeTable } from '@ferris/07-sstable/table-writer.ts';
import { TableReader } from '@ferris/07-sstable/table-reader.ts';
import { tablePath } from '@ferris/10-lsm-engine/files.ts';
import { resolveOptions, type CompactionHost, type TableWriter } from '@ferris/10-lsm-engine/options.ts';
import { LEVEL_COUNT, type TableMeta, type VersionState } from '@ferris/10-lsm-engine/version.ts';
import { leveledCompaction } from '@ferris/12-compaction/leveled.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { byteOrder } from '../05-memtable/helpers.ts';

/** An entry's size as the README estimates it. */
const estimate = (e: WalEntry) => e.key.length + (e.value?.length ?? 0) + 16;

/** Distinct keys with values from empty to a few hundred bytes, in key order. */
const pairs = fc
  .uniqueArray(fc.uint8Array({ minLength: 1, maxLength: 8 }), {
    minLength: 3, // with alternate keys in the two levels, three make their ranges overlap
    maxLength: 80,
    selector: (k) => k.join(','),
  })
  .chain((keys) =>
    fc.tuple(
      fc.constant([...keys].sort(byteOrder)),
      fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 300 })), {
        minLength: keys.length,
        maxLength: keys.length,
      }),
    ),
  );

async function inputTable(fs: SimulatedFileSystem, fileNumber: number, entries: WalEntry[]): Promise<TableMeta> {
  const info = await writeTable(fs, tablePath('db', fileNumber), entries);
  return {
    fileNumber,
    fileSize: info.fileSize,
    entryCount: info.entryCount,
    smallest: info.smallest!,
    largest: info.largest!,
  };
}

/** Runs one merge of `upper` (level 1) into `lower` (level 2); returns the entries of each table it wrote, in order. */
async function mergeOutputs(upper: WalEntry[], lower: WalEntry[], targetTableBytes: number): Promise<WalEntry[][]> {
  const fs = new SimulatedFileSystem({ seed: 12 });
  await fs.mkdir('db');
  const levels: TableMeta[][] = Array.from({ length: LEVEL_COUNT }, () => []);
  levels[1] = [await inputTable(fs, 1, upper)];
  levels[2] = [await inputTable(fs, 2, lower)];
  const version: VersionState = { levels, logNumber: 1, nextFileNumber: 10, lastSequence: upper.length + lower.length };
  const written: WalEntry[][] = [];
  const recording: TableWriter = (tableFs, path, entries, options) => {
    const all = [...entries];
    written.push(all);
    return writeTable(tableFs, path, all, options);
  };
  const readers: TableReader[] = [];
  let next = 10;
  const host: CompactionHost = {
    fs,
    dir: 'db',
    options: resolveOptions({ writeTable: recording }),
    version,
    lastSequence: version.lastSequence,
    newFileNumber: () => next++,
    tablePath: (n) => tablePath('db', n),
    openTable: async (n) => {
      const reader = await TableReader.open(fs, tablePath('db', n));
      readers.push(reader);
      return reader;
    },
    applyEdit: async () => {},
    requestCompaction: () => {},
    oneAtATime: true, // one merge, then compact returns: the version need not change
  };
  // Level 1 is over its 1-byte budget; level 2's budget is far above anything here.
  const compaction = leveledCompaction({ level0Tables: 4, level1Bytes: 1, sizeRatio: 10 ** 9, targetTableBytes });
  try {
    await compaction.compact(host);
  } finally {
    for (const reader of readers) await reader.close();
  }
  return written;
}

test.prop([pairs, fc.integer({ min: 64, max: 2000 })])(
  'a merge cuts its output into tables of about targetTableBytes: none holds more than twice the target and one entry, none but the last less than half',
  async ([keys, valueLengths], targetTableBytes) => {
    const entries = keys.map((key, i) => putEntry(i + 1, key, new Uint8Array(valueLengths[i]!).fill(i)));
    // Alternate keys go to the two levels, so that their ranges overlap and the two are merged.
    const upper = entries.filter((_, i) => i % 2 === 0);
    const lower = entries.filter((_, i) => i % 2 === 1);
    const tables = await mergeOutputs(upper, lower, targetTableBytes);
    const sizes = tables.map((t) => t.reduce((n, e) => n + estimate(e), 0));
    const largestEntry = Math.max(...entries.map(estimate));
    const story = `merging ${entries.length} entries (the largest ${largestEntry} bytes by key + value + 16) with targetTableBytes ${targetTableBytes}, the tables written held ${sizes.join(', ')} bytes`;
    expect(tables.flat().length, `${story}: every entry of both inputs is in the output, once`).toBe(entries.length);
    for (const [i, size] of sizes.entries()) {
      expect(
        size,
        `${story}: table ${i + 1} is far above the target (count each entry as key + value + 16 bytes, values included, and cut once the table reaches the target)`,
      ).toBeLessThanOrEqual(2 * targetTableBytes + largestEntry);
      if (i < sizes.length - 1)
        expect(
          size,
          `${story}: table ${i + 1} is not the last, yet holds less than half the target (cut only once the table's own entries reach it)`,
        ).toBeGreaterThanOrEqual(targetTableBytes / 2);
    }
  },
);
