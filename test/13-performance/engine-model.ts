// Lesson 13's pieces inside lesson 10's engine, checked against the model: the run that the tests of
// the decoded-block cache, the pages and the blocks kept beside them share.
import { expect } from 'vitest';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import type { DbOptions } from '@ferris/10-lsm-engine/options.ts';
import { leveledCompaction } from '@ferris/12-compaction/leveled.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { fromHex, hexOf } from '../shared/bytes.ts';
import { applyOps, dbScan, describeOps, modelScan, type Model, type Op } from '../10-lsm-engine/helpers.ts';

export interface EngineRun {
  /** The batches of ops written, one `put` or `delete` call each. */
  readonly writes: readonly (readonly Op[])[];
  /** The piece under test, over 64-byte memtables and blocks and leveled compaction. */
  readonly options: DbOptions;
  /** The piece's setting in words, for the messages ("a page budget of 300 bytes"); may be empty. */
  readonly setting: string;
  /** Checked with every comparison against the model; `what` says when. */
  readonly invariant?: (what: string) => void;
  /** The labels of the checks made after the flush, one check each. */
  readonly afterFlush: readonly string[];
  /** Checked after each close: once before reopening ('once the engine is closed') and once at the end. */
  readonly closed?: (when: string) => void;
}

/**
 * Writes `run.writes` into lesson 10's engine with `run.options`, and every ten writes checks that a
 * scan and a get of every key answer like the model; then flushes and checks again, closes, reopens
 * and checks once more.
 */
export async function engineMatchesModel(run: EngineRun): Promise<void> {
  const fs = new SimulatedFileSystem({ seed: 3 });
  const options: DbOptions = { memtableBytes: 64, blockSize: 64, compaction: leveledCompaction(), ...run.options };
  let db = await openDb(fs, 'db', options);
  const model: Model = new Map();
  const check = async (when: string) => {
    const history = `after ${run.writes.map((w) => describeOps(w)).join('; ')}`;
    const what = [when, run.setting, history].filter((part) => part !== '').join(', ');
    expect(await dbScan(db), `scan ${what}`).toEqual(modelScan(model));
    for (const k of model.keys()) {
      const got = await db.get(fromHex(k));
      expect(got && hexOf(got), `get(${k}) ${what}`).toBe(hexOf(model.get(k)!));
    }
    run.invariant?.(what);
  };
  for (const [i, ops] of run.writes.entries()) {
    for (const o of ops) await (o.kind === 'put' ? db.put(o.key, o.value) : db.delete(o.key));
    applyOps(model, ops);
    if (i % 10 === 9) await check(`after write ${i + 1}`);
  }
  await db.flush();
  for (const label of run.afterFlush) await check(label);
  await db.close();
  run.closed?.('once the engine is closed');
  db = await openDb(fs, 'db', options);
  await check('after reopening');
  await db.close();
  run.closed?.('once the engine is closed again, after reopening');
}
