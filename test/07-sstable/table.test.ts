/**
 * Lesson 07, writing a table and reading it back, checked against a model: the sorted entries.
 * Each property below targets a bug learners really write:
 *
 * - "a table gives back every entry it was written with": tombstones dropped or turned into
 *   empty values, the last data block never written (no flush at the end), an entry lost at a
 *   block boundary, a block handle's offset or size off by one (the block then fails its checksum),
 *   entries iterated in the wrong order, sequence numbers above 2^32 truncated.
 * - "the same code writes and reads a table on the real disk": a writer that leans on something
 *   only the simulated disk does (a path without its directory, a leftover temporary file).
 * - "get answers like the model, at any sequence number": the seek target built with the wrong
 *   kind (a put at exactly atSequence is skipped), the newest version returned even when it is
 *   newer than atSequence, a tombstone returned as missing (older tables would then be asked), a
 *   different user key's version returned, the index key too small or too large (the block that
 *   holds the key is not the one the index points at).
 * - "seek lands on the first entry at or after any target": the same index bugs, and an iterator
 *   that does not move on to the next block when one is used up.
 * - "writeTable describes what it wrote": wrong entry count, smallest or largest key, size.
 * - "entries out of internal-key order are refused": an order check only inside a block (it
 *   misses the boundary between two blocks), a put and a delete at one sequence number accepted
 *   (their encoded keys differ only in the kind byte), a refused table left on disk.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { deleteEntry, MAX_SEQUENCE, putEntry, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { NodeFileSystem } from '@ferris/03-recovery/node-fs.ts';
import { TableOrderError } from '@ferris/07-sstable/format.ts';
import { TableReader } from '@ferris/07-sstable/table-reader.ts';
import { writeTable } from '@ferris/07-sstable/table-writer.ts';
import { hexOf, utf8 } from '../shared/bytes.ts';
import { freshDisk } from '../shared/disk.ts';
import {
  blockSize,
  describeEntry,
  ExactSetPolicy,
  modelGet,
  modelSeek,
  restartInterval,
  sequence,
  show,
  showLookup,
  tableEntries,
  userKey,
} from './helpers.ts';

const PATH = 'db/000001.sst';

async function collect(reader: TableReader): Promise<WalEntry[]> {
  const out: WalEntry[] = [];
  for await (const e of reader.entries()) out.push(e);
  return out;
}

describe('round trip', () => {
  test.prop([tableEntries(), blockSize, restartInterval, fc.boolean()], { numRuns: 40 })(
    'a table gives back every entry it was written with, tombstones included, in order',
    async (entries, size, interval, withFilter) => {
      const fs = await freshDisk();
      const policy = withFilter ? new ExactSetPolicy() : undefined;
      await writeTable(fs, PATH, entries, { blockSize: size, restartInterval: interval, filterPolicy: policy });
      const reader = await TableReader.open(fs, PATH, { filterPolicy: policy });
      expect(
        show(await collect(reader)),
        `reading back a table of ${entries.length} entries (blockSize ${size})`,
      ).toEqual(show(entries));
      await reader.close();
    },
  );

  it("the same code writes and reads a table on the real disk (lesson 03's NodeFileSystem)", async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'ferris-07-'));
    try {
      const fs = new NodeFileSystem(root);
      await fs.mkdir('db');
      const entries = Array.from({ length: 200 }, (_, i) =>
        putEntry(i + 1, utf8(`key${String(i).padStart(4, '0')}`), utf8(`value ${i}`)),
      );
      const info = await writeTable(fs, PATH, entries, { blockSize: 256 });
      expect(await fs.list('db'), 'only the table is left in the directory').toEqual(['000001.sst']);
      const reader = await TableReader.open(fs, PATH);
      try {
        expect(show(await collect(reader)), 'the table read back from the real disk').toEqual(show(entries));
        expect(showLookup(await reader.get(utf8('key0123'))), 'get on the real disk').toBe(
          `value ${hexOf(utf8('value 123'))} at 124`,
        );
        expect(info.fileSize, 'TableInfo.fileSize').toBe(reader.fileSize);
      } finally {
        await reader.close();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('an empty table can be written and read: no entries, every key missing', async () => {
    const fs = await freshDisk();
    const info = await writeTable(fs, PATH, []);
    expect(info.entryCount, 'an empty table has no entries').toBe(0);
    expect(info.smallest, 'an empty table has no smallest key').toBeNull();
    const reader = await TableReader.open(fs, PATH);
    expect(show(await collect(reader)), 'an empty table iterates nothing').toEqual([]);
    expect((await reader.get(utf8('a'))).kind, 'get on an empty table').toBe('missing');
  });
});

describe('get', () => {
  const queries = (entries: WalEntry[]) =>
    fc.array(
      fc.tuple(
        entries.length === 0 ? userKey : fc.oneof(userKey, fc.constantFrom(...entries.map((e) => e.key))),
        fc.oneof(
          fc.constant(undefined),
          sequence,
          entries.length === 0
            ? sequence
            : fc.constantFrom(
                ...entries.flatMap((e) => [
                  e.sequence,
                  Math.max(0, e.sequence - 1),
                  Math.min(MAX_SEQUENCE, e.sequence + 1),
                ]),
              ),
        ),
      ),
      { minLength: 1, maxLength: 20 },
    );

  test.prop(
    [
      fc
        .tuple(tableEntries(), blockSize, restartInterval, fc.boolean())
        .chain(([entries, size, interval, withFilter]) =>
          fc.tuple(
            fc.constant(entries),
            fc.constant(size),
            fc.constant(interval),
            fc.constant(withFilter),
            queries(entries),
          ),
        ),
    ],
    { numRuns: 40 },
  )(
    'get answers like the model, for any key at any sequence number',
    async ([entries, size, interval, withFilter, asks]) => {
      const fs = await freshDisk();
      const policy = withFilter ? new ExactSetPolicy() : undefined;
      await writeTable(fs, PATH, entries, { blockSize: size, restartInterval: interval, filterPolicy: policy });
      const reader = await TableReader.open(fs, PATH, { filterPolicy: policy });
      for (const [key, at] of asks) {
        const got = at === undefined ? await reader.get(key) : await reader.get(key, at);
        const want = modelGet(entries, key, at);
        expect(
          showLookup(got),
          `get(${hexOf(key)}${at === undefined ? '' : `, ${at}`}) (blockSize ${size}${withFilter ? ', with a filter' : ''})`,
        ).toBe(showLookup(want));
      }
    },
  );

  it('get at a sequence number sees exactly the versions up to it', async () => {
    const fs = await freshDisk();
    const k = utf8('k');
    await writeTable(fs, PATH, [putEntry(30, k, utf8('c')), deleteEntry(20, k), putEntry(10, k, utf8('a'))], {
      blockSize: 64,
    });
    const reader = await TableReader.open(fs, PATH);
    const at = async (s: number) => showLookup(await reader.get(k, s));
    expect(await at(9), 'before the first write').toBe('missing');
    expect(await at(10), 'exactly at the first put').toBe(`value ${hexOf(utf8('a'))} at 10`);
    expect(await at(19), 'between the put and the delete').toBe(`value ${hexOf(utf8('a'))} at 10`);
    expect(await at(20), 'exactly at the delete: a tombstone, not missing').toBe('deleted at 20');
    expect(await at(30), 'exactly at the second put').toBe(`value ${hexOf(utf8('c'))} at 30`);
    expect(await at(MAX_SEQUENCE), 'the newest').toBe(`value ${hexOf(utf8('c'))} at 30`);
    await expect(reader.get(k, -1), 'a negative sequence number is refused').rejects.toThrow(RangeError);
  });
});

describe('seek', () => {
  const target = (entries: WalEntry[]) =>
    fc.record({
      userKey: entries.length === 0 ? userKey : fc.oneof(userKey, fc.constantFrom(...entries.map((e) => e.key))),
      sequence:
        entries.length === 0 ? sequence : fc.oneof(sequence, fc.constantFrom(...entries.map((e) => e.sequence))),
    });

  test.prop(
    [
      fc
        .tuple(tableEntries(), blockSize, restartInterval)
        .chain(([entries, size, interval]) =>
          fc.tuple(
            fc.constant(entries),
            fc.constant(size),
            fc.constant(interval),
            fc.array(fc.tuple(target(entries), fc.nat(6)), { minLength: 1, maxLength: 8 }),
          ),
        ),
    ],
    { numRuns: 40 },
  )(
    'seek lands on the first entry at or after any target, and next() goes on across blocks',
    async ([entries, size, interval, seeks]) => {
      const fs = await freshDisk();
      await writeTable(fs, PATH, entries, { blockSize: size, restartInterval: interval });
      const reader = await TableReader.open(fs, PATH);
      const it = reader.iterator();
      for (const [t, steps] of seeks) {
        await it.seek(t);
        const from = modelSeek(entries, t);
        const got: WalEntry[] = [];
        while (it.valid && got.length <= steps) {
          got.push(it.current());
          if (got.length <= steps) await it.next();
        }
        expect(show(got), `seek(${hexOf(t.userKey)}@${t.sequence}) then ${steps} next() (blockSize ${size})`).toEqual(
          show(entries.slice(from, from + steps + 1)),
        );
      }
    },
  );

  it('seek() with no target goes to the first entry', async () => {
    const fs = await freshDisk();
    const entries = [putEntry(1, utf8('a'), utf8('1')), putEntry(2, utf8('b'), utf8('2'))];
    await writeTable(fs, PATH, entries);
    const it = (await TableReader.open(fs, PATH)).iterator();
    expect(it.valid, 'a new iterator is not on an entry yet').toBe(false);
    await it.seek();
    expect(it.valid && describeEntry(it.current()), 'seek() lands on the first entry').toBe(describeEntry(entries[0]!));
  });
});

describe('writeTable', () => {
  test.prop([tableEntries(), blockSize], { numRuns: 40 })(
    'writeTable describes what it wrote',
    async (entries, size) => {
      const fs = await freshDisk();
      const info = await writeTable(fs, PATH, entries, { blockSize: size });
      expect(info.path, 'TableInfo.path').toBe(PATH);
      expect(info.fileSize, 'TableInfo.fileSize is the size of the file').toBe(fs.size(PATH));
      expect(info.entryCount, 'TableInfo.entryCount counts every version, tombstones included').toBe(entries.length);
      const first = entries[0];
      const last = entries[entries.length - 1];
      expect(
        info.smallest && `${hexOf(info.smallest.userKey)}@${info.smallest.sequence}`,
        'TableInfo.smallest is the first internal key',
      ).toBe(first ? `${hexOf(first.key)}@${first.sequence}` : null);
      expect(
        info.largest && `${hexOf(info.largest.userKey)}@${info.largest.sequence}`,
        'TableInfo.largest is the last internal key',
      ).toBe(last ? `${hexOf(last.key)}@${last.sequence}` : null);
      expect(await fs.exists(`${PATH}.tmp`), 'the temporary file is gone once the table is in place').toBe(false);
    },
  );

  test.prop([tableEntries().filter((e) => e.length >= 2), fc.nat(), fc.integer({ min: 0, max: 2 }), blockSize], {
    numRuns: 40,
  })(
    'entries out of internal-key order, or a version given twice, are refused with TableOrderError, and no table is left',
    async (entries, where, how, size) => {
      const i = 1 + (where % (entries.length - 1));
      const broken = [...entries];
      const before = broken[i - 1]!;
      if (how === 0)
        [broken[i - 1], broken[i]] = [broken[i]!, broken[i - 1]!]; // two neighbours swapped
      else if (how === 1)
        broken.splice(i, 0, before); // the same version twice
      else
        broken.splice(
          i,
          0,
          before.value === null
            ? putEntry(before.sequence, before.key, utf8('x'))
            : deleteEntry(before.sequence, before.key),
        ); // a put and a delete at one sequence number
      const fs = await freshDisk();
      let refused: unknown;
      try {
        await writeTable(fs, PATH, broken, { blockSize: size });
      } catch (error) {
        refused = error;
      }
      if (refused !== undefined && !(refused instanceof TableOrderError)) throw refused;
      expect(
        refused,
        `entry ${i} is out of order (${['swapped', 'repeated', 'put and delete at one sequence'][how]}), yet writeTable accepted it`,
      ).toBeInstanceOf(TableOrderError);
      expect(
        (refused as TableOrderError).index,
        'TableOrderError.index is the number of entries accepted before it',
      ).toBe(i);
      expect(await fs.exists(PATH), 'a refused table must not appear at its path').toBe(false);
      expect(await fs.exists(`${PATH}.tmp`), 'a refused table must not leave its temporary file behind').toBe(false);
    },
  );

  it('block sizes outside 64..16 MiB are refused with a RangeError', async () => {
    const fs = await freshDisk();
    await writeTable(fs, PATH, [putEntry(1, utf8('a'), utf8('1'))], { blockSize: 64 });
    for (const bad of [0, 63, 1.5, 16 * 1024 * 1024 + 1]) {
      await expect(writeTable(fs, 'db/other.sst', [], { blockSize: bad }), `blockSize ${bad}`).rejects.toThrow(
        RangeError,
      );
    }
  });
});
