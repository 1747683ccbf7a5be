/**
 * Lesson 12, moves: a pick that overlaps nothing below goes down a level as it is. What each
 * property catches:
 *
 * - "canMove says yes exactly when...": a move onto tables it overlaps (the level below would
 *   overlap, and reads would miss keys), two level-0 tables that share a key moved together
 *   (`<=` where the neighbours' ranges must be strictly apart), inputs compared in the order
 *   they come (level 0 is newest first, not sorted by key).
 * - "a fill in key order is moved, never rewritten": a strategy that never moves, so every key
 *   of a sequential load is read and written again at every level.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import type { TableMeta } from '@ferris/10-lsm-engine/version.ts';
import { canMove, leveledCompaction } from '@ferris/12-compaction/leveled.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { fromHex, hexOf, tableMeta, unwrapStopped } from '../10-lsm-engine/helpers.ts';

/** A table holding the keys [from, to] (one byte each). */
const table = (fileNumber: number, from: number, to: number): TableMeta =>
  tableMeta(fileNumber, Uint8Array.of(from), Uint8Array.of(to));
const range = fc.tuple(fc.nat(30), fc.nat(6)).map(([from, width]) => [from, from + width] as const);
const meets = (a: TableMeta, b: TableMeta) =>
  a.smallest.userKey[0]! <= b.largest.userKey[0]! && b.smallest.userKey[0]! <= a.largest.userKey[0]!;
const show = (ts: readonly TableMeta[]) =>
  ts.map((t) => `[${t.smallest.userKey[0]}..${t.largest.userKey[0]}]`).join(' ') || 'none';

test.prop([fc.array(range, { minLength: 1, maxLength: 5 }), fc.array(range, { maxLength: 3 })])(
  'canMove says yes exactly when no table below is in the pick and no two tables of the pick share a key',
  (inputRanges, belowRanges) => {
    const inputs = inputRanges.map(([from, to], i) => table(10 + i, from, to));
    const overlapping = belowRanges.map(([from, to], i) => table(50 + i, from, to));
    const apart = inputs.every((a, i) => inputs.every((b, j) => i === j || !meets(a, b)));
    expect(
      canMove({ level: 0, inputs, overlapping }),
      `inputs ${show(inputs)}, overlapping tables below ${show(overlapping)}`,
    ).toBe(apart && overlapping.length === 0);
  },
);

test.prop([fc.integer({ min: 60, max: 200 })], { numRuns: 15 })(
  'a fill in key order is moved down the levels, never rewritten, and reads back whole',
  async (count) => {
    const compaction = leveledCompaction({ level0Tables: 2, level1Bytes: 512, sizeRatio: 2, targetTableBytes: 256 });
    const db = await openDb(new SimulatedFileSystem({ seed: 5 }), 'db', { memtableBytes: 256, compaction });
    const key = (i: number) => fromHex(i.toString(16).padStart(6, '0'));
    for (let i = 0; i < count; i++) await unwrapStopped(db.put(key(i), Uint8Array.of(i & 0xff)));
    await unwrapStopped(db.flush());
    const levels = db.version.levels.map((l) => l.length).join(', ');
    expect(compaction.stats.moves, `moves (levels ${levels})`).toBeGreaterThan(0);
    expect(
      compaction.stats.bytesWritten,
      `bytes compaction wrote for a fill in key order, whose tables never overlap (levels ${levels}): every pick could be a move`,
    ).toBe(0);
    for (let i = 0; i < count; i++)
      expect(hexOf((await db.get(key(i)))!), `get(${hexOf(key(i))})`).toBe(hexOf(Uint8Array.of(i & 0xff)));
    await db.close();
  },
);
