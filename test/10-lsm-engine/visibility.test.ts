/**
 * Lesson 10, when a write becomes visible. Under the default sync policy a write is acknowledged
 * only once its log is synced; a read must not see it earlier either, or a reader could act on a
 * write that a crash then takes back. The test holds the log's sync of one write and reads while
 * it waits. What it catches:
 *
 * - "a write is never visible before its log is synced": applying the batch to the memtable (or
 *   moving the sequence number on) before the sync, instead of after it.
 * - "a scan sees the database as it was when it started": a scan that reads the memtables without
 *   the snapshot's sequence number (or with the engine's current one), so that puts and deletes
 *   made between two steps of the scan show up in it, or hide keys it has not reached yet.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { hexOf } from '../shared/bytes.ts';
import { PauseGate } from '../shared/pausing-fs.ts';
import { SteppingFileSystem } from '../shared/stepping-fs.ts';
import { applyOps, batchOf, dbScan, describeOps, modelScan, op, type Model } from './helpers.ts';

test.prop([fc.array(op, { maxLength: 10 }), fc.array(op, { minLength: 1, maxLength: 4 }), fc.boolean()])(
  'a write is never visible before its log is synced: reads during the sync see the database without it',
  async (earlier, held, flushFirst) => {
    const gate = new PauseGate();
    const db = await openDb(new SteppingFileSystem(new SimulatedFileSystem({ seed: 10 }), gate.hook), 'db', {
      memtableBytes: 1 << 20,
    });
    for (const o of earlier) await (o.kind === 'put' ? db.put(o.key, o.value) : db.delete(o.key));
    if (flushFirst) await db.flush();
    const before: Model = new Map();
    applyOps(before, earlier);

    gate.arm((call) => call.op === 'sync' && call.path.endsWith('.log'));
    const writing = db.write(batchOf(held));
    await Promise.race([gate.reached, writing]);
    const story = `after [${describeOps(earlier)}]${flushFirst ? ' and a flush' : ''}, while the log sync of the write [${describeOps(held)}] waits`;
    expect(await dbScan(db), `a scan ${story}: the write must not be visible before its log is synced`).toEqual(
      modelScan(before),
    );
    for (const o of held) {
      const got = await db.get(o.key);
      const want = before.get(hexOf(o.key));
      expect(got === undefined ? 'no value' : hexOf(got), `get(${hexOf(o.key)}) ${story}`).toBe(
        want === undefined ? 'no value' : hexOf(want),
      );
    }
    gate.release();
    await writing;
    applyOps(before, held);
    expect(await dbScan(db), `a scan after the write [${describeOps(held)}] was acknowledged`).toEqual(
      modelScan(before),
    );
    await db.close();
  },
);

test.prop([
  fc.array(op, { minLength: 1, maxLength: 20 }),
  fc.array(op, { minLength: 1, maxLength: 10 }),
  fc.nat(),
  fc.boolean(),
])(
  'a scan sees the database as it was when it started: puts and deletes made while it runs are not in it',
  async (earlier, during, pick, flushDuring) => {
    const db = await openDb(new SimulatedFileSystem({ seed: 10 }), 'db', { memtableBytes: 1 << 20 });
    for (const o of earlier) await (o.kind === 'put' ? db.put(o.key, o.value) : db.delete(o.key));
    const before: Model = new Map();
    applyOps(before, earlier);
    const want = modelScan(before);
    const pause = pick % (want.length + 1);

    const scanning = db.scan()[Symbol.asyncIterator]();
    const got: string[] = [];
    // The scan starts with its first step; the writes come after `pause` pairs (at least one step).
    for (let i = 0; i < Math.max(1, pause); i++) {
      const step = await scanning.next();
      if (step.done) break;
      got.push(`${hexOf(step.value[0])}=${hexOf(step.value[1])}`);
    }
    for (const o of during) await (o.kind === 'put' ? db.put(o.key, o.value) : db.delete(o.key));
    if (flushDuring) await db.flush();
    for (let step = await scanning.next(); !step.done; step = await scanning.next())
      got.push(`${hexOf(step.value[0])}=${hexOf(step.value[1])}`);
    expect(
      got,
      `a scan after [${describeOps(earlier)}], with [${describeOps(during)}]${flushDuring ? ' and a flush' : ''} made after its pair ${pause}: a scan reads at the sequence number of its start`,
    ).toEqual(want);
    await db.close();
  },
);
