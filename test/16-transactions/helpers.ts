// Shared pieces of lesson 16's tests (not a test file): generators of keys, ranges and
// transaction scripts, a model of the key space, a runner that interleaves transactions on one
// database and records every read and every verdict, and a model resolver.
import { fc } from '@fast-check/vitest';
import { openDatabase, type Database, type DatabaseOptions } from '@ferris/16-transactions/database.ts';
import type { Transaction } from '@ferris/16-transactions/transaction.ts';
import type { FileSystem } from '@support/fs.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';
import { compareBytes as compare, fromHex, hexOf, scribble, viewInto } from '../shared/bytes.ts';

export { compare, fromHex, hexOf };

/** The end of the user key space (lesson 14): every user key sorts below it. */
export const END = Uint8Array.of(0xff);

/** Keys from a small alphabet, so transactions meet; sometimes empty, sometimes two bytes. */
export const key: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...'abcde').map((c) => Uint8Array.of(c.charCodeAt(0))) },
  { weight: 1, arbitrary: fc.constantFrom('', 'ab', 'c\u0000').map((s) => Uint8Array.from(s, (c) => c.charCodeAt(0))) },
);
/** Values, often empty (an empty value is a value, not a clear). */
export const value: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.constant(new Uint8Array(0)),
  fc.uint8Array({ minLength: 1, maxLength: 4 }),
);

/** A range [begin, end) with begin <= end; sometimes empty, sometimes up to the end of the key space. */
export const range: fc.Arbitrary<{ begin: Uint8Array; end: Uint8Array }> = fc
  .tuple(key, fc.oneof({ weight: 5, arbitrary: key }, { weight: 1, arbitrary: fc.constant(END) }))
  .map(([a, b]) => (compare(a, b) <= 0 ? { begin: a, end: b } : { begin: b, end: a }));

/** One step of a transaction. */
export type Op =
  | { readonly kind: 'get'; readonly key: Uint8Array; readonly snapshot: boolean }
  | {
      readonly kind: 'range';
      readonly begin: Uint8Array;
      readonly end: Uint8Array;
      readonly limit: number;
      readonly reverse: boolean;
      readonly snapshot: boolean;
    }
  | { readonly kind: 'set'; readonly key: Uint8Array; readonly value: Uint8Array }
  | { readonly kind: 'clear'; readonly key: Uint8Array }
  | { readonly kind: 'clearRange'; readonly begin: Uint8Array; readonly end: Uint8Array };

const snapshot = fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) });
/** Limits biased to the edges: none (0), one, and small counts that land exactly on the keys there are. */
export const limit = fc.oneof(fc.constant(0), fc.constant(1), fc.integer({ min: 2, max: 4 }));

export const readOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('get' as const), key, snapshot }) },
  {
    weight: 3,
    arbitrary: fc
      .record({ r: range, limit, reverse: fc.boolean(), snapshot })
      .map(({ r, ...rest }) => ({ kind: 'range' as const, begin: r.begin, end: r.end, ...rest })),
  },
);
export const writeOp: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), key, value }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const), key }) },
  { weight: 1, arbitrary: range.map((r) => ({ kind: 'clearRange' as const, ...r })) },
);
export const anyOp: fc.Arbitrary<Op> = fc.oneof(readOp, writeOp);

export function describeOp(op: Op): string {
  const snap = (s: boolean) => (s ? ' (snapshot)' : '');
  switch (op.kind) {
    case 'get':
      return `get ${show(op.key)}${snap(op.snapshot)}`;
    case 'range':
      return `getRange ${show(op.begin)}..${show(op.end)} limit ${op.limit}${op.reverse ? ' reverse' : ''}${snap(op.snapshot)}`;
    case 'set':
      return `set ${show(op.key)}=${hexOf(op.value) || "''"}`;
    case 'clear':
      return `clear ${show(op.key)}`;
    case 'clearRange':
      return `clearRange ${show(op.begin)}..${show(op.end)}`;
  }
}

/** A key for messages: its letters if printable, else hex. */
export function show(bytes: Uint8Array): string {
  if (bytes.length === 0) return "''";
  return [...bytes].every((b) => b >= 0x61 && b <= 0x7a) ? String.fromCharCode(...bytes) : `0x${hexOf(bytes)}`;
}

/**
 * `op` with every key and value a view into a bigger buffer (`viewInto`), and `scribble`, which
 * overwrites those buffers: a caller that reuses its buffers once the call returns. Whatever the
 * transaction kept of them by reference changes under it.
 */
