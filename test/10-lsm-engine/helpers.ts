// Shared generators, the model and the engine as a crash-trial store, for lesson 10's tests (not a
// test file). Lessons 11 to 13 use them too. The file-system wrappers and byte helpers are the
// course's shared ones (test/shared/); the few re-exported below are for lesson 12's tests, which
// import them from here.
import { fc } from '@fast-check/vitest';
import { WriteBatch } from '@ferris/10-lsm-engine/batch.ts';
import { openDb, type Db } from '@ferris/10-lsm-engine/db.ts';
import { DbClosedError, type CommitStrategy, type DbOptions } from '@ferris/10-lsm-engine/options.ts';
import { compareBytes as compare, fromHex, hexOf } from '../shared/bytes.ts';
import type { CrashSubject } from '../shared/crash-trial.ts';
import type { TableMeta } from '@ferris/10-lsm-engine/version.ts';

export { compareBytes as compare, fromHex, hexOf, utf8 } from '../shared/bytes.ts';
export { CrashingFileSystem } from '../shared/crashing-fs.ts';

/** Keys from a small alphabet, so that writes hit the same keys again and again; sometimes empty. */
export const key = fc.oneof(
  { weight: 5, arbitrary: fc.uint8Array({ min: 0x61, max: 0x64, minLength: 1, maxLength: 2 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 3 }) },
);
export const value = fc.uint8Array({ maxLength: 24 });

/** One write: a put or a delete. */
export type Op =
  | { readonly kind: 'put'; readonly key: Uint8Array; readonly value: Uint8Array }
  | { readonly kind: 'delete'; readonly key: Uint8Array };
export const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('put' as const), key, value }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), key }) },
);

/** The model: a Map from the key in hex to the value. */
export type Model = Map<string, Uint8Array>;

export function applyOps(model: Model, ops: readonly Op[]): void {
  for (const o of ops) {
    if (o.kind === 'put') model.set(hexOf(o.key), o.value);
    else model.delete(hexOf(o.key));
  }
}

/** The model's pairs from start (inclusive) to end (exclusive), in key order, as "key=value" hex strings. */
export function modelScan(model: Model, start?: Uint8Array, end?: Uint8Array): string[] {
  const keys = [...model.keys()].map(fromHex).sort(compare);
  return keys
    .filter((k) => (start === undefined || compare(k, start) >= 0) && (end === undefined || compare(k, end) < 0))
    .map((k) => `${hexOf(k)}=${hexOf(model.get(hexOf(k))!)}`);
}

/** What the database's scan gives, as "key=value" hex strings. */
export async function dbScan(db: Db, start?: Uint8Array, end?: Uint8Array): Promise<string[]> {
  const out: string[] = [];
  for await (const [k, v] of db.scan({ ...(start ? { start } : {}), ...(end ? { end } : {}) }))
    out.push(`${hexOf(k)}=${hexOf(v)}`);
  return out;
}

export function describeOps(ops: readonly Op[]): string {
  return ops
    .map((o) => (o.kind === 'put' ? `put ${hexOf(o.key)}=${hexOf(o.value)}` : `delete ${hexOf(o.key)}`))
    .join(', ');
}

/** The ops as one WriteBatch. */
export function batchOf(ops: readonly Op[]): WriteBatch {
  const batch = new WriteBatch();
  for (const o of ops) o.kind === 'put' ? batch.put(o.key, o.value) : batch.delete(o.key);
  return batch;
}

// ---- the engine as a store for crashTrial (test/shared/crash-trial.ts) ----------------------------

/** One step of a crash workload: a batch of writes, or a flush. */
export type Step = { readonly kind: 'write'; readonly ops: readonly Op[] } | { readonly kind: 'flush' };
export const step = (maxOps: number): fc.Arbitrary<Step> =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc.array(op, { minLength: 1, maxLength: maxOps }).map((ops) => ({ kind: 'write' as const, ops })),
    },
    { weight: 1, arbitrary: fc.constant({ kind: 'flush' as const }) },
  );
export const describeStep = (s: Step): string => (s.kind === 'flush' ? 'flush' : `write [${describeOps(s.ops)}]`);

/** The model of a workload: what a scan gives after these steps. */
export function modelOfSteps(steps: readonly Step[]): string[] {
  const model: Model = new Map();
  for (const s of steps) if (s.kind === 'write') applyOps(model, s.ops);
  return modelScan(model);
}

/**
 * The engine in directory `db`, as crashTrial's store: each step is a `db.write` of one batch
 * or a `db.flush`; the workload ends with a flush; the state is a scan of everything.
 */
export function engineStore(options: DbOptions): CrashSubject<Db, Step, string[]> {
  return {
    open: (fs) => openDb(fs, 'db', options),
    apply: (db, s) => (s.kind === 'flush' ? db.flush() : db.write(batchOf(s.ops))),
    finish: (db) => db.flush(),
    read: (db) => dbScan(db),
    close: (db) => db.close(),
    model: modelOfSteps,
    describeOp: describeStep,
  };
}

/** A database stopped by a failed background job (a flush, a compaction) says why in its cause: throw that, the real error. */
export async function unwrapStopped<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw error instanceof DbClosedError && error.cause !== undefined ? error.cause : error;
  }
}

/** A table's description for a version built by hand: its number, key range and size (no file behind it). */
export function tableMeta(fileNumber: number, smallest: Uint8Array, largest: Uint8Array, fileSize = 100): TableMeta {
  return {
    fileNumber,
    fileSize,
    entryCount: 1,
    smallest: { userKey: smallest, sequence: 1 },
    largest: { userKey: largest, sequence: 1 },
  };
}

/**
 * A commit strategy for tests: holds the writes submitted until `groupSize` of them wait, then
 * hands them to writeGroup as one group (as lesson 13's group commit does under load).
 */
export class GatherCommit implements CommitStrategy {
  readonly name = 'gather (test)';
  groupSize = 1;
  private waiting: { batch: WriteBatch; done: (error?: unknown) => void }[] = [];

  submit(batch: WriteBatch, writeGroup: (group: readonly WriteBatch[]) => Promise<void>): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ batch, done: (error) => (error === undefined ? resolve() : reject(error)) });
      if (this.waiting.length < this.groupSize) return;
      const group = this.waiting;
      this.waiting = [];
      writeGroup(group.map((w) => w.batch)).then(
        () => group.forEach((w) => w.done()),
        (error: unknown) => group.forEach((w) => w.done(error ?? new Error('writeGroup failed'))),
      );
    });
  }
}

/** Writes the batches of `group` concurrently, so that the strategy logs them as one group. */
export function writeTogether(db: Db, commit: GatherCommit, group: readonly (readonly Op[])[]): Promise<unknown> {
  commit.groupSize = group.length;
  return Promise.all(group.map((ops) => db.write(batchOf(ops))));
}

/** A group of batches as the failure messages show it: {[batch] [batch]}. */
export const describeGroup = (group: readonly (readonly Op[])[]): string =>
  `{${group.map((ops) => `[${describeOps(ops)}]`).join(' ')}}`;
