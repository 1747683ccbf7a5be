/**
 * Lesson 10, a write whose log fails. The disk refuses one append or sync of the log (an I/O
 * error, not a crash: the machine keeps running). After that the end of the log is unknown: it
 * may hold part of the batch, or all of it unsynced. What the property catches:
 *
 * - a writeGroup that passes the error on but leaves the database open (no `this.fail`): later
 *   writes go on at the same sequence numbers as the failed one, after a torn batch, or in a new
 *   log after a flush, and the next open refuses the log or mixes the failed write with them.
 * - a failed write that is applied to the memtable anyway, or recovered in part.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { openDb } from '@ferris/10-lsm-engine/db.ts';
import { DbClosedError } from '@ferris/10-lsm-engine/options.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { rejected } from '../shared/errors.ts';
import { describeCall, InjectedFailure, SteppingFileSystem } from '../shared/stepping-fs.ts';
import { applyOps, batchOf, dbScan, describeOps, modelScan, op, type Model, type Op } from './helpers.ts';

test.prop([
  fc.array(fc.array(op, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 8 }),
  fc.array(op, { minLength: 1, maxLength: 4 }),
  fc.nat(),
  fc.boolean(),
])(
  'a write whose log append or sync fails stops the database: later calls are refused, and a reopen holds every acknowledged write and the failed one whole or not at all',
  async (batches, after, pick, flushFirst) => {
    // Each batch of n writes is n + 1 appends to the log and one sync: fail one of those calls.
    const logCalls = batches.reduce((sum, ops) => sum + ops.length + 2, 0);
    const failAt = pick % logCalls;
    let seen = 0;
    let failed: string | null = null;
    const sim = new SimulatedFileSystem({ seed: 10 });
    const fs = new SteppingFileSystem(sim, (call) => {
      if ((call.op !== 'append' && call.op !== 'sync') || !call.path.endsWith('.log')) return;
      if (seen++ === failAt) {
        failed = describeCall(call);
        throw new InjectedFailure(call);
      }
    });
    const options = { memtableBytes: 1 << 20, blockSize: 128 };
    const db = await openDb(fs, 'db', options);
    const acknowledged: Model = new Map();
    const story: string[] = [];
    let inFlight: readonly Op[] = [];
    for (const ops of batches) {
      if (flushFirst && story.length === 1) await db.flush();
      const writing = db.write(batchOf(ops));
      const error = await writing.then(
        () => null,
        (e: unknown) => e,
      );
      if (error === null) {
        applyOps(acknowledged, ops);
        story.push(`write [${describeOps(ops)}]`);
        continue;
      }
      if (!(error instanceof InjectedFailure)) throw error;
      inFlight = ops;
      story.push(`write [${describeOps(ops)}] failed at ${failed}`);
      break;
    }
    expect(failed, 'the test itself: one log call failed').not.toBeNull();
    const where = story.join('; ');

    await rejected(
      DbClosedError,
      () => db.write(batchOf(after)),
      `after ${where}: a write must be refused, the log's end is unknown`,
    );
    await rejected(DbClosedError, () => db.flush(), `after ${where}: a flush must be refused`);
    await db.close();

    const reopened = await openDb(sim, 'db', options);
    const recovered = await dbScan(reopened);
    await reopened.close();
    const withFailed: Model = new Map(acknowledged);
    applyOps(withFailed, inFlight);
    expect(
      [modelScan(acknowledged), modelScan(withFailed)],
      `after ${where}, then a reopen: every acknowledged write, and the failed one whole or not at all`,
    ).toContainEqual(recovered);
  },
);
