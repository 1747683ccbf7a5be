/**
 * Lesson 07, damaged tables. Every failure must be a CorruptTableError that names the file and
 * the damaged bytes, and the reader must never read outside the file. Each property targets a bug:
 *
 * - "a flipped byte anywhere is detected, and the error names the bytes that hold it": the
 *   footer's checksum not checked (a damaged handle is then followed), the magic not checked (it
 *   is outside the footer's checksum), a meta block that is only read when a policy asks for it
 *   (then its damage goes unnoticed), a lesson-06 error let through without the file and offset,
 *   an error that names the wrong block.
 * - "a table cut short at any length is detected" and "files of 0 to 39 bytes are too short": a
 *   short file read from a negative offset, a footer read from the wrong place, no magic check.
 * - "a changed byte anywhere in the footer is reported as damage to the footer": the footer's
 *   checksum not checked (a damaged handle then sends the reader to the wrong bytes, and the error
 *   names some other block, or none).
 * - "damage in the meta block is detected ... without a filter policy": the meta block read only
 *   when a policy asks for it.
 * - "a footer with another magic / version, with a correct checksum, is refused": the magic or
 *   the version not verified.
 * - "footer handles that do not fit before the footer are refused, without reading there": handles
 *   trusted, so open() reads past the end (the file system throws a RangeError, not a typed error).
 * - "index handles that point outside the data blocks are refused, without reading there": the
 *   handles in the index trusted in get() or in the iterator.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { putEntry } from '@ferris/01-wal-entry/entry.ts';
import { BlockBuilder } from '@ferris/06-block/block-builder.ts';
import { CorruptTableError } from '@ferris/07-sstable/format.ts';
import { TableReader } from '@ferris/07-sstable/table-reader.ts';
import { writeTable } from '@ferris/07-sstable/table-writer.ts';
import { concat, u32le, u64le, utf8 } from '../shared/bytes.ts';
import { ReadRecordingFileSystem } from '../shared/recording-fs.ts';
import { freshDisk, writeDurably } from '../shared/disk.ts';
import { rejected } from '../shared/errors.ts';
import {
  blockSize,
  ExactSetPolicy,
  footerBytes,
  parseTable,
  compareKeys,
  splitKey,
  tableEntries,
  type Handle,
} from './helpers.ts';

const PATH = 'db/000003.sst';

/** Opens the table and reads everything in it: a full scan and a get of every key. */
async function readAll(
  fs: ReadRecordingFileSystem,
  path: string,
  keys: Uint8Array[],
  withFilter = true,
): Promise<void> {
  const reader = await TableReader.open(fs, path, { filterPolicy: withFilter ? new ExactSetPolicy() : undefined });
  try {
    for await (const _ of reader.entries());
    for (const k of keys) await reader.get(k);
  } finally {
    await reader.close();
  }
}

