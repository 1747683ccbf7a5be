/**
 * Lesson 16, the commit path and the disk: commits on the simulated disk (support/sim-fs.ts),
 * crashes at any file-system call, reads racing with the commit log's sync, the MVCC window.
 *
 * What the checks catch:
 * - "every acknowledged commit survives a crash, and the one in flight is there whole or not at
 *   all": acknowledging before the sync, not syncing at all, logging only some of a batch's
 *   mutations, applying a torn record, replaying records the store already holds, trimming
 *   segments the store does not hold yet;
 * - "a commit is neither acknowledged nor visible before its log sync": publishing the version
 *   (or answering) before the sync resolves;
 * - "a transaction that read below the resolver's window is refused with transaction_too_old":
 *   a window that forgets writes without refusing readers older than it;
 * - "a commit is one record in the log": mutations out of order, missing, or stamped with
 *   another version.
 * - "a commit whose log sync fails is reported as commit_unknown_result": a commit path that
 *   swallows the failure, or reports it as a conflict.
 */
import { expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { recoverWal } from '@ferris/03-recovery/recovery.ts';
import { MVCC_WINDOW_VERSIONS } from '@ferris/14-mvcc/versioned-store.ts';
import { openDatabase, type Database, type DatabaseOptions } from '@ferris/16-transactions/database.ts';
import { isFdbError } from '@support/fdb-error.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { crashTrial, type CrashSubject } from '../shared/crash-trial.ts';
import { PausingFileSystem } from '../shared/pausing-fs.ts';
import { SteppingFileSystem } from '../shared/stepping-fs.ts';
import {
  applyOp,
  commitWrites,
  describeOp,
  END,
  hexOf,
  key,
  readModel,
  runOp,
  value,
  writeOp,
  type Model,
  type Op,
} from './helpers.ts';

type Step = { readonly kind: 'commit'; readonly ops: readonly Op[] } | { readonly kind: 'jump' };
const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.array(writeOp, { minLength: 1, maxLength: 4 }).map((ops) => ({ kind: 'commit' as const, ops })),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'jump' as const }) },
);
const everything: Op = { kind: 'range', begin: new Uint8Array(0), end: END, limit: 0, reverse: false, snapshot: false };
const k = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The database as a crash-trial store: each operation is a commit, or time jumping past the MVCC window. */
function databaseSubject(durableEveryBatches: number): CrashSubject<Database, Step, string> {
  let floor = 0; // the sequencer's clock: one per trial, shared by the database before and after the crash
  const options: DatabaseOptions = { clock: () => floor, durableEveryBatches, engine: { memtableBytes: 256 } };
  return {
    open: (fs) => openDatabase(fs, 'db', options),
    async apply(db, s) {
      if (s.kind === 'jump') floor = db.committedVersion + MVCC_WINDOW_VERSIONS + 1;
      else await commitWrites(db, s.ops);
    },
    read: async (db) => (await runOp(db.createTransaction(), everything))!,
    close: (db) => db.close(),
    model(steps) {
      const model: Model = new Map();
      for (const s of steps) if (s.kind === 'commit') for (const op of s.ops) applyOp(model, op);
      return readModel(model, everything);
    },
    describeOp: (s) =>
      s.kind === 'jump' ? 'time passes past the MVCC window' : `commit [${s.ops.map(describeOp).join(', ')}]`,
  };
}

test.prop(
  [
    fc.array(step, { minLength: 1, maxLength: 14 }),
    fc.oneof(fc.nat(260), fc.constant('end' as const)),
    fc.integer({ min: 1, max: 3 }),
    fc.integer({ min: 1, max: 2 ** 30 }),
  ],
  {
    numRuns: 60,
  },
)(
  'after a crash at any point, every acknowledged commit is there, and the commit in flight is there whole or not at all',
  async (ops, crashAt, durableEveryBatches, seed) => {
    await crashTrial(databaseSubject(durableEveryBatches), { ops, crashAt, seed });
  },
);