function inScratch(op: Op): { op: Op; scribble: () => void } {
  const views: Uint8Array[] = [];
  const view = (bytes: Uint8Array): Uint8Array => {
    const inBuffer = viewInto(bytes, { before: 1, after: 1 });
    views.push(inBuffer);
    return inBuffer;
  };
  const copy: Op =
    op.kind === 'get' || op.kind === 'clear'
      ? { ...op, key: view(op.key) }
      : op.kind === 'set'
        ? { ...op, key: view(op.key), value: view(op.value) }
        : { ...op, begin: view(op.begin), end: view(op.end) };
  return { op: copy, scribble: () => views.forEach((v) => scribble(v, 0x7a)) };
}

// ---- the model: the key space as a map ----------------------------------------------------------

/** The key space: key in hex -> value. */
export type Model = Map<string, Uint8Array>;

/** Applies a write op to the model; ignores reads. */
export function applyOp(model: Model, op: Op): void {
  if (op.kind === 'set') model.set(hexOf(op.key), op.value);
  else if (op.kind === 'clear') model.delete(hexOf(op.key));
  else if (op.kind === 'clearRange') {
    for (const k of [...model.keys()]) if (inRange(fromHex(k), op.begin, op.end)) model.delete(k);
  }
}

export function inRange(k: Uint8Array, begin: Uint8Array, end: Uint8Array): boolean {
  return compare(begin, k) <= 0 && compare(k, end) < 0;
}

/** What a read op returns on the model, as text: "key=value" pairs, or the value, or "(none)". */
export function readModel(model: Model, op: Op): string {
  if (op.kind === 'get') {
    const found = model.get(hexOf(op.key));
    return found === undefined ? '(none)' : hexOf(found);
  }
  if (op.kind !== 'range') throw new Error('not a read');
  let keys = [...model.keys()]
    .map(fromHex)
    .filter((k) => inRange(k, op.begin, op.end))
    .sort(compare);
  if (op.reverse) keys.reverse();
  if (op.limit > 0) keys = keys.slice(0, op.limit);
  return keys.map((k) => `${hexOf(k)}=${hexOf(model.get(hexOf(k))!)}`).join(' ');
}

/** Runs one op on a transaction: a read returns its result as readModel's text. */
export async function runOp(tr: Transaction, op: Op): Promise<string | undefined> {
  switch (op.kind) {
    case 'get': {
      const found = await tr.get(op.key, { snapshot: op.snapshot });
      return found === undefined ? '(none)' : hexOf(found);
    }
    case 'range': {
      const pairs = await tr.getRange(op.begin, op.end, {
        limit: op.limit,
        reverse: op.reverse,
        snapshot: op.snapshot,
      });
      return pairs.map((p) => `${hexOf(p.key)}=${hexOf(p.value)}`).join(' ');
    }
    case 'set':
      tr.set(op.key, op.value);
      return undefined;
    case 'clear':
      tr.clear(op.key);
      return undefined;
    case 'clearRange':
      tr.clearRange(op.begin, op.end);
      return undefined;
  }
}

/**
 * Runs `op` as a caller that reuses its buffers does (inScratch): every key and value a view
 * into a bigger buffer, overwritten once the call returns. Returns what runOp returns.
 */
export async function runInScratch(tr: Transaction, op: Op): Promise<string | undefined> {
  const { op: theirs, scribble: reuse } = inScratch(op);
  const got = await runOp(tr, theirs);
  reuse();
  return got;
}

// ---- opening a database on the simulated disk -----------------------------------------------------

export async function openSimDatabase(
  options: DatabaseOptions = {},
  fs: FileSystem = new SimulatedFileSystem({ seed: 1 }),
): Promise<Database> {
  return openDatabase(fs, 'db', options);
}

/** Runs `work` on a fresh database on the simulated disk, and closes it however `work` ends. */
export async function withDatabase<T>(work: (db: Database) => Promise<T>, options: DatabaseOptions = {}): Promise<T> {
  const db = await openSimDatabase(options);
  try {
    return await work(db);
  } finally {
    await db.close();
  }
}

/** Commits one transaction that applies `ops` (writes only) and returns its commit version. */
export async function commitWrites(db: Database, ops: readonly Op[]): Promise<number> {
  const tr = db.createTransaction();
  for (const op of ops) await runOp(tr, op);
  await tr.commit();
  return tr.getCommittedVersion();
}

// ---- interleaved transactions, recorded --------------------------------------------------------------

/** What one transaction did: its ops with what each read returned, and how its commit ended. */
export interface Recorded {
  readonly index: number;
  readonly ops: readonly Op[];
  readonly results: (string | undefined)[];
  readVersion: number;
  outcome: 'pending' | 'committed' | 'refused';
  error?: unknown;
  commitVersion: number;
  /** The order in which commits settled (acknowledged or refused), across all transactions. */
  settled: number;
}

/**
 * Runs `scripts` as concurrent transactions on `db`. `schedule` picks, step by step, which
 * transaction does its next op; a transaction that has done all its ops calls commit() without
 * waiting, so commits made close together travel in one batch. Every read is awaited, so batches
 * run between reads. Returns every transaction's record once every commit has settled.
 */