describe('damage', () => {
  test.prop([tableEntries(40), blockSize, fc.boolean(), fc.nat(), fc.integer({ min: 1, max: 255 })], { numRuns: 100 })(
    'a flipped byte anywhere in a table is detected, and the error names the file and the bytes that hold it',
    async (entries, size, withFilter, where, xor) => {
      const sim = await freshDisk();
      await writeTable(sim, PATH, entries, {
        blockSize: size,
        filterPolicy: withFilter ? new ExactSetPolicy() : undefined,
      });
      const bytes = await sim.readFile(PATH);
      const at = where % bytes.length;
      bytes[at]! ^= xor;
      await writeDurably(sim, 'db/damaged.sst', bytes);
      const fs = new ReadRecordingFileSystem(sim);
      const error = await rejected(
        CorruptTableError,
        () =>
          readAll(
            fs,
            'db/damaged.sst',
            entries.map((e) => e.key),
            withFilter,
          ),
        `byte ${at} of ${bytes.length} was changed`,
      );
      expect(error.file, 'the error names the file').toBe('db/damaged.sst');
      expect(
        at >= error.offset && at < error.offset + error.length,
        `the damaged byte ${at} must be inside the bytes the error names (${error.offset}, ${error.length} bytes, check ${error.check})`,
      ).toBe(true);
      expect(fs.outside, 'the reader read outside the file').toEqual([]);
    },
  );

  test.prop([tableEntries(40), blockSize, fc.nat()], { numRuns: 60 })(
    'a table cut short at any length is detected, naming the file',
    async (entries, size, where) => {
      const sim = await freshDisk();
      await writeTable(sim, PATH, entries, { blockSize: size });
      const length = where % sim.size(PATH);
      await sim.truncate(PATH, length);
      const fs = new ReadRecordingFileSystem(sim);
      const error = await rejected(
        CorruptTableError,
        () =>
          readAll(
            fs,
            PATH,
            entries.map((e) => e.key),
          ),
        `the table was cut to ${length} bytes`,
      );
      expect(error.file, 'the error names the file').toBe(PATH);
      expect(error.offset + error.length, 'the bytes the error names are inside the file').toBeLessThanOrEqual(length);
      expect(fs.outside, 'the reader read outside the file').toEqual([]);
    },
  );

  it('a changed byte anywhere in the footer is reported as damage to the footer', async () => {
    const sim = await freshDisk();
    await writeTable(sim, PATH, [putEntry(1, utf8('a'), utf8('1')), putEntry(2, utf8('b'), utf8('2'))], {
      blockSize: 64,
    });
    const bytes = await sim.readFile(PATH);
    const footerAt = bytes.length - 40;
    for (let at = footerAt; at < bytes.length; at++) {
      const damaged = Uint8Array.from(bytes);
      damaged[at]! ^= 0x04;
      await writeDurably(sim, `db/footer-${at}.sst`, damaged);
      const fs = new ReadRecordingFileSystem(sim);
      const error = await rejected(
        CorruptTableError,
        () => readAll(fs, `db/footer-${at}.sst`, [utf8('a'), utf8('b')], false),
        `footer byte ${at - footerAt} was changed`,
      );
      expect(
        [error.offset, error.length],
        `footer byte ${at - footerAt} was changed: the error must name the footer (check ${error.check})`,
      ).toEqual([footerAt, 40]);
      expect(fs.outside, 'the reader read outside the file').toEqual([]);
    }
  });

  it('files of 0 to 39 bytes are too short to be a table, and nothing is read outside them', async () => {
    const sim = await freshDisk();
    await writeTable(sim, PATH, [putEntry(1, utf8('a'), utf8('1'))]);
    const bytes = await sim.readFile(PATH);
    for (let length = 0; length < 40; length++) {
      await writeDurably(sim, `db/short-${length}.sst`, bytes.subarray(bytes.length - length));
      const fs = new ReadRecordingFileSystem(sim);
      const error = await rejected(
        CorruptTableError,
        () => TableReader.open(fs, `db/short-${length}.sst`),
        `a file of ${length} bytes was opened`,
      );
      expect(error.check, `a file of ${length} bytes: the failed check`).toBe('too-short');
      expect(fs.outside, 'the reader read outside the file').toEqual([]);
    }
  });

  it('damage in the meta block is detected when the table is opened, even by a reader without a filter policy', async () => {
    const sim = await freshDisk();
    await writeTable(sim, PATH, [putEntry(1, utf8('a'), utf8('1'))]);
    const bytes = await sim.readFile(PATH);
    const meta = parseTable(bytes).meta;
    for (let at = meta.offset; at < meta.offset + meta.size; at++) {
      const damaged = Uint8Array.from(bytes);
      damaged[at]! ^= 0x10;
      await writeDurably(sim, `db/meta-${at}.sst`, damaged);
      const error = await rejected(
        CorruptTableError,
        () => TableReader.open(sim, `db/meta-${at}.sst`),
        `byte ${at}, in the meta block, was changed`,
      );
      expect(error.offset, 'the error names the meta block').toBe(meta.offset);
    }
  });
});

