/**
 * Lesson 07, the shapes random tables rarely have. A table of random keys seldom holds one key
 * with dozens of versions spread over several blocks, seldom asks for sequence number 0 or for the
 * empty key, and never lands a block exactly on blockSize. What it catches:
 *
 * - "one key with many versions across blocks: get and seek find the right version at every
 *   sequence number": `atSequence || MAX_SEQUENCE` (sequence 0 is falsy, so get(key, 0) returns
 *   the newest version), a seek that treats the empty key as "from the start" and ignores the
 *   sequence number, the iterator's seek target built with the kind of a delete (a put at exactly
 *   the target's sequence number is skipped), an index key too large or too small for a block
 *   that ends in the middle of one key's versions.
 * - "a data block that reaches exactly blockSize is finished there": `>` where the rule says
 *   "once it reaches" (`>=`), so a block of exactly blockSize takes one more entry.
 * - "blockSize may be exactly MIN_BLOCK_SIZE or MAX_BLOCK_SIZE": a limit checked with `>=` or `<=`.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { deleteEntry, MAX_SEQUENCE, putEntry, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { BlockBuilder } from '@ferris/06-block/block-builder.ts';
import { MAX_BLOCK_SIZE, MIN_BLOCK_SIZE } from '@ferris/07-sstable/format.ts';
import { TableReader } from '@ferris/07-sstable/table-reader.ts';
import { writeTable } from '@ferris/07-sstable/table-writer.ts';
import { hexOf } from '../shared/bytes.ts';
import { freshDisk } from '../shared/disk.ts';
import {
  compareKeys,
  describeEntry,
  modelGet,
  modelSeek,
  parseTable,
  show,
  showLookup,
  sortEntries,
  tableEntries,
} from './helpers.ts';

const PATH = 'db/000007.sst';

/** The key with many versions: the empty key, a one-byte key, or a zero byte (all falsy-looking). */
const manyVersionsKey = fc.constantFrom(new Uint8Array(0), Uint8Array.of(0x6b), Uint8Array.of(0));
const value = fc.option(fc.oneof(fc.constant(new Uint8Array(0)), fc.uint8Array({ maxLength: 12 })), {
  nil: null,
  freq: 4,
});

/** One key with 15 to 60 versions (sequence 0 always among them), between a few other keys. */
const manyVersions = fc
  .record({
    key: manyVersionsKey,
    sequences: fc.uniqueArray(fc.oneof(fc.nat(150), fc.constant(MAX_SEQUENCE)), { minLength: 15, maxLength: 60 }),
    values: fc.array(value, { minLength: 61, maxLength: 61 }),
    neighbours: fc.array(fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 2 }), fc.nat(150), value), {
      maxLength: 12,
    }),
  })
  .map(({ key, sequences, values, neighbours }) => {
    const versions = [...new Set([0, ...sequences])].map((s, i) => {
      const v = values[i % values.length]!;
      return v === null ? deleteEntry(s, key) : putEntry(s, key, v);
    });
    const seen = new Set(versions.map((e) => `${hexOf(e.key)}@${e.sequence}`));
    const others: WalEntry[] = [];
    for (const [k, s, v] of neighbours) {
      const id = `${hexOf(k)}@${s}`;
      if (seen.has(id)) continue;
      seen.add(id);
      others.push(v === null ? deleteEntry(s, k) : putEntry(s, k, v));
    }
    return { key, entries: sortEntries([...versions, ...others]) };
  });

