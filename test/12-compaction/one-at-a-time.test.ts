/**
 * Lesson 12, `compact` with a host that asks for one compaction at a time (`host.oneAtATime`, set
 * by lesson 13's worker). `compact` is given code; this checks it, through your `pick` and `run`.
 * What it catches:
 *
 * - a `compact` that goes on to the next pick anyway: the worker's job then runs on a copy of the
 *   version that misses the level-0 tables flushed meanwhile, and level 0 fills up behind it;
 * - one at a time that loses work: the calls together must still leave nothing due, and the
 *   database must answer like the model.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import type { CompactionHost, CompactionStrategy } from '@ferris/10-lsm-engine/options.ts';
import { leveledCompaction } from '@ferris/12-compaction/leveled.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { applyOps, dbScan, modelScan, op, unwrapStopped, type Model } from '../10-lsm-engine/helpers.ts';

/** `host` with each applyEdit counted in `edits`, and `oneAtATime` as given. */
function counting(host: CompactionHost, edits: { count: number }, oneAtATime: boolean): CompactionHost {
  return new Proxy(host, {
    get(target, property) {
      if (property === 'oneAtATime') return oneAtATime;
      if (property === 'applyEdit')
        return async (edit: Parameters<CompactionHost['applyEdit']>[0]) => {
          edits.count++;
          await target.applyEdit(edit);
        };
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

test.prop([fc.array(fc.array(op, { minLength: 1, maxLength: 8 }), { minLength: 2, maxLength: 30 })], { numRuns: 30 })(
  'a host that asks for one compaction at a time gets at most one per call of compact, and the calls together leave nothing due',
  async (batches) => {
    const compaction = leveledCompaction({ level0Tables: 2, level1Bytes: 300, sizeRatio: 2, targetTableBytes: 120 });
    let most = 0;
    let left = 0;
    const strategy: CompactionStrategy = {
      name: 'one at a time',
      async compact(host) {
        // Call again while the last call did something, as the worker's engine does after each job.
        for (let edits = { count: 1 }; edits.count > 0; ) {
          edits = { count: 0 };
          await compaction.compact(counting(host, edits, true));
          most = Math.max(most, edits.count);
        }
        // Then a plain call: if one at a time had left work undone, it would find it.
        const rest = { count: 0 };
        await compaction.compact(counting(host, rest, false));
        left += rest.count;
      },
    };
    const db = await openDb(new SimulatedFileSystem({ seed: 12 }), 'db', {
      memtableBytes: 64,
      blockSize: 64,
      compaction: strategy,
    });
    const model: Model = new Map();
    for (const ops of batches) {
      for (const o of ops) await unwrapStopped(o.kind === 'put' ? db.put(o.key, o.value) : db.delete(o.key));
      applyOps(model, ops);
      await unwrapStopped(db.flush());
    }
    expect(most, 'edits made by one call of compact with host.oneAtATime: at most one compaction').toBeLessThanOrEqual(
      1,
    );
    expect(left, 'compactions still due after calling one at a time until a call did nothing').toBe(0);
    expect(await unwrapStopped(dbScan(db)), 'the database after all the compactions').toEqual(modelScan(model));
    await db.close();
  },
);
