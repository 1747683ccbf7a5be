/**
 * Lesson 10, groups of batches. The default commit strategy hands `writeGroup` one batch at a
 * time; group commit (lesson 13) hands it several, which must be logged one after the other and
 * synced once. The test plugs in a tiny strategy of its own (helpers.ts's GatherCommit) that
 * gathers a given number of concurrent writes into one group. What the property catches:
 *
 * - "every batch of a group gets its own sequence numbers": each batch of a group numbered from
 *   the engine's last sequence (the batches of one group share sequence numbers, and the log holds
 *   a batch that does not start after the one before it: the next open refuses it), or the last
 *   sequence moved by the wrong amount. (That no write is visible before its log is synced is
 *   visibility.test.ts's property.)
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { applyOps, dbScan, describeGroup, GatherCommit, modelScan, op, writeTogether, type Model } from './helpers.ts';

const group = fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 4 });

test.prop([fc.array(group, { minLength: 1, maxLength: 6 }), fc.integer({ min: 64, max: 400 })], { numRuns: 40 })(
  'every batch of a group gets its own sequence numbers: lastSequence counts every write, and a reopen gives back every group',
  async (groups, memtableBytes) => {
    const sim = new SimulatedFileSystem({ seed: 10 });
    let commit = new GatherCommit();
    let db = await openDb(sim, 'db', { memtableBytes, commit });
    const model: Model = new Map();
    const history: string[] = [];
    let writes = 0;
    try {
      for (const g of groups) {
        await writeTogether(db, commit, g);
        for (const ops of g) applyOps(model, ops);
        writes += g.flat().length;
        history.push(describeGroup(g));
        expect(db.lastSequence, `lastSequence after the groups ${history.join(', ')}: one per write`).toBe(writes);
        expect(await dbScan(db), `a scan after the groups ${history.join(', ')}`).toEqual(modelScan(model));
      }
      await db.close();
      commit = new GatherCommit();
      db = await openDb(sim, 'db', { memtableBytes, commit });
      expect(
        await dbScan(db),
        `a scan after the groups ${history.join(', ')}, then close and reopen (each batch of the log must start after the one before)`,
      ).toEqual(modelScan(model));
      expect(db.lastSequence, `lastSequence after the groups ${history.join(', ')} and a reopen`).toBe(writes);
    } finally {
      await db.close().catch(() => {});
    }
  },
);
