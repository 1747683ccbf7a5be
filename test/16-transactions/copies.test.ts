/**
 * Lesson 16: what a transaction keeps of its caller's buffers, all the way to the commit.
 *
 * The caller here reuses every buffer the moment a call returns (each key, value and bound is a
 * view into a bigger buffer, overwritten afterwards). The check catches a clear that keeps the
 * caller's key for the mutation it commits: reads inside the transaction still look right (they
 * go by the key as it was), but the committed clear no longer names the key. transaction.test.ts
 * checks the reads; this checks what reaches the database.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  applyOp,
  commitWrites,
  describeOp,
  END,
  readModel,
  runInScratch,
  runOp,
  withDatabase,
  writeOp,
  type Model,
  type Op,
} from './helpers.ts';

const everything: Op = { kind: 'range', begin: new Uint8Array(0), end: END, limit: 0, reverse: false, snapshot: false };

test.prop([fc.array(writeOp, { maxLength: 8 }), fc.array(writeOp, { minLength: 1, maxLength: 10 })], { numRuns: 60 })(
  'what a transaction commits is what it was told, even when the caller reuses every buffer once each call returns',
  async (setup, ops) => {
    await withDatabase(async (db) => {
      await commitWrites(db, setup);
      const model: Model = new Map();
      for (const op of [...setup, ...ops]) applyOp(model, op);
      const tr = db.createTransaction();
      for (const op of ops) await runInScratch(tr, op);
      await tr.commit();
      const committed = await runOp(db.createTransaction(), everything);
      expect(
        committed,
        `the database after committing ${ops.map(describeOp).join('; ')} over ${setup.map(describeOp).join('; ') || 'nothing'}, each call's buffers overwritten once it returned: the transaction must commit copies of what it was given`,
      ).toBe(readModel(model, everything));
    });
  },
);