const setOp: fc.Arbitrary<Op> = fc.record({ kind: fc.constant('set' as const), key, value });

test.prop(
  [
    fc.array(writeOp, { maxLength: 4 }),
    fc.tuple(setOp, fc.array(writeOp, { maxLength: 3 })).map(([first, rest]) => [first, ...rest]),
    fc.boolean(),
  ],
  { numRuns: 25 },
)(
  'a commit is neither acknowledged nor visible to any reader before its commit-log sync resolves',
  async (setup, ops, pauseAtSync) => {
    const sim = new SimulatedFileSystem({ seed: 7 });
    const pausing = new PausingFileSystem(sim, { paths: (path) => path.includes('commit-log') });
    const db = await openDatabase(pausing, 'db');
    try {
      await commitWrites(db, setup);
      const before = await runOp(db.createTransaction(), everything);
      const tr = db.createTransaction();
      for (const op of ops) await runOp(tr, op);
      const expectedAppends = tr.writeConflictRanges.length + 1; // a header, then one frame per mutation
      pausing.pauseAt(pauseAtSync ? expectedAppends : expectedAppends - 1);
      let acknowledged = false;
      const commit = tr.commit().then(() => (acknowledged = true));
      await Promise.race([pausing.reached, commit]);
      const reader = db.createTransaction();
      const seen = await runOp(reader, everything);
      expect(
        acknowledged,
        `the commit of [${ops.map(describeOp).join(', ')}] was acknowledged while its log ${pauseAtSync ? 'sync' : 'last append'} had not run`,
      ).toBe(false);
      expect(seen, `a reader saw the commit of [${ops.map(describeOp).join(', ')}] before its log sync`).toBe(before);
      pausing.release();
      await commit;
      expect(acknowledged).toBe(true);
      const after = await runOp(db.createTransaction(), everything);
      const model: Model = new Map();
      for (const op of [...setup, ...ops]) applyOp(model, op);
      expect(after, 'once acknowledged, a new transaction sees the commit').toBe(readModel(model, everything));
    } finally {
      pausing.release();
      await db.close();
    }
  },
);

it('a commit is one record in the log: a header with the count and a type byte per mutation, then the mutations, all stamped with the commit version', async () => {
  const sim = new SimulatedFileSystem({ seed: 3 });
  const db = await openDatabase(sim, 'db');
  let version: number;
  try {
    const tr = db.createTransaction();
    tr.set(k('a'), k('1'));
    tr.clearRange(k('b'), k('c'));
    tr.clear(k('d'));
    await tr.commit();
    version = tr.getCommittedVersion();
  } finally {
    await db.close();
  }
  const segments = (await sim.list('db/commit-log')).map((name) => `db/commit-log/${name}`);
  const entries = (await Promise.all(segments.map(async (path) => (await recoverWal(sim, path)).entries))).flat();
  const shown = entries.map((e) => `${e.sequence} ${hexOf(e.key)} ${e.value === null ? 'delete' : hexOf(e.value)}`);
  expect(shown, 'the entries of the commit log').toEqual([
    `${version} ${''} 03000000010202`,
    `${version} ${hexOf(k('a'))} ${hexOf(k('1'))}`,
    `${version} ${hexOf(k('b'))} ${hexOf(k('c'))}`,
    `${version} ${hexOf(k('d'))} ${hexOf(k('d'))}00`,
  ]);
});