describe('footers and handles that lie behind a good checksum', () => {
  /** A real table's bytes, and its footer's handles. */
  async function realTable() {
    const sim = await freshDisk();
    const entries = Array.from({ length: 30 }, (_, i) =>
      putEntry(i + 1, utf8(`key${String(i).padStart(3, '0')}`), utf8(`value ${i}`)),
    );
    await writeTable(sim, PATH, entries, { blockSize: 64 });
    const bytes = await sim.readFile(PATH);
    const table = parseTable(bytes);
    return { sim, entries, bytes, table, body: bytes.subarray(0, bytes.length - 40) };
  }

  it('a footer with another magic number is refused (check "magic")', async () => {
    const { sim, body, table, entries } = await realTable();
    await writeDurably(sim, 'db/x.sst', concat(body, footerBytes(table.meta, table.index, 1, utf8('LEVELDB!'))));
    const error = await rejected(
      CorruptTableError,
      () =>
        readAll(
          new ReadRecordingFileSystem(sim),
          'db/x.sst',
          entries.map((e) => e.key),
        ),
      'the magic number was LEVELDB!',
    );
    expect(error.check, 'the failed check').toBe('magic');
    expect(error.offset, 'the error names the footer').toBe(body.length);
  });

  it('a footer with format version 2 is refused (check "version")', async () => {
    const { sim, body, table, entries } = await realTable();
    await writeDurably(sim, 'db/x.sst', concat(body, footerBytes(table.meta, table.index, 2)));
    const error = await rejected(
      CorruptTableError,
      () =>
        readAll(
          new ReadRecordingFileSystem(sim),
          'db/x.sst',
          entries.map((e) => e.key),
        ),
      'the format version was 2',
    );
    expect(error.check, 'the failed check').toBe('version');
    expect(error.message, 'the message says which version was found').toContain('2');
  });

  /** A handle that does not fit before the footer: running into it, starting past it, or smaller than any block. */
  function outside(footerAt: number, kind: number, a: number, b: number): Handle {
    if (kind === 0) {
      const offset = a % footerAt;
      return { offset, size: footerAt - offset + 1 + (b % 1000) };
    }
    if (kind === 1) return { offset: footerAt + (a % 2 ** 30), size: 12 + (b % 100) };
    return { offset: a % (footerAt - 12), size: b % 12 };
  }

  test.prop([fc.boolean(), fc.integer({ min: 0, max: 2 }), fc.nat(), fc.nat()], { numRuns: 40 })(
    'footer handles that do not fit before the footer are refused (check "handle"), without reading there',
    async (lieAboutIndex, kind, a, b) => {
      const { sim, body, table } = await realTable();
      const bad = outside(body.length, kind, a, b);
      const footer = lieAboutIndex ? footerBytes(table.meta, bad) : footerBytes(bad, table.index);
      await writeDurably(sim, 'db/x.sst', concat(body, footer));
      const fs = new ReadRecordingFileSystem(sim);
      const error = await rejected(
        CorruptTableError,
        () => readAll(fs, 'db/x.sst', []),
        `the ${lieAboutIndex ? 'index' : 'meta'} handle was offset ${bad.offset}, size ${bad.size} (the footer starts at ${body.length})`,
      );
      expect(error.check, 'the failed check').toBe('handle');
      expect(fs.outside, 'the reader read outside the file').toEqual([]);
    },
  );

  test.prop([fc.integer({ min: 0, max: 29 }), fc.integer({ min: 0, max: 2 })], { numRuns: 40 })(
    'index handles that point outside the data blocks are refused (check "handle"), by get and by the iterator, without reading there',
    async (which, how) => {
      const { sim, bytes, table } = await realTable();
      // A new index block: the same keys, one handle replaced by one that points past the data blocks.
      const dataEnd = table.meta.offset;
      const victim = which % table.blocks.length;
      const index = new BlockBuilder({ restartInterval: 1, compare: compareKeys });
      table.blocks.forEach((b, i) => {
        let h = b.handle;
        if (i === victim) {
          h =
            how === 0
              ? { offset: dataEnd, size: 20 }
              : how === 1
                ? { offset: b.handle.offset, size: dataEnd - b.handle.offset + 1 }
                : { offset: bytes.length + 100, size: 30 };
        }
        index.add(b.indexKey, concat(u64le(h.offset), u32le(h.size)));
      });
      const indexBytes = index.finish();
      const meta = bytes.subarray(table.meta.offset, table.meta.offset + table.meta.size);
      const head = bytes.subarray(0, dataEnd);
      const file = concat(
        head,
        meta,
        indexBytes,
        footerBytes(table.meta, { offset: dataEnd + meta.length, size: indexBytes.length }),
      );
      await writeDurably(sim, 'db/x.sst', file);
      const fs = new ReadRecordingFileSystem(sim);
      const reader = await TableReader.open(fs, 'db/x.sst');
      const victimKey = splitKey(table.blocks[victim]!.keys[0]!).userKey;
      const scan = await rejected(
        CorruptTableError,
        async () => {
          for await (const _ of reader.entries());
        },
        `data block ${victim}'s handle was bad and a full scan did not notice`,
      );
      expect(scan.check, 'the failed check').toBe('handle');
      const get = await rejected(
        CorruptTableError,
        () => reader.get(victimKey),
        `data block ${victim}'s handle was bad and get() did not notice`,
      );
      expect(get.check, 'the failed check').toBe('handle');
      expect(fs.outside, 'the reader read outside the file').toEqual([]);
    },
  );
});
