/**
 * Lesson 16, the central properties: concurrent transactions, interleaved op by op, with random
 * reads (gets, range reads with limits and in reverse, snapshot reads) and writes (sets, clears,
 * clearRanges) over a small key space. Every read is recorded, and every verdict.
 *
 * What the checks catch:
 * - "replaying the committed transactions one by one in commit order reproduces every value
 *   they read": a resolver that checks only point reads, that ignores writes earlier in the same
 *   batch, that lets a write at the read version... any missed conflict; read-your-writes that
 *   ignores a cleared range, a clear, or the snapshot under a limit; writes visible at the wrong
 *   version.
 * - "a transaction is refused exactly when a write committed after its read version meets what
 *   it really read": false conflicts (>= instead of > on versions, a limited range read recorded
 *   as the whole range, snapshot reads recorded as reads, the refused transactions' writes
 *   remembered) and missed ones, against a model resolver that keeps every committed write.
 * - "read-only transactions always commit".
 * - "write skew is refused".
 */
import { expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { isFdbError } from '@support/fdb-error.ts';
import {
  anyOp,
  commitWrites,
  describeRecord,
  isWrite,
  modelConflict,
  withDatabase,
  readModel,
  applyOp,
  writeOp,
  readOp,
  runInterleaved,
  runOp,
  writeSpans,
  type Model,
  type Op,
  type Recorded,
} from './helpers.ts';

const script = fc.array(anyOp, { minLength: 1, maxLength: 5 });
const workload = fc.record({
  setup: fc.array(writeOp, { maxLength: 6 }),
  scripts: fc.array(script, { minLength: 2, maxLength: 6 }),
  schedule: fc.array(fc.nat(20), { maxLength: 30 }),
});

const hasWrites = (r: Recorded): boolean =>
  writeSpans(r.ops).some((w) => w.begin.length !== w.end.length || w.begin.some((b, i) => b !== w.end[i]));

async function run(setup: readonly Op[], scripts: readonly (readonly Op[])[], schedule: readonly number[]) {
  return withDatabase(async (db) => {
    if (setup.length > 0) await commitWrites(db, setup);
    const initial: Model = new Map();
    for (const op of setup) applyOp(initial, op);
    return { initial, records: await runInterleaved(db, scripts, schedule) };
  });
}

/** Serial order: writers by commit version then by the order their commits settled; a read-only transaction just after every commit it could see. */
function serialOrder(records: readonly Recorded[]): Recorded[] {
  const position = (r: Recorded): [number, number] =>
    hasWrites(r) ? [r.commitVersion, r.settled] : [r.readVersion + 0.5, r.settled];
  return records
    .filter((r) => r.outcome === 'committed')
    .sort((a, b) => {
      const [x, y] = [position(a), position(b)];
      return x[0] - y[0] || x[1] - y[1];
    });
}

test.prop([workload], { numRuns: 60 })(
  'replaying the committed transactions one by one in commit order reproduces every value they read',
  async ({ setup, scripts, schedule }) => {
    const { initial, records } = await run(setup, scripts, schedule);
    let model = new Map(initial);
    const history: string[] = [];
    for (const r of serialOrder(records)) {
      const mine = new Map(model);
      r.ops.forEach((op, i) => {
        if (op.kind === 'get' || op.kind === 'range') {
          if (op.snapshot) return; // a snapshot read promises nothing about serial order
          const serial = readModel(mine, op);
          expect(
            r.results[i],
            `${describeRecord(r)}\nstep ${i + 1} read ${r.results[i] || '(empty)'}, but run one by one in commit order it reads ${serial || '(empty)'}. Serial history before it:\n${history.join('\n')}`,
          ).toBe(serial);
        } else applyOp(mine, op);
      });
      if (hasWrites(r)) model = mine;
      history.push(describeRecord(r));
    }
  },
);

test.prop([workload], { numRuns: 60 })(
  'a transaction is refused exactly when a write committed after its read version meets what it really read',
  async ({ setup, scripts, schedule }) => {
    const { records } = await run(setup, scripts, schedule);
    for (const t of records) {
      if (!hasWrites(t)) continue;
      const culprit = modelConflict(t, records);
      const all = records.map(describeRecord).join('\n');
      if (culprit === undefined) {
        expect(
          t.outcome,
          `T${t.index} was refused, but no transaction that committed before it wrote into what it read after its read version (a false conflict):\n${all}`,
        ).toBe('committed');
      } else {
        expect(
          t.outcome,
          `T${t.index} committed, but T${culprit.index} committed at version ${culprit.commitVersion}, after its read version ${t.readVersion}, and wrote into what it read:\n${all}`,
        ).toBe('refused');
        expect(
          isFdbError(t.error, 'not_committed'),
          `T${t.index} was refused with ${String(t.error)}, not not_committed (1020)`,
        ).toBe(true);
      }
    }
  },
);

test.prop(
  [
    fc.array(writeOp, { maxLength: 6 }),
    fc.array(fc.array(readOp, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }),
    fc.array(fc.array(writeOp, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }),
    fc.array(fc.nat(20), { maxLength: 30 }),
  ],
  { numRuns: 40 },
)('read-only transactions always commit, whatever commits around them', async (setup, readers, writers, schedule) => {
  const scripts = [...readers, ...writers.map((w, i) => [...(readers[i] ?? []), ...w])];
  const { records } = await run(setup, scripts, schedule);
  for (const r of records.slice(0, readers.length)) {
    expect(
      r.outcome,
      `a read-only transaction was refused: ${describeRecord(r)}\n${records.map(describeRecord).join('\n')}`,
    ).toBe('committed');
    expect(r.ops.some(isWrite)).toBe(false);
  }
});

const k = (c: string): Uint8Array => new TextEncoder().encode(c);

test.prop([fc.constantFrom('x', 'y', 'ab'), fc.constantFrom('z', 'q', 'abc'), fc.boolean()], { numRuns: 12 })(
  'write skew is refused: of two transactions that each read both keys and write one, only the first to commit does',
  async (x, y, together) => {
    await withDatabase(async (db) => {
      await commitWrites(db, [
        { kind: 'set', key: k(x), value: k('1') },
        { kind: 'set', key: k(y), value: k('1') },
      ]);
      const [t1, t2] = [db.createTransaction(), db.createTransaction()];
      for (const t of [t1, t2]) for (const key of [x, y]) await runOp(t, { kind: 'get', key: k(key), snapshot: false });
      t1.set(k(x), k('0'));
      t2.set(k(y), k('0'));
      const outcomes = together
        ? await Promise.allSettled([t1.commit(), t2.commit()])
        : [
            await t1.commit().then(() => ({ status: 'fulfilled' as const })),
            await t2.commit().then(
              () => ({ status: 'fulfilled' as const }),
              (reason: unknown) => ({ status: 'rejected' as const, reason }),
            ),
          ];
      expect(outcomes[0]!.status, `the first transaction (${together ? 'same batch' : 'alone'}) should commit`).toBe(
        'fulfilled',
      );
      expect(
        outcomes[1]!.status,
        `the second transaction read ${x}, which the first changed after its read version: it must be refused (${together ? 'in the same batch' : 'in a later batch'})`,
      ).toBe('rejected');
      const reason = (outcomes[1] as PromiseRejectedResult).reason;
      expect(isFdbError(reason, 'not_committed'), `refused with ${String(reason)}, not not_committed (1020)`).toBe(
        true,
      );
    });
  },
);

it("a write committed exactly at a transaction's read version is no conflict: the transaction saw it", async () => {
  await withDatabase(async (db) => {
    const written = await commitWrites(db, [{ kind: 'set', key: k('a'), value: k('1') }]);
    const t = db.createTransaction();
    expect(await t.getReadVersion(), 'a new transaction reads at the newest committed version').toBe(written);
    expect(await t.get(k('a')), 'it sees the write').toEqual(k('1'));
    t.set(k('b'), k('2'));
    await expect(t.commit(), 'the write at its own read version is not after it').resolves.toBeUndefined();
  });
});
