/**
 * Lesson 12: the compaction triggers at their exact limits, checked on pick() alone through a
 * stand-in engine that records which tables a compaction opens (and stops it there). A level
 * compacts when it is OVER its budget, `level1Bytes * sizeRatio^(level - 1)` bytes. This catches:
 *
 * - `<` for `<=` against the budget: a level holding exactly its budget is compacted (every level
 *   that fills to its budget is rewritten for nothing);
 * - a budget a level off (`sizeRatio^level`): level 1 may grow to ten times its budget, and every
 *   level below with it;
 * - the loop over levels stopping one level early (level 5 is never compacted into level 6, so it
 *   grows without bound), or running into the last level, which has no budget and no level below;
 * - picks that do not take turns through the key space: the cursor never moved (the first table
 *   is picked every time, and the others never compact), a next pick that may start AT the
 *   cursor rather than after it (a table holding one key is picked again), no wrap around to the
 *   first table after the last.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { CompactionHost } from '@ferris/10-lsm-engine/options.ts';
import { LEVEL_COUNT, type TableMeta, type VersionState } from '@ferris/10-lsm-engine/version.ts';
import { leveledCompaction, levelBudget } from '@ferris/12-compaction/leveled.ts';
import { tableMeta } from '../10-lsm-engine/helpers.ts';

/** Thrown by the stand-in engine's openTable: the compaction was picked, and this says which tables. */
class Picked extends Error {
  constructor(readonly fileNumbers: readonly number[]) {
    super(`compaction picked tables ${fileNumbers.join(', ')}`);
  }
}

/** A host whose only working part is `version`; the first openTable or applyEdit ends the compaction with Picked. */
function standIn(version: VersionState): CompactionHost {
  const opened: number[] = [];
  const host = {
    version,
    openTable: async (fileNumber: number) => {
      opened.push(fileNumber);
      await Promise.resolve();
      throw new Picked([...opened]);
    },
    // A pick that overlaps nothing below is a move: no table is opened, one edit moves them.
    applyEdit: async (edit: { removed?: readonly { fileNumber: number }[] }) => {
      await Promise.resolve();
      throw new Picked((edit.removed ?? []).map((r) => r.fileNumber));
    },
  };
  return host as unknown as CompactionHost;
}

/** What compact() did: nothing, or the file numbers of the tables it opened. */
async function picked(
  version: VersionState,
  level1Bytes: number,
  sizeRatio: number,
  compaction = leveledCompaction({ level0Tables: 4, level1Bytes, sizeRatio }),
): Promise<number[]> {
  try {
    await compaction.compact(standIn(version));
  } catch (error) {
    if (error instanceof Picked) return [...error.fileNumbers].sort((a, b) => a - b);
    throw error;
  }
  return [];
}

const table = (fileNumber: number, fileSize: number, key: number): TableMeta =>
  tableMeta(fileNumber, Uint8Array.of(key), Uint8Array.of(key, 0xff), fileSize);

/** `level` holds tables whose sizes sum to `bytes` (1 to 3 tables); every other level is empty. */
function versionWith(level: number, bytes: number, parts: number): VersionState {
  const sizes = Array.from({ length: parts }, (_, i) => Math.floor(bytes / parts) + (i < bytes % parts ? 1 : 0));
  const levels = Array.from({ length: LEVEL_COUNT }, (_, l) =>
    l === level ? sizes.map((size, i) => table(100 + i, size, 0x10 * (i + 1))) : [],
  );
  return { levels, logNumber: 1, nextFileNumber: 200, lastSequence: 1 };
}

test.prop([
  fc.integer({ min: 1, max: LEVEL_COUNT - 2 }),
  fc.oneof(fc.constant(300), fc.integer({ min: 3, max: 5000 })),
  fc.constantFrom(2, 3, 10),
  fc.integer({ min: 1, max: 3 }),
])(
  'a level holding exactly its budget is left alone, and one byte more makes it compact, on every level from 1 to 5',
  async (level, level1Bytes, sizeRatio, parts) => {
    // The README's formula, not the code's levelBudget: a budget off by a level must not agree with itself.
    const budget = level1Bytes * sizeRatio ** (level - 1);
    expect(
      levelBudget(level, level1Bytes, sizeRatio),
      `levelBudget(${level}, ${level1Bytes}, ${sizeRatio}): level ${level}'s budget is level1Bytes * sizeRatio^(${level} - 1)`,
    ).toBe(budget);
    expect(
      await picked(versionWith(level, budget, parts), level1Bytes, sizeRatio),
      `level ${level} holds exactly its budget of ${budget} bytes in ${parts} table(s): it is not OVER its budget, so nothing compacts`,
    ).toEqual([]);
    const over = await picked(versionWith(level, budget + 1, parts), level1Bytes, sizeRatio);
    expect(
      over.length,
      `level ${level} holds ${budget + 1} bytes, one over its budget of ${budget}: one of its tables must compact into level ${level + 1}`,
    ).toBe(1);
  },
);

test.prop([fc.integer({ min: 1, max: 10 ** 9 }), fc.constantFrom(2, 10)])(
  'the last level has no budget: however big it is, nothing compacts out of it',
  async (bytes, sizeRatio) => {
    expect(
      await picked(versionWith(LEVEL_COUNT - 1, bytes, 2), 300, sizeRatio),
      `level ${LEVEL_COUNT - 1} is the last level; ${bytes} bytes there must not start a compaction (there is no level below it)`,
    ).toEqual([]);
  },
);

/** Disjoint, sorted key ranges [from, to] of one byte each; some hold a single key (from === to). */
const disjointRanges = fc
  .uniqueArray(fc.integer({ min: 1, max: 250 }), { minLength: 2, maxLength: 12 })
  .chain((bounds) => {
    const sorted = [...bounds].sort((a, b) => a - b);
    return fc.array(fc.boolean(), { minLength: sorted.length, maxLength: sorted.length }).map((single) => {
      const ranges: [number, number][] = [];
      for (let i = 0; i < sorted.length; i++) {
        if (single[i] || i === sorted.length - 1) ranges.push([sorted[i]!, sorted[i]!]);
        else ranges.push([sorted[i]!, sorted[++i]!]);
      }
      return ranges;
    });
  });

test.prop([disjointRanges, fc.integer({ min: 1, max: LEVEL_COUNT - 2 }), fc.integer({ min: 1, max: 3 })])(
  'picks from an over-budget level take turns through its tables in key order, and wrap around after the last',
  async (ranges, level, rounds) => {
    const tables = ranges.map(([from, to], i) => tableMeta(100 + i, Uint8Array.of(from), Uint8Array.of(to), 1000));
    const levels = Array.from({ length: LEVEL_COUNT }, (_, l) => (l === level ? tables : []));
    const version: VersionState = { levels, logNumber: 1, nextFileNumber: 200, lastSequence: 1 };
    // One strategy for every pick: its cursor remembers where the last pick ended.
    const compaction = leveledCompaction({ level0Tables: 4, level1Bytes: 10, sizeRatio: 2 });
    const got: number[] = [];
    const want: number[] = [];
    for (let i = 0; i < tables.length * rounds + 1; i++) {
      got.push(...(await picked(version, 10, 2, compaction)));
      want.push(tables[i % tables.length]!.fileNumber);
    }
    const show = tables.map((t) => `${t.fileNumber}=[${t.smallest.userKey[0]}..${t.largest.userKey[0]}]`).join(' ');
    expect(
      got,
      `level ${level} stays over budget with tables ${show}: each pick starts after the largest key of the last one, so the tables take turns in key order, back to the first after the last`,
    ).toEqual(want);
  },
);
