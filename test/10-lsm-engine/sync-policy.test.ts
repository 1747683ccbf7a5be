/**
 * Lesson 10, the sync policy `every-n` when batches come in groups. A group (lesson 13's group
 * commit, here the test's GatherCommit) hands `writeGroup` several batches at once: each of them
 * is a write, and each of their bytes is in the log. The property runs groups under a policy of
 * `appends`, `bytes` or both, works out from the policy alone after which group the log must have
 * been synced, cuts the power losing every unsynced byte, and reopens. What it catches:
 *
 * - a group counted as one write toward `appends` (a group of four batches under "every 2
 *   writes" is never synced by count, and a power cut loses writes that were due to be durable);
 * - the byte count crossed one write late (`>` where the policy says "after `bytes` bytes": the
 *   write that brings the unsynced bytes to exactly `bytes` must be synced). The threshold is
 *   drawn on the log's size after one of the groups, or one byte either side of it, so that this
 *   edge comes up often.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import { logPath } from '@ferris/10-lsm-engine/files.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { edgePick, limitOnEdge } from '../shared/edges.ts';
import {
  applyOps,
  dbScan,
  describeGroup,
  GatherCommit,
  modelScan,
  op,
  writeTogether,
  type Model,
  type Op,
} from './helpers.ts';

type Group = readonly (readonly Op[])[];

const groups = fc.array(fc.array(fc.array(op, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }), {
  minLength: 1,
  maxLength: 6,
});
/** `appends`, or a byte threshold on the log's size after one of the groups, or both. */
const policy = fc
  .record({
    appends: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
    bytesEdge: fc.option(edgePick, { nil: undefined }),
  })
  .filter((p) => p.appends !== undefined || p.bytesEdge !== undefined);

const DIR = 'db';
const MEMTABLE_BYTES = 1 << 20; // no flush: one log holds every write

/** Runs `groups` on a fresh database and returns the active log's size after each group. */
async function logSizes(groupsOfBatches: readonly Group[]): Promise<number[]> {
  const sim = new SimulatedFileSystem({ seed: 1 });
  const commit = new GatherCommit();
  const db = await openDb(sim, DIR, { memtableBytes: MEMTABLE_BYTES, commit, sync: { kind: 'manual' } });
  const log = logPath(DIR, db.activeLogNumber);
  const sizes: number[] = [];
  for (const g of groupsOfBatches) {
    await writeTogether(db, commit, g);
    sizes.push(sim.size(log));
  }
  await db.close();
  return sizes;
}

test.prop([groups, policy, fc.integer({ min: 1, max: 2 ** 30 })], { numRuns: 60 })(
  'under a sync every n writes or n bytes, each batch of a group counts as a write and the write that reaches the byte count is synced: a power cut loses only what came after the last sync the policy called for',
  async (groupsOfBatches, p, seed) => {
    const sizes = await logSizes(groupsOfBatches);
    const bytes = p.bytesEdge === undefined ? undefined : limitOnEdge(sizes, p.bytesEdge);
    const sync = {
      kind: 'every-n' as const,
      ...(p.appends !== undefined ? { appends: p.appends } : {}),
      ...(bytes !== undefined ? { bytes } : {}),
    };
    const sim = new SimulatedFileSystem({ seed });
    const commit = new GatherCommit();
    const db = await openDb(sim, DIR, { memtableBytes: MEMTABLE_BYTES, commit, sync });
    const log = logPath(DIR, db.activeLogNumber);
    const model: Model = new Map();
    const states = [modelScan(model)]; // states[i]: after the first i batches
    const history: string[] = [];
    let mustKeep = 0; // batches the policy made durable
    let writesSince = 0;
    let syncedSize = sim.size(log);
    for (const g of groupsOfBatches) {
      await writeTogether(db, commit, g);
      for (const ops of g) {
        applyOps(model, ops);
        states.push(modelScan(model));
      }
      history.push(describeGroup(g));
      writesSince += g.length;
      const byCount = p.appends !== undefined && writesSince >= p.appends;
      const byBytes = bytes !== undefined && sim.size(log) - syncedSize >= bytes;
      if (byCount || byBytes) {
        mustKeep = states.length - 1;
        writesSince = 0;
        syncedSize = sim.size(log);
      }
    }
    sim.crash({ unsyncedBytes: 'none' });
    const reopened = await openDb(sim, DIR, { memtableBytes: MEMTABLE_BYTES });
    const recovered = await dbScan(reopened);
    await reopened.close();
    expect(
      states.slice(mustKeep),
      `after the groups ${history.join(', ')} under ${JSON.stringify(sync)} (the log's size after each group: ` +
        `${sizes.join(', ')} bytes) and a power cut, the first ${mustKeep} writes at least: the policy called ` +
        'for a sync after them (each batch of a group is one write; a sync is due once the unsynced bytes reach `bytes`)',
    ).toContainEqual(recovered);
  },
);
