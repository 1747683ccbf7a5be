/**
 * Lesson 07, the table's bytes, read by the test's own parser of the format in README.md. Each
 * property targets a bug:
 *
 * - "the file is data blocks, meta block, index block, footer, back to back": a block handle's
 *   offset or size off by one, a gap or an overlap between blocks, the meta and index blocks
 *   written in the other order, a footer of another size.
 * - "the footer is as documented": the handles in the wrong order, the checksum over the wrong
 *   bytes (including the magic, or not the version), the magic or the version missing.
 * - "each index key is the last key of its data block": an index key that is too small (the
 *   block's first key: a seek for a key inside the block goes to the next one) or too large (the
 *   next block's first key: a seek for that key goes to this block).
 * - "each data block is finished as soon as it reaches blockSize": blocks cut too early (the size
 *   checked against the wrong number, or before the entry is added), or blockSize ignored (one
 *   huge block, which every read must then read whole).
 * - "keys in data blocks are user key + 7-byte big-endian sequence + kind": the trailer in the
 *   wrong byte order, puts and deletes with the kinds swapped, values of deletes not empty.
 */
import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import { putEntry, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { crc32c } from '@ferris/02-serialization/crc32c.ts';
import { Block } from '@ferris/06-block/block.ts';
import { BlockBuilder } from '@ferris/06-block/block-builder.ts';
import { writeTable } from '@ferris/07-sstable/table-writer.ts';
import { hexOf, utf8 } from '../shared/bytes.ts';
import { freshDisk } from '../shared/disk.ts';
import { blockSize, compareKeys, parseTable, show, splitKey, tableEntries } from './helpers.ts';

const PATH = 'db/000005.sst';

/** Writes `entries` as a table on a fresh disk; returns what writeTable said, the bytes and the parsed table. */
async function written(entries: WalEntry[], size: number) {
  const fs = await freshDisk();
  const info = await writeTable(fs, PATH, entries, { blockSize: size });
  const bytes = await fs.readFile(PATH);
  return { info, bytes, t: parseTable(bytes) };
}

describe('the layout', () => {
  test.prop([tableEntries(), blockSize], { numRuns: 50 })(
    'the file is data blocks, then the meta block, the index block and the footer, back to back, and the footer is as documented',
    async (entries, size) => {
      const { info, bytes, t } = await written(entries, size);
      let at = 0;
      t.blocks.forEach((b, i) => {
        expect(b.handle.offset, `data block ${i} must start where the one before it ends`).toBe(at);
        at += b.handle.size;
      });
      expect(t.meta.offset, 'the meta block starts right after the last data block').toBe(at);
      expect(t.index.offset, 'the index block starts right after the meta block').toBe(t.meta.offset + t.meta.size);
      expect(
        t.index.offset + t.index.size,
        'the footer starts right after the index block, 40 bytes before the end',
      ).toBe(bytes.length - 40);
      expect(t.version, 'the format version').toBe(1);
      expect(t.magic, 'the last 8 bytes are the magic').toBe('FERRISST');
      expect(t.footerChecksum, "the footer's checksum is the CRC32C of its first 28 bytes").toBe(
        crc32c(bytes.subarray(bytes.length - 40, bytes.length - 12)),
      );
      expect(info.dataBlockCount, 'TableInfo.dataBlockCount is the number of data blocks').toBe(t.blocks.length);
    },
  );

  test.prop([tableEntries(), blockSize], { numRuns: 50 })(
    'each index key is the last key of its data block, and each data block is finished as soon as it reaches blockSize',
    async (entries, size) => {
      const { bytes, t } = await written(entries, size);
      t.blocks.forEach((b, i) => {
        expect(b.keys.length, `data block ${i} is empty`).toBeGreaterThan(0);
        expect(hexOf(b.indexKey), `the index key of data block ${i} must be the block's last key`).toBe(
          hexOf(b.keys[b.keys.length - 1]!),
        );
        if (i < t.blocks.length - 1) {
          expect(
            b.handle.size,
            `data block ${i} of ${t.blocks.length} was finished before it reached blockSize ${size}`,
          ).toBeGreaterThanOrEqual(size);
        }
        // Without its last entry the block was still under blockSize: it was finished as soon as it got there.
        const all = [...Block.decode(bytes.subarray(b.handle.offset, b.handle.offset + b.handle.size)).entries()];
        const shorter = new BlockBuilder({ restartInterval: 16, compare: compareKeys });
        for (const [k, v] of all.slice(0, -1)) shorter.add(k, v);
        expect(
          shorter.estimatedSize(),
          `data block ${i} went on past blockSize ${size}: it should have been finished one entry earlier`,
        ).toBeLessThan(size);
      });
    },
  );

  test.prop([tableEntries(), blockSize], { numRuns: 40 })(
    'keys in data blocks are the user key, the sequence number in 7 bytes big-endian, and the kind (1 put, 0 delete)',
    async (entries, size) => {
      const { bytes, t } = await written(entries, size);
      const stored = t.blocks.flatMap((b) => [
        ...Block.decode(bytes.subarray(b.handle.offset, b.handle.offset + b.handle.size)).entries(),
      ]);
      expect(
        stored.map(([k, v]) => {
          const s = splitKey(k);
          return `${hexOf(s.userKey)}@${s.sequence}=${s.kind === 0 ? 'DELETE' : s.kind === 1 ? hexOf(v) : `kind ${s.kind}`}${s.kind === 0 && v.length > 0 ? ' with a value' : ''}`;
        }),
        'the data blocks, read key by key as README.md describes them',
      ).toEqual(show(entries));
    },
  );

  it('one put of "a" at sequence 258 is exactly these 113 bytes', async () => {
    const fs = await freshDisk();
    await writeTable(fs, PATH, [putEntry(258, utf8('a'), utf8('v'))]);
    const bytes = await fs.readFile(PATH);
    const regions: Array<[string, number, string]> = [
      // [what, size, bytes]
      [
        'data block: entry (shared 0, 9 key bytes, 1 value byte, "a", sequence 258, put, "v")',
        13,
        '00 09 01 61 00 00 00 00 00 01 02 01 76',
      ],
      ['data block: restart 0, restart count 1, CRC32C', 12, '00 00 00 00 01 00 00 00 5b 39 ed bd'],
      ['meta block: empty (no filter policy)', 12, '00 00 00 00 01 00 00 00 32 18 6d 51'],
      [
        'index block: entry (the last key of data block 0 -> offset 0, size 25)',
        24,
        '00 09 0c 61 00 00 00 00 00 01 02 01 00 00 00 00 00 00 00 00 19 00 00 00',
      ],
      ['index block: restart 0, restart count 1, CRC32C', 12, '00 00 00 00 01 00 00 00 91 c7 69 30'],
      ['footer: meta handle (offset 25, size 12)', 12, '19 00 00 00 00 00 00 00 0c 00 00 00'],
      ['footer: index handle (offset 37, size 36)', 12, '25 00 00 00 00 00 00 00 24 00 00 00'],
      ['footer: format version 1, CRC32C of the 28 bytes before', 8, '01 00 00 00 28 f9 2e d9'],
      ['footer: magic "FERRISST"', 8, '46 45 52 52 49 53 53 54'],
    ];
    expect(bytes.length, 'the whole table').toBe(113);
    let at = 0;
    for (const [what, size, expected] of regions) {
      expect(
        hexOf(bytes.subarray(at, at + size)).replace(/(..)(?!$)/g, '$1 '),
        `bytes ${at}..${at + size - 1}, ${what}`,
      ).toBe(expected);
      at += size;
    }
  });
});
