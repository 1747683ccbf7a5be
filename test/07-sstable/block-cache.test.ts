/**
 * Lesson 07, the reader's block cache hook (`TableReaderOptions.blockCache`; lesson 13 supplies the
 * real cache). Each property targets a bug:
 *
 * - "each data block is read from the file once": get() or the iterator reading with readBlock
 *   instead of readDataBlock, or open() leaving `blocks` out, so the cache is never asked.
 * - "tables sharing one cache answer as without it": cache keys that do not tell two readers apart
 *   (two tables have blocks at the same offsets), so one table answers with the other's block.
 * - "a damaged block is never cached": a block stored before it was checked.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import type { Block } from '@ferris/06-block/block.ts';
import { CorruptTableError } from '@ferris/07-sstable/format.ts';
import { TableReader, type DecodedBlockCache } from '@ferris/07-sstable/table-reader.ts';
import { writeTable } from '@ferris/07-sstable/table-writer.ts';
import { hexOf } from '../shared/bytes.ts';
import { freshDisk } from '../shared/disk.ts';
import { ReadRecordingFileSystem } from '../shared/recording-fs.ts';
import { blockSize, modelGet, parseTable, sequence, show, showLookup, tableEntries, userKey } from './helpers.ts';

/** The simplest cache: a Map that keeps everything, and counts what it was asked. */
class MapCache implements DecodedBlockCache {
  readonly blocks = new Map<string, Block>();
  hits = 0;
  get(key: string): Block | undefined {
    const block = this.blocks.get(key);
    if (block !== undefined) this.hits++;
    return block;
  }
  set(key: string, block: Block): void {
    this.blocks.set(key, block);
  }
}

async function scanAll(reader: TableReader): Promise<WalEntry[]> {
  const out: WalEntry[] = [];
  for await (const entry of reader.entries()) out.push(entry);
  return out;
}

const asks = fc.array(fc.tuple(userKey, fc.option(sequence, { nil: undefined })), { minLength: 1, maxLength: 10 });

describe('the block cache hook', () => {
  test.prop([tableEntries(), blockSize, asks], { numRuns: 40 })(
    'with a block cache, each data block is read from the file once, by gets and scans alike',
    async (entries, size, keys) => {
      const sim = await freshDisk();
      await writeTable(sim, 'db/000002.sst', entries, { blockSize: size });
      const fs = new ReadRecordingFileSystem(sim);
      const reader = await TableReader.open(fs, 'db/000002.sst', { blockCache: new MapCache() });
      fs.takeReads();
      // Ask every key twice, scan twice: the second round must find everything in the cache.
      for (let round = 0; round < 2; round++) {
        for (const [key, at] of [...keys, ...entries.map((e) => [e.key, undefined] as const)]) {
          expect(showLookup(await reader.get(key, at)), `get(${hexOf(key)}, ${at})`).toBe(
            showLookup(modelGet(entries, key, at)),
          );
        }
        expect(show(await scanAll(reader)), 'a full scan').toEqual(show(entries));
      }
      const reads = fs.takeReads().map((r) => `${r.offset}+${r.length}`);
      const twice = reads.filter((r, i) => reads.indexOf(r) !== i);
      expect(
        [...new Set(twice)],
        'data blocks read from the file more than once although the reader has a cache that keeps ' +
          'everything: get() and the iterator must read data blocks through readDataBlock, and open() ' +
          'must keep blocks: cachedBlocks(options)',
      ).toEqual([]);
      await reader.close();
    },
  );

  test.prop([tableEntries(60), tableEntries(60), blockSize, asks], { numRuns: 40 })(
    'two tables sharing one block cache each answer every get and scan as they would without it',
    async (first, second, size, keys) => {
      const sim = await freshDisk();
      await writeTable(sim, 'db/000002.sst', first, { blockSize: size });
      await writeTable(sim, 'db/000003.sst', second, { blockSize: size });
      const cache = new MapCache();
      const readers = [
        await TableReader.open(sim, 'db/000002.sst', { blockCache: cache }),
        await TableReader.open(sim, 'db/000003.sst', { blockCache: cache }),
      ];
      const tables = [first, second];
      const every = [
        ...keys,
        ...first.map((e) => [e.key, undefined] as const),
        ...second.map((e) => [e.key, undefined] as const),
      ];
      for (const [key, at] of every) {
        for (const i of [0, 1]) {
          expect(showLookup(await readers[i]!.get(key, at)), `table ${i + 1}: get(${hexOf(key)}, ${at})`).toBe(
            showLookup(modelGet(tables[i]!, key, at)),
          );
        }
      }
      for (const i of [0, 1])
        expect(show(await scanAll(readers[i]!)), `table ${i + 1}: a full scan`).toEqual(show(tables[i]!));
      for (const reader of readers) await reader.close();
    },
  );

  test.prop([tableEntries().filter((e) => e.length > 0), fc.nat()], { numRuns: 30 })(
    'a damaged data block is never cached: every read of it fails again',
    async (entries, pick) => {
      const sim = await freshDisk();
      await writeTable(sim, 'db/000002.sst', entries, { blockSize: 64 });
      const bytes = await sim.readFile('db/000002.sst');
      const table = parseTable(bytes);
      const block = table.blocks[pick % table.blocks.length]!.handle;
      const damaged = Uint8Array.from(bytes);
      damaged[block.offset] = damaged[block.offset]! ^ 0xff;
      const broken = await freshDisk();
      const file = await broken.openAppend('db/000002.sst');
      await file.append(damaged);
      await file.sync();
      await file.close();
      const cache = new MapCache();
      const reader = await TableReader.open(broken, 'db/000002.sst', { blockCache: cache });
      for (let round = 0; round < 2; round++) {
        await expect(scanAll(reader), `scan ${round + 1} of a table with a damaged data block`).rejects.toThrow(
          CorruptTableError,
        );
      }
      expect(cache.blocks.size, 'blocks cached').toBeLessThanOrEqual(table.blocks.length - 1);
      await reader.close();
    },
  );
});
