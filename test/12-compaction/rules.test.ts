/**
 * Lesson 12, the rules of compaction one at a time: the overlap test, the "is this the bottom
 * for this key" test, and the space a compaction gives back. What each property catches:
 *
 * - "overlapping returns exactly the tables that share a key with the range": a strict
 *   comparison that misses a table touching the range at one edge key, a test of one end only.
 * - "isBottomFor is false whenever a deeper level may hold the key": a loop that stops before the
 *   last level, or starts at the compaction's input level.
 * - "overwritten values and tombstones leave the database once nothing deeper can hold their
 *   keys": a merge that keeps every version, tombstones never dropped, or kept whenever the
 *   output level itself held the key (that level's tables are inputs: they are being replaced).
 *   Both keep reads right, so only the space they waste shows them.
 */
import { expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import { LEVEL_COUNT, type TableMeta, type VersionState } from '@ferris/10-lsm-engine/version.ts';
import { isBottomFor, leveledCompaction, overlapping } from '@ferris/12-compaction/leveled.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { compare, hexOf, tableMeta, unwrapStopped, utf8 } from '../10-lsm-engine/helpers.ts';

const byte = fc.integer({ min: 0x60, max: 0x6a }).map((b) => Uint8Array.of(b));
/** A table's key range, [smallest, largest] with smallest <= largest. */
type Range = readonly [Uint8Array, Uint8Array];
const range: fc.Arbitrary<Range> = fc.tuple(byte, byte).map(([a, b]): Range => (compare(a, b) <= 0 ? [a, b] : [b, a]));
const table = (fileNumber: number, [smallest, largest]: Range): TableMeta => tableMeta(fileNumber, smallest, largest);
/** A database stopped by a failed compaction says why in its cause: throw that, the real error. */
const u = unwrapStopped;

const show = (t: TableMeta) => `table ${t.fileNumber} [${hexOf(t.smallest.userKey)}..${hexOf(t.largest.userKey)}]`;

test.prop([fc.array(range, { maxLength: 8 }), range])(
  'overlapping returns exactly the tables that share a key with the range',
  (ranges, [lo, hi]) => {
    const tables = ranges.map((r, i) => table(i + 1, r));
    // The model: with one-byte keys, two ranges overlap when some byte lies in both.
    const shares = (t: TableMeta) => {
      for (let b = 0x60; b <= 0x6a; b++) {
        const k = Uint8Array.of(b);
        const inT = compare(k, t.smallest.userKey) >= 0 && compare(k, t.largest.userKey) <= 0;
        const inRange = compare(k, lo) >= 0 && compare(k, hi) <= 0;
        if (inT && inRange) return true;
      }
      return false;
    };
    expect(
      overlapping(tables, lo, hi).map(show),
      `the tables that share at least one key with [${hexOf(lo)}..${hexOf(hi)}] (sharing only an edge key counts)`,
    ).toEqual(tables.filter(shares).map(show));
  },
);

test.prop([
  fc.array(fc.array(range, { maxLength: 3 }), { minLength: LEVEL_COUNT, maxLength: LEVEL_COUNT }),
  fc.integer({ min: 0, max: LEVEL_COUNT - 1 }),
  byte,
])(
  'isBottomFor is false whenever a deeper level may hold the key, down to the last level',
  (levelRanges, level, key) => {
    let n = 0;
    const version: VersionState = {
      levels: levelRanges.map((rs) => rs.map((r) => table(++n, r))),
      logNumber: 0,
      nextFileNumber: n + 1,
      lastSequence: 1,
    };
    const holders = version.levels.flatMap((tables, l) =>
      l > level
        ? tables
            .filter((t) => compare(key, t.smallest.userKey) >= 0 && compare(key, t.largest.userKey) <= 0)
            .map((t) => `level ${l}: ${show(t)}`)
        : [],
    );
    expect(
      isBottomFor(version, level, key),
      holders.length === 0
        ? `no level below ${level} has a table whose range holds ${hexOf(key)}, so level ${level} is the bottom for it`
        : `level ${level} is not the bottom for ${hexOf(key)}: ${holders.join(', ')} may hold an older version (levels at or above ${level} do not count)`,
    ).toBe(holders.length === 0);
  },
);

it('overwritten values and tombstones leave the database once nothing deeper can hold their keys', async () => {
  const fs = new SimulatedFileSystem({ seed: 12 });
  // Big budgets: only level 0 and level 1 are ever used, so level 1 is the bottom for every key.
  const compaction = leveledCompaction({ level0Tables: 2, level1Bytes: 1 << 20, targetTableBytes: 200 });
  const db = await openDb(fs, 'db', { memtableBytes: 1 << 20, blockSize: 64, compaction });
  const keys = Array.from({ length: 20 }, (_, i) => utf8(`key${String(i).padStart(2, '0')}`));
  const entries = () =>
    db.version.levels
      .map((tables, level) => `level ${level}: ${tables.reduce((sum, t) => sum + t.entryCount, 0)} entries`)
      .join(', ');
  const expected = (level1: number) =>
    Array.from({ length: LEVEL_COUNT }, (_, level) => `level ${level}: ${level === 1 ? level1 : 0} entries`).join(', ');

  for (const k of keys) await u(db.put(k, utf8('old')));
  await u(db.flush());
  for (const k of keys) await u(db.put(k, utf8('new')));
  await u(db.flush()); // two level-0 tables: compacted into level 1
  expect(
    entries(),
    'after writing 20 keys twice and a compaction into level 1, only the newest version of each key is left',
  ).toBe(expected(20));

  for (const k of keys.slice(0, 10)) await u(db.delete(k));
  await u(db.flush());
  for (const k of keys.slice(10)) await u(db.delete(k));
  await u(db.flush()); // two level-0 tables of tombstones: compacted with every level-1 table
  expect(
    entries(),
    'after deleting all 20 keys and a compaction into level 1, nothing below level 1 can hold them: the values and the tombstones must both be gone',
  ).toBe(expected(0));
  const left: string[] = [];
  for await (const [k] of db.scan()) left.push(hexOf(k));
  expect(left, 'a scan after deleting every key').toEqual([]);
  await db.close();
});
