/**
 * Lesson 10, reading levels above 0. A level above 0 is sorted and its tables do not overlap, so a
 * get finds its one table by binary search (`findTable`). The test moves tables down with a tiny
 * strategy of its own (lesson 12 writes the real one). What this catches:
 *
 * - a binary search that treats a table's largest key as outside it (`<=` for `<`): the last key
 *   of every table reads as missing.
 * - a get that indexes the pinned readers (`snapshot.tables`) by the position in the level alone,
 *   forgetting the tables of the levels before: a level-1 key is looked for in a level-0 table.
 * - level 0 searched like a deeper level: its tables overlap, and the newest version is missed.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import type { CompactionStrategy } from '@ferris/10-lsm-engine/options.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { compare, hexOf } from './helpers.ts';

/** Moves the oldest level-0 table to level 1 when it overlaps nothing there; the newest stays in level 0. */
const moveDown: CompactionStrategy = {
  name: 'move down',
  async compact(host) {
    for (;;) {
      const [level0, level1] = [host.version.levels[0]!, host.version.levels[1]!];
      const oldest = level0.at(-1);
      if (level0.length < 2 || oldest === undefined) return;
      const overlaps = level1.some(
        (t) =>
          compare(t.smallest.userKey, oldest.largest.userKey) <= 0 &&
          compare(oldest.smallest.userKey, t.largest.userKey) <= 0,
      );
      if (overlaps) return;
      await host.applyEdit({
        added: [{ level: 1, table: oldest }],
        removed: [{ level: 0, fileNumber: oldest.fileNumber }],
      });
    }
  },
};

const keyOf = (n: number) => Uint8Array.of(n >> 8, n & 0xff);

test.prop(
  [
    fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 8 }),
    fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8, maxLength: 8 }),
  ],
  { numRuns: 40 },
)(
  'gets find every key, first and last of each table included, once tables lie in a level above 0',
  async (chunkSizes, gaps) => {
    const db = await openDb(new SimulatedFileSystem({ seed: 4 }), 'db', {
      memtableBytes: 1 << 20,
      compaction: moveDown,
    });
    const written = new Map<number, Uint8Array>();
    let next = 10;
    for (const [chunk, size] of chunkSizes.entries()) {
      next += gaps[chunk]! * 2; // gaps leave keys between tables that no table holds
      for (let i = 0; i < size; i++, next += 2) {
        const value = Uint8Array.of(chunk, i);
        await db.put(keyOf(next), value);
        written.set(next, value);
      }
      await db.flush();
    }
    // One overlapping write in level 0: a newer version of the first key, above its level-1 table.
    await db.put(keyOf(10), Uint8Array.of(99));
    written.set(10, Uint8Array.of(99));
    await db.flush();
    const levels = db.version.levels.map((l) => l.length);
    expect(levels[1], `the test itself: tables reached level 1 (levels ${levels.join(', ')})`).toBeGreaterThan(0);
    for (let n = 0; n <= next + 2; n++) {
      const got = await db.get(keyOf(n));
      expect(
        got && hexOf(got),
        `get(${hexOf(keyOf(n))}) with ${levels[0]} level-0 and ${levels[1]} level-1 tables`,
      ).toBe(written.has(n) ? hexOf(written.get(n)!) : undefined);
    }
    await db.close();
  },
);