it('a transaction that read below the window is refused with transaction_too_old (1007); its reads there fail the same way', async () => {
  let floor = 0;
  const sim = new SimulatedFileSystem({ seed: 5 });
  const db = await openDatabase(sim, 'db', { clock: () => floor });
  try {
    await commitWrites(db, [{ kind: 'set', key: k('k'), value: k('1') }]);
    const old = db.createTransaction();
    expect(new TextDecoder().decode(await old.get(k('k')))).toBe('1');
    await commitWrites(db, [{ kind: 'set', key: k('k'), value: k('2') }]);
    floor = db.committedVersion + MVCC_WINDOW_VERSIONS + 10;
    await commitWrites(db, [{ kind: 'set', key: k('other'), value: k('3') }]);
    const read = await old.get(k('k')).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isFdbError(read, 'transaction_too_old'), `a read below the store's window: ${String(read)}`).toBe(true);
    old.set(k('x'), k('1'));
    const commit = await old.commit().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(
      isFdbError(commit, 'transaction_too_old'),
      `it read k, which changed after its read version, long ago: the resolver no longer remembers that write and must refuse it as too old (${String(commit)})`,
    ).toBe(true);
    const blind = db.createTransaction();
    await blind.getReadVersion();
    floor = db.committedVersion + 2 * MVCC_WINDOW_VERSIONS;
    await commitWrites(db, [{ kind: 'set', key: k('other'), value: k('4') }]);
    blind.set(k('y'), k('1'));
    await expect(
      blind.commit(),
      'a transaction that read nothing depends on nothing it read: it commits however old its read version',
    ).resolves.toBeUndefined();
  } finally {
    await db.close();
  }
});

it('opening replays the commit log above the durable version, and trims the log below it', async () => {
  let floor = 0;
  const sim = new SimulatedFileSystem({ seed: 11 });
  const options: DatabaseOptions = { clock: () => floor, durableEveryBatches: 1 };
  const model: Model = new Map();
  let db = await openDatabase(sim, 'db', options);
  for (let i = 0; i < 6; i++) {
    const ops: Op[] = [{ kind: 'set', key: k(`k${i % 3}`), value: k(`v${i}`) }];
    await commitWrites(db, ops);
    for (const op of ops) applyOp(model, op);
    if (i % 2 === 1) floor = db.committedVersion + MVCC_WINDOW_VERSIONS + 1;
  }
  expect(db.store.durableVersion, 'time passed: the store made versions durable').toBeGreaterThan(0);
  expect(
    db.log.segmentNumbers.length,
    `the log keeps only the segments above the durable version (${db.log.segmentNumbers.join(', ')})`,
  ).toBeLessThanOrEqual(2);
  sim.crash();
  db = await openDatabase(sim, 'db', options);
  try {
    expect(await runOp(db.createTransaction(), everything), 'after a crash and a reopen').toBe(
      readModel(model, everything),
    );
  } finally {
    await db.close();
  }
});

it('a commit whose log sync fails is reported as commit_unknown_result (1021), and the database stops until it is reopened', async () => {
  const sim = new SimulatedFileSystem({ seed: 13 });
  let failSync = false;
  const failing = new SteppingFileSystem(sim, (call) => {
    if (failSync && call.op === 'sync' && call.path.includes('commit-log'))
      throw new Error('simulated I/O error: the disk refused the sync');
  });
  const db = await openDatabase(failing, 'db');
  await commitWrites(db, [{ kind: 'set', key: k('a'), value: k('1') }]);
  failSync = true;
  const doomed = db.createTransaction();
  doomed.set(k('b'), k('2'));
  const error = await doomed.commit().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(
    isFdbError(error, 'commit_unknown_result'),
    `the record may or may not be on disk: the caller must hear "unknown", got ${String(error)}`,
  ).toBe(true);
  const after = await Promise.resolve()
    .then(() => db.createTransaction())
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  expect(
    isFdbError(after, 'io_error'),
    `a database whose log failed takes no new transactions until reopened, got ${String(after)}`,
  ).toBe(true);
  await db.close();
  sim.crash();
  const reopened = await openDatabase(sim, 'db');
  try {
    const tr = reopened.createTransaction();
    expect(new TextDecoder().decode(await tr.get(k('a'))), 'the acknowledged commit survived').toBe('1');
  } finally {
    await reopened.close();
  }
});
