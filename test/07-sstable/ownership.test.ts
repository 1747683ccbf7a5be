/**
 * Lesson 07, who owns which bytes. A value the reader returns belongs to the caller, who may
 * change it; the block it came from may be shared (lesson 13 puts a cache under the reader that
 * hands the same block to every read). Keys and values given to the table may be views into
 * bigger buffers. What it catches:
 *
 * - "changing a value that get or the iterator returned never changes what the table returns
 *   later": returning the block's own bytes (`it.value()`, a view into the block) instead of a
 *   copy, from get() or from the iterator; behind a shared block, the caller's change then
 *   damages the block for every later read.
 * - "keys and values that are views into bigger buffers are read as the view only": an encoded
 *   key decoded through `new DataView(encoded.buffer)` or the key copied from
 *   `new Uint8Array(userKey.buffer)` (both read from the start of the buffer, not of the view).
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { decodeInternalKey, encodeInternalKey, type ValueKind } from '@ferris/07-sstable/table-key.ts';
import { TableReader } from '@ferris/07-sstable/table-reader.ts';
import { writeTable } from '@ferris/07-sstable/table-writer.ts';
import { hexOf, scribble, viewInto } from '../shared/bytes.ts';
import { freshDisk } from '../shared/disk.ts';
import {
  blockSize,
  modelGet,
  SharedReadsFileSystem,
  sequence,
  show,
  showLookup,
  tableEntries,
  userKey,
} from './helpers.ts';

const PATH = 'db/000008.sst';

const around = fc.record({ before: fc.integer({ min: 1, max: 9 }), after: fc.nat(9) });

describe('values returned belong to the caller', () => {
  test.prop([tableEntries(60).filter((e) => e.length > 0), blockSize, fc.boolean()], { numRuns: 40 })(
    'changing a value that get or the iterator returned never changes what the table returns later, even when reads share their blocks',
    async (entries, size, byIterator) => {
      const sim = await freshDisk();
      await writeTable(sim, PATH, entries, { blockSize: size });
      const reader = await TableReader.open(new SharedReadsFileSystem(sim), PATH);
      const how = byIterator ? 'each value the iterator returned' : 'each value get() returned';
      if (byIterator) {
        for await (const e of reader.entries()) e.value?.fill(0x5a);
      } else {
        for (const e of entries) {
          const got = await reader.get(e.key);
          if (got.kind === 'value') got.value.fill(0x5a);
        }
      }
      for (const e of entries) {
        expect(
          showLookup(await reader.get(e.key)),
          `${how} was overwritten by the caller; then get(${hexOf(e.key)})`,
        ).toBe(showLookup(modelGet(entries, e.key)));
      }
      const again: WalEntry[] = [];
      for await (const e of reader.entries()) again.push(e);
      expect(show(again), `${how} was overwritten by the caller; then a full scan`).toEqual(show(entries));
      await reader.close();
    },
  );
});

describe('views into bigger buffers', () => {
  test.prop([userKey, sequence, fc.constantFrom<ValueKind>(0, 1), around, around])(
    'an internal key encoded from a view, and decoded from a view, is the view only',
    (key, seq, kind, a, b) => {
      const encoded = encodeInternalKey(viewInto(key, a), seq, kind);
      const decoded = decodeInternalKey(viewInto(encoded, b));
      expect(
        `${hexOf(decoded.userKey)}@${decoded.sequence}/${decoded.kind}`,
        `key ${hexOf(key)} at ${seq}, kind ${kind}, given as views into bigger buffers (${a.before} and ${b.before} bytes in front)`,
      ).toBe(`${hexOf(key)}@${seq}/${kind}`);
    },
  );

  test.prop([tableEntries(60).filter((e) => e.length > 0), blockSize, around], { numRuns: 40 })(
    'a table written from keys and values that are views into bigger buffers, then overwritten, reads back what was written, also for keys asked as views',
    async (entries, size, at) => {
      const views = entries.map((e) =>
        Object.freeze({
          sequence: e.sequence,
          key: viewInto(e.key, at),
          value: e.value === null ? null : viewInto(e.value, at),
        }),
      );
      const sim = await freshDisk();
      await writeTable(sim, PATH, views, { blockSize: size });
      for (const v of views) {
        scribble(v.key);
        if (v.value) scribble(v.value);
      }
      const reader = await TableReader.open(sim, PATH);
      const got: WalEntry[] = [];
      for await (const e of reader.entries()) got.push(e);
      expect(show(got), 'the table, written from views that the caller overwrote afterwards').toEqual(show(entries));
      for (const e of entries) {
        expect(
          showLookup(await reader.get(viewInto(e.key, at))),
          `get(${hexOf(e.key)}) with the key given as a view into a bigger buffer`,
        ).toBe(showLookup(modelGet(entries, e.key)));
      }
      await reader.close();
    },
  );
});
