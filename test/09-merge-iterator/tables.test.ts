/**
 * Lesson 09 over lesson 07's tables: the read path of an LSM tree in miniature. The log is cut
 * into pieces; the older pieces are flushed to tables, the newest stays a memtable, and the
 * merge of all of them must read like one memtable that saw the whole log.
 *
 * - "a memtable and flushed tables, merged, read like one memtable of the whole log": a merge
 *   that only works with in-memory sources (awaits forgotten, so a table's entries arrive
 *   late), a tie or tombstone rule that holds in memory but not across tables, and every bug
 *   the scan tests name, now with a table's own seek.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { MemTable } from '@ferris/05-memtable/memtable.ts';
import { TableReader } from '@ferris/07-sstable/table-reader.ts';
import { writeTable } from '@ferris/07-sstable/table-writer.ts';
import { mergedScan } from '@ferris/09-merge-iterator/scan.ts';
import { IterableSource, type EntryIterator } from '@ferris/09-merge-iterator/source.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { describePairs, sequence, show, userKey, value } from './helpers.ts';

describe('tables and memtables together', () => {
  const log = fc.array(fc.tuple(userKey, fc.option(value, { nil: null, freq: 4 })), { maxLength: 40 });

  test.prop([
    log,
    fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    fc.option(userKey, { nil: undefined }),
    fc.option(sequence, { nil: undefined }),
  ])(
    'a memtable and flushed tables, merged, read like one memtable of the whole log',
    async (writes, cuts, start, atSequence) => {
      const whole = new MemTable();
      const boundaries = [...new Set(cuts.map((c) => c % (writes.length + 1)))].sort((a, b) => a - b);
      const pieces: MemTable[] = [];
      let from = 0;
      for (const to of [...boundaries, writes.length]) {
        const piece = new MemTable();
        for (let i = from; i < to; i++) {
          const [k, v] = writes[i]!;
          for (const table of [piece, whole]) {
            if (v === null) table.delete(i + 1, k);
            else table.put(i + 1, k, v);
          }
        }
        pieces.push(piece);
        from = Math.max(from, to);
      }
      // Every piece but the newest is flushed to a table with small blocks (so seeks cross blocks).
      const fs = new SimulatedFileSystem({ seed: 9 });
      await fs.mkdir('db');
      const readers: TableReader[] = [];
      try {
        for (const [i, piece] of pieces.slice(0, -1).entries()) {
          const path = `db/${String(i + 1).padStart(6, '0')}.sst`;
          await writeTable(fs, path, piece.entries(), { blockSize: 64 });
          readers.push(await TableReader.open(fs, path));
        }
        const memtable = pieces[pieces.length - 1]!;
        const sources: EntryIterator[] = [
          new IterableSource(() => memtable.entries()),
          ...readers.reverse().map((r) => r.iterator()),
        ];
        const options = { start, atSequence };
        const actual: Array<[Uint8Array, Uint8Array]> = [];
        for await (const pair of mergedScan(sources, options)) actual.push(pair);
        expect(
          describePairs(actual),
          `a memtable and ${readers.length} table(s), scanned from ${start === undefined ? 'the start' : show(start)} at ${atSequence ?? 'the newest'}, must read like one memtable`,
        ).toEqual(describePairs([...whole.scan(options)]));
      } finally {
        for (const reader of readers) await reader.close();
      }
    },
  );
});