describe('many versions of one key', () => {
  test.prop([manyVersions, fc.integer({ min: 64, max: 160 }), fc.integer({ min: 1, max: 4 })], { numRuns: 40 })(
    'one key with many versions across blocks: get and seek find the right version at every sequence number',
    async ({ key, entries }, size, interval) => {
      const fs = await freshDisk();
      await writeTable(fs, PATH, entries, { blockSize: size, restartInterval: interval });
      const reader = await TableReader.open(fs, PATH);
      const story = `key ${hexOf(key) || '(empty)'} with ${entries.filter((e) => e.key.length === key.length && hexOf(e.key) === hexOf(key)).length} versions in a table of ${entries.length} entries, blocks of ${size} bytes`;
      const sequences = new Set([0, MAX_SEQUENCE]);
      for (const e of entries) for (const s of [e.sequence - 1, e.sequence, e.sequence + 1]) sequences.add(s);
      const it = reader.iterator();
      for (const at of [...sequences].filter((s) => s >= 0 && s <= MAX_SEQUENCE)) {
        expect(showLookup(await reader.get(key, at)), `${story}: get(${hexOf(key)}, ${at})`).toBe(
          showLookup(modelGet(entries, key, at)),
        );
        await it.seek({ userKey: key, sequence: at });
        const want = entries[modelSeek(entries, { userKey: key, sequence: at })];
        expect(
          it.valid ? describeEntry(it.current()) : 'past the end',
          `${story}: seek(${hexOf(key)}@${at}) lands on the first entry at or after it`,
        ).toBe(want ? describeEntry(want) : 'past the end');
      }
      expect(showLookup(await reader.get(key)), `${story}: get(${hexOf(key)}) with no sequence number`).toBe(
        showLookup(modelGet(entries, key)),
      );
      await reader.close();
    },
  );
});

describe('limits exactly', () => {
  /** The size of a data block holding the first `n` entries, as writeTable builds it (restart interval 16). */
  function blockBytes(entries: readonly WalEntry[], n: number): number {
    const builder = new BlockBuilder({ restartInterval: 16, compare: compareKeys });
    for (const e of entries.slice(0, n)) {
      const kind = e.value === null ? 0 : 1;
      const trailer = new Uint8Array(8);
      let rest = e.sequence;
      for (let i = 6; i >= 0; i--) {
        trailer[i] = rest % 256;
        rest = Math.floor(rest / 256);
      }
      trailer[7] = kind;
      const encoded = new Uint8Array(e.key.length + 8);
      encoded.set(e.key);
      encoded.set(trailer, e.key.length);
      builder.add(encoded, e.value ?? new Uint8Array(0));
    }
    return builder.estimatedSize();
  }

  test.prop([tableEntries(60).filter((e) => e.length >= 3), fc.nat()], { numRuns: 60 })(
    'a data block that reaches exactly blockSize is finished there',
    async (entries, pick) => {
      // blockSize is the size of a block of the first n entries: the first block must hold exactly those.
      const candidates = entries
        .map((_, i) => ({ n: i + 1, bytes: blockBytes(entries, i + 1) }))
        .filter((c) => c.n < entries.length && c.bytes >= MIN_BLOCK_SIZE && c.bytes <= MAX_BLOCK_SIZE);
      if (candidates.length === 0) return;
      const { n, bytes } = candidates[pick % candidates.length]!;
      const fs = await freshDisk();
      await writeTable(fs, PATH, entries, { blockSize: bytes });
      const first = parseTable(await fs.readFile(PATH)).blocks[0]!;
      expect(
        first.keys.length,
        `blockSize ${bytes}, and the first ${n} entries make a block of exactly ${bytes} bytes: the block has reached blockSize and must be finished after entry ${n}`,
      ).toBe(n);
      expect(first.handle.size, 'the first data block is exactly blockSize bytes').toBe(bytes);
    },
  );

  test.prop([tableEntries(20)], { numRuns: 10 })(
    'blockSize may be exactly MIN_BLOCK_SIZE or MAX_BLOCK_SIZE',
    async (entries) => {
      for (const size of [MIN_BLOCK_SIZE, MAX_BLOCK_SIZE]) {
        const fs = await freshDisk();
        await writeTable(fs, PATH, entries, { blockSize: size });
        const reader = await TableReader.open(fs, PATH);
        const got: WalEntry[] = [];
        for await (const e of reader.entries()) got.push(e);
        expect(show(got), `a table written with blockSize exactly ${size}`).toEqual(show(entries));
        await reader.close();
      }
    },
  );
});