export async function runInterleaved(
  db: Database,
  scripts: readonly (readonly Op[])[],
  schedule: readonly number[],
): Promise<Recorded[]> {
  const records: Recorded[] = scripts.map((ops, index) => ({
    index,
    ops,
    results: [],
    readVersion: -1,
    outcome: 'pending',
    commitVersion: -1,
    settled: -1,
  }));
  const transactions = scripts.map(() => db.createTransaction());
  const next = scripts.map(() => 0);
  const commits: Promise<void>[] = [];
  let settledCount = 0;
  const advance = async (t: number): Promise<void> => {
    const record = records[t]!;
    const tr = transactions[t]!;
    if (next[t]! > record.ops.length) return;
    if (record.readVersion < 0) record.readVersion = await tr.getReadVersion();
    if (next[t]! < record.ops.length) {
      record.results.push(await runOp(tr, record.ops[next[t]!]!));
      next[t]!++;
      return;
    }
    next[t]!++;
    commits.push(
      tr.commit().then(
        () => {
          record.outcome = 'committed';
          record.commitVersion = tr.getCommittedVersion();
          record.settled = settledCount++;
        },
        (error: unknown) => {
          record.outcome = 'refused';
          record.error = error;
          record.settled = settledCount++;
        },
      ),
    );
  };
  for (const pick of schedule) await advance(pick % scripts.length);
  for (let t = 0; t < scripts.length; t++) while (next[t]! <= scripts[t]!.length) await advance(t);
  await Promise.all(commits);
  return records;
}

/** A transaction's script with its results, for failure messages. */
export function describeRecord(r: Recorded): string {
  const steps = r.ops.map(
    (op, i) => `${describeOp(op)}${r.results[i] === undefined ? '' : ` -> ${r.results[i] || '(empty)'}`}`,
  );
  const end = r.outcome === 'committed' ? `committed at ${r.commitVersion}` : `refused (${(r.error as Error)?.name})`;
  return `T${r.index} (read version ${r.readVersion}): ${steps.join('; ')}; ${end}`;
}

export const isWrite = (op: Op): boolean => op.kind === 'set' || op.kind === 'clear' || op.kind === 'clearRange';

// ---- the model resolver: conflict ranges worked out from what each transaction did ----------------------

export interface Span {
  readonly begin: Uint8Array;
  readonly end: Uint8Array;
}

export const after = (k: Uint8Array): Uint8Array => Uint8Array.of(...k, 0);
export const overlaps = (a: Span, b: Span): boolean =>
  compare(a.begin, b.end) < 0 &&
  compare(b.begin, a.end) < 0 &&
  compare(a.begin, a.end) < 0 &&
  compare(b.begin, b.end) < 0;

/**
 * What a transaction really read: each non-snapshot get's key; each non-snapshot range read's
 * range, cut after the last key returned when it stopped at its limit (forward) or before it
 * (reverse). Written from the README's rule, not from the lesson's code.
 */
export function readSpans(r: Recorded): Span[] {
  const spans: Span[] = [];
  r.ops.forEach((op, i) => {
    if (op.kind === 'get' && !op.snapshot) spans.push({ begin: op.key, end: after(op.key) });
    if (op.kind !== 'range' || op.snapshot || compare(op.begin, op.end) >= 0) return; // an empty range reads nothing
    const keys = (r.results[i] ?? '')
      .split(' ')
      .filter((p) => p !== '')
      .map((p) => fromHex(p.split('=')[0]!));
    const last = keys.at(-1);
    if (op.limit === 0 || keys.length < op.limit || last === undefined) spans.push({ begin: op.begin, end: op.end });
    else spans.push(op.reverse ? { begin: last, end: op.end } : { begin: op.begin, end: after(last) });
  });
  return spans;
}

/** What a transaction wrote. */
export function writeSpans(ops: readonly Op[]): Span[] {
  return ops.flatMap((op): Span[] =>
    op.kind === 'set' || op.kind === 'clear'
      ? [{ begin: op.key, end: after(op.key) }]
      : op.kind === 'clearRange'
        ? [{ begin: op.begin, end: op.end }]
        : [],
  );
}

/**
 * The model resolver's verdict on a transaction that wrote: it conflicts exactly when a
 * transaction that committed before it was decided, at a version above its read version, wrote
 * into what it read. Keeps every committed write; no window. Returns the culprit, if any.
 */
export function modelConflict(t: Recorded, all: readonly Recorded[]): Recorded | undefined {
  const reads = readSpans(t);
  return all.find(
    (c) =>
      c !== t &&
      c.outcome === 'committed' &&
      c.settled < t.settled &&
      c.commitVersion > t.readVersion &&
      writeSpans(c.ops).some((w) => reads.some((r) => overlaps(w, r))),
  );
}
