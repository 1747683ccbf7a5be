/**
 * Lesson 10, who owns the bytes. A caller may reuse its buffers after a put, and may change what
 * get or scan gave it; neither may change the database. What each property catches:
 *
 * - "a value returned by get belongs to the caller": get returning the memtable's own value
 *   buffer, so that a caller who changes it changes the database.
 * - "pairs returned by scan belong to the caller": scan yielding the memtable's or a block's own
 *   key and value buffers.
 * - "changing a key or a value after put never changes the database": keeping the caller's
 *   buffers (or views into a bigger buffer the caller reuses) instead of copying them.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { openDb, type Db } from '@ferris/10-lsm-engine/db.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { fromHex, hexOf, scribble, viewInto } from '../shared/bytes.ts';
import { applyOps, dbScan, describeOps, key, modelScan, op, type Model, type Op } from './helpers.ts';

const OPTIONS = { memtableBytes: 256, blockSize: 128 };

/** A database holding `ops` (in a table too, if `flush`), and the model of it. */
async function filled(ops: readonly Op[], flush: boolean): Promise<{ db: Db; model: Model }> {
  const db = await openDb(new SimulatedFileSystem({ seed: 10 }), 'db', OPTIONS);
  for (const o of ops) await (o.kind === 'put' ? db.put(o.key, o.value) : db.delete(o.key));
  if (flush) await db.flush();
  const model: Model = new Map();
  applyOps(model, ops);
  return { db, model };
}

const where = (ops: readonly Op[], flush: boolean) => `after [${describeOps(ops)}]${flush ? ' and a flush' : ''}`;

test.prop([fc.array(op, { minLength: 1, maxLength: 30 }), fc.boolean()])(
  'a value returned by get belongs to the caller: changing it never changes what the database returns',
  async (ops, flush) => {
    const { db, model } = await filled(ops, flush);
    for (const [k, want] of model) {
      const first = await db.get(fromHex(k));
      if (first === undefined || first.length === 0) continue;
      scribble(first);
      const again = await db.get(fromHex(k));
      expect(
        hexOf(again!),
        `get(${k}) ${where(ops, flush)}, after the caller changed the bytes the first get returned: copy the value out of the memtable`,
      ).toBe(hexOf(want));
    }
    await db.close();
  },
);

test.prop([fc.array(op, { minLength: 1, maxLength: 30 }), fc.boolean()])(
  'pairs returned by scan belong to the caller: changing them never changes what the database returns',
  async (ops, flush) => {
    const { db, model } = await filled(ops, flush);
    for await (const [k, v] of db.scan()) {
      if (k.length > 0) scribble(k);
      if (v.length > 0) scribble(v);
    }
    expect(
      await dbScan(db),
      `a second scan ${where(ops, flush)}, after the caller changed the keys and values the first scan gave`,
    ).toEqual(modelScan(model));
    await db.close();
  },
);

const surroundings = fc.record({ before: fc.nat(8), after: fc.nat(8) });

test.prop([
  fc.array(fc.tuple(key, fc.uint8Array({ maxLength: 24 }), surroundings, surroundings), {
    minLength: 1,
    maxLength: 20,
  }),
  fc.boolean(),
])(
  'changing a key or a value after put (or the bigger buffer it is a view into) never changes what the database returns',
  async (puts, flush) => {
    const db = await openDb(new SimulatedFileSystem({ seed: 10 }), 'db', OPTIONS);
    const model: Model = new Map();
    for (const [k, v, aroundKey, aroundValue] of puts) {
      const keyView = viewInto(k, aroundKey);
      const valueView = viewInto(v, aroundValue);
      await db.put(keyView, valueView);
      model.set(hexOf(k), Uint8Array.from(v));
      scribble(keyView);
      scribble(valueView);
    }
    if (flush) await db.flush();
    const story = `after ${puts.length} puts of views into bigger buffers${flush ? ' and a flush' : ''}, each buffer changed right after its put`;
    expect(await dbScan(db), `${story}: the database must have copied the bytes`).toEqual(modelScan(model));
    await db.close();
  },
);
