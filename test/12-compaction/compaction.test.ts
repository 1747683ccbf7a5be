/**
 * Lesson 12, leveled compaction inside lesson 10's engine, with tiny budgets so that tables move
 * down several levels in a short test. What each property catches:
 *
 * - "compaction never changes what any read returns": a tombstone dropped above the bottom level
 *   (an older value in a deeper level comes back), keeping an older version instead of the
 *   newest, a merge that loses the level-below tables, an output cut that drops an entry.
 * - "levels 1 and below never overlap, and level 0 stays small": a level-0 compaction that
 *   leaves out the overlapping level-1 tables, a pick that never compacts, outputs put in the
 *   wrong level. (The engine refuses a version edit that makes a level overlap, so such a bug
 *   shows up as a VersionEditError too.)
 * - "a crash at any step ... keeps every acknowledged write and invents nothing" (the shared
 *   crashTrial: the recovered state must be the model of a prefix of the history that holds every
 *   acknowledged write): input tables deleted before the edit that adds the outputs is durable,
 *   outputs recorded before they are written. The crash step is drawn from the steps the run
 *   really takes, so it lands inside a compaction as often as the compactions take steps.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { openDb, type Db } from '@ferris/10-lsm-engine/db.ts';
import { leveledCompaction } from '@ferris/12-compaction/leveled.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { crashTrial } from '../shared/crash-trial.ts';
import {
  applyOps,
  dbScan,
  describeOps,
  engineStore,
  fromHex,
  hexOf,
  modelScan,
  op,
  step as engineStep,
  type Model,
  type Op,
  unwrapStopped,
} from '../10-lsm-engine/helpers.ts';

/** A database stopped by a failed compaction says why in its cause: throw that, the real error. */
const u = unwrapStopped;

const tiny = () => leveledCompaction({ level0Tables: 2, level1Bytes: 300, sizeRatio: 2, targetTableBytes: 120 });
const dbOptions = () => ({ memtableBytes: 64, blockSize: 64, compaction: tiny() });

type Step = { readonly kind: 'write'; readonly ops: readonly Op[] } | { readonly kind: 'flush' };
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.array(op, { minLength: 1, maxLength: 6 }).map((ops) => ({ kind: 'write' as const, ops })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'flush' as const }) },
);
const crashStep = engineStep(6);

/** Lesson 10's engine as a crash-trial store with these options; a stopped database throws its cause (a starter's NotImplemented shows). */
function compactingStore(): ReturnType<typeof engineStore> {
  const store = engineStore(dbOptions());
  return {
    ...store,
    open: (fs) => u(store.open(fs)),
    apply: (db, s) => u(store.apply(db, s)),
    finish: (db) => u(store.finish!(db)),
    read: (db) => u(store.read(db)),
  };
}
const describe = (steps: readonly Step[]) =>
  steps.map((s) => (s.kind === 'flush' ? 'flush' : `[${describeOps(s.ops)}]`)).join('; ');

async function checkLevels(db: Db, story: string): Promise<void> {
  const levels = db.version.levels;
  for (let level = 1; level < levels.length; level++) {
    const tables = levels[level]!;
    for (let i = 1; i < tables.length; i++) {
      expect(
        compareBytes(tables[i - 1]!.largest.userKey, tables[i]!.smallest.userKey),
        `level ${level}: table ${tables[i - 1]!.fileNumber} ends at ${hexOf(tables[i - 1]!.largest.userKey)}, but table ${tables[i]!.fileNumber} starts at ${hexOf(tables[i]!.smallest.userKey)} (after ${story})`,
      ).toBeLessThan(0);
    }
  }
  expect(
    levels[0]!.length,
    `level 0 holds ${levels[0]!.length} tables after a flush; compaction should keep it under 2 (after ${story})`,
  ).toBeLessThan(2);
}

async function checkReads(db: Db, model: Model, story: string): Promise<void> {
  expect(await u(dbScan(db)), `scan after ${story}`).toEqual(modelScan(model));
  const keys = new Set([...model.keys(), '', '61', '6161', '62', '63', '64']);
  for (const k of keys) {
    const got = await u(db.get(fromHex(k)));
    const want = model.get(k);
    expect(got === undefined ? 'none' : hexOf(got), `get(${k || '(empty key)'}) after ${story}`).toBe(
      want === undefined ? 'none' : hexOf(want),
    );
  }
}

test.prop([fc.array(step, { minLength: 1, maxLength: 40 })], { numRuns: 60 })(
  'compaction never changes what any read returns, levels 1 and below never overlap, and level 0 stays small',
  async (steps) => {
    const fs = new SimulatedFileSystem({ seed: 12 });
    const db = await openDb(fs, 'db', dbOptions());
    const model: Model = new Map();
    for (const [i, s] of steps.entries()) {
      if (s.kind === 'write') {
        for (const o of s.ops) await u(o.kind === 'put' ? db.put(o.key, o.value) : db.delete(o.key));
        applyOps(model, s.ops);
      } else {
        await u(db.flush());
        await checkLevels(db, describe(steps.slice(0, i + 1)));
      }
    }
    await u(db.flush());
    await checkLevels(db, describe(steps));
    await checkReads(db, model, describe(steps));
    await db.close();
    const again = await openDb(fs, 'db', dbOptions());
    await checkReads(again, model, `${describe(steps)}, then close and open`);
    await again.close();
  },
);

test.prop([fc.array(crashStep, { minLength: 4, maxLength: 20 }), fc.nat(), fc.integer({ min: 1, max: 2 ** 30 })], {
  numRuns: 40,
})(
  'a crash at any step of the writes, flushes and compactions keeps every acknowledged write and invents nothing',
  async (steps, pick, seed) => {
    // A first run without a crash counts the steps, so that the crash lands inside the work
    // (compactions included) and never after it; the same seed makes the second run take the same steps.
    const { steps: total } = await crashTrial(compactingStore(), { ops: steps, crashAt: 'end', seed });
    await crashTrial(compactingStore(), { ops: steps, crashAt: pick % total, seed });
  },
);
