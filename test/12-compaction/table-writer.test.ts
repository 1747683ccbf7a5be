/**
 * Lesson 12, the tables compaction writes go through the engine's `options.writeTable` (lesson 07's
 * writeTable unless the engine was given another; lesson 13 gives one that writes the same bytes
 * without an object per entry). What it catches: a `run` that calls lesson 07's writeTable itself,
 * so that whatever writer the engine was given, compaction never uses it.
 */
import { expect, it } from 'vitest';
import { writeTable } from '@ferris/07-sstable/table-writer.ts';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import { leveledCompaction } from '@ferris/12-compaction/leveled.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { unwrapStopped } from '../10-lsm-engine/helpers.ts';

it("compaction writes every table it makes with the engine's options.writeTable", async () => {
  const fs = new SimulatedFileSystem({ seed: 12 });
  const compaction = leveledCompaction({ level0Tables: 2, level1Bytes: 300, sizeRatio: 2, targetTableBytes: 120 });
  const written = new Set<string>();
  const db = await openDb(fs, 'db', {
    memtableBytes: 64,
    blockSize: 64,
    compaction,
    writeTable: (tableFs, path, entries, options) => {
      written.add(path.split('/').pop()!);
      return writeTable(tableFs, path, entries, options);
    },
  });
  // Seven keys written over and over: every flush overlaps the tables below, so tables are merged.
  for (let i = 0; i < 60; i++) await unwrapStopped(db.put(Uint8Array.of(i % 7), new Uint8Array(30).fill(i)));
  await unwrapStopped(db.close());
  const merges = compaction.stats.compactions - compaction.stats.moves;
  expect(merges, 'sixty overwrites of seven keys make compaction merge tables').toBeGreaterThan(0);
  const tables = (await fs.list('db')).filter((name) => name.endsWith('.sst'));
  const elsewhere = tables.filter((name) => !written.has(name));
  expect(elsewhere, `tables written without options.writeTable (after ${merges} merges)`).toEqual([]);
  const reopened = await openDb(fs, 'db', { compaction: leveledCompaction() });
  expect(await reopened.get(Uint8Array.of(3)), 'the last value written for key 3').toEqual(new Uint8Array(30).fill(59));
  await reopened.close();
});
