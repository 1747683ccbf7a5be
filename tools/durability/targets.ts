/**
 * What a crash trial writes through, and how the parent checks it after the kill.
 *
 * A target has a child side (open the store in a directory, make batches of writes durable) and
 * a parent side (reopen what the killed child left behind, and check it against the writes).
 * Lesson code is imported lazily, through `@ferris/...`, so that the tree map decides whose code
 * runs (the reference by default, any tree with --impl).
 *
 * - `wal`: lesson 03's WalWriter and recoverWal. The recovered log must be a prefix of the writes.
 * - `engine`: lesson 10's Db (log, memtable, flushes to tables, the catalog), with a small
 *   memtable so that trials flush, rotate logs and edit the catalog while they are killed. The
 *   reopened database must hold the state after some prefix of the writes.
 * - `engine-manifest`: the same with lesson 11's manifest catalog, once lesson 11 exists, and
 *   lesson 12's leveled compaction (with tiny budgets, so that it runs) once lesson 12 exists,
 *   and every piece of lesson 13 (decoded-block cache, compressed tables, append buffer, group
 *   commit, reads on the calling thread) once lesson 13 exists: no optimisation may lose a write.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { treeOf } from './launch.ts';
import { firstWrites, sameBytes, sameWrite, type Write } from './workload.ts';

/**
 * How the child makes writes durable before it acknowledges them.
 * - 'every-append': one write at a time, each synced before it resolves (WAL sync policy
 *   'every-append'; the engine's default).
 * - 'batch-manual': 1 to 8 writes, then one sync (WAL policy 'manual' and sync(); for the engine,
 *   one atomic WriteBatch, which must come back whole or not at all).
 * - 'batch-every-n': 1 to 8 writes under a policy that also syncs on its own (WAL 'every-n' with
 *   3 appends), then an explicit sync (for the engine: policy 'manual', then db.sync()).
 */
export type WriteMode = 'every-append' | 'batch-manual' | 'batch-every-n';
export const WRITE_MODES: readonly WriteMode[] = ['every-append', 'batch-manual', 'batch-every-n'];

export interface TargetWriter {
  /** Writes the batch; resolves only once every write in it is durable (then the child acks). */
  writeDurably(batch: readonly Write[]): Promise<void>;
}

/** What the parent knows about a killed child. */
export interface TrialFacts {
  readonly seed: number;
  readonly mode: WriteMode;
  /** Every write up to this sequence number was started (it may be on disk). */
  readonly announced: number;
  /** Every write up to this sequence number was acknowledged as durable. */
  readonly acked: number;
}

export interface TrialCheck {
  /** Entries (WAL) or live keys (engine) found after the kill. */
  readonly recovered: number;
  /** Acknowledged writes not found. */
  readonly lost: number;
  /** Things found that were never written. */
  readonly phantom: number;
  /** Bytes of a torn tail that recovery cut off (WAL). */
  readonly tornBytes: number;
  /** Any other broken promise: order, atomicity, writing after recovery. */
  readonly problem?: string;
}

export interface CrashTarget {
  readonly name: string;
  /** Child side: opens the store in `dir`. */
  openWriter(dir: string, mode: WriteMode): Promise<TargetWriter>;
  /** Parent side: reopens the store after the kill, checks it, then checks it still takes writes. */
  check(dir: string, facts: TrialFacts): Promise<TrialCheck>;
}

/** Whether the tree in FERRIS_MAP has `file` for `lesson` ('' for the folder itself). */
export function lessonFileExists(lesson: string, file: string): boolean {
  return existsSync(path.join(treeOf(lesson), lesson, file));
}

// ---- the WAL --------------------------------------------------------------------------------

async function walModules() {
  const [entry, nodeFs, writer, recovery] = await Promise.all([
    import('@ferris/01-wal-entry/entry.ts'),
    import('@ferris/03-recovery/node-fs.ts'),
    import('@ferris/03-recovery/wal-writer.ts'),
    import('@ferris/03-recovery/recovery.ts'),
  ]);
  const toEntry = (w: Write) =>
    w.value === null ? entry.deleteEntry(w.sequence, w.key) : entry.putEntry(w.sequence, w.key, w.value);
  return { nodeFs, writer, recovery, toEntry };
}

const WAL_FILE = 'wal.log';

type EntryLike = { sequence: number; key: Uint8Array; value: Uint8Array | null };

/**
 * Compares recovered entries with the writes. A phantom is an entry that is not, byte for byte,
 * a write the child started (the writes have sequence numbers 1, 2, 3, ...). A lost write is an
 * acknowledged one that is not among the entries. And a log must come back as a prefix of what
 * was written: in order, no repeats, no holes.
 */
function auditLog(entries: readonly EntryLike[], writes: readonly Write[], announced: number, acked: number) {
  const present = new Set<number>();
  let phantom = 0;
  let problem: string | undefined;
  for (const [i, e] of entries.entries()) {
    const real =
      Number.isInteger(e.sequence) &&
      e.sequence >= 1 &&
      e.sequence <= announced &&
      sameWrite(e, writes[e.sequence - 1]!);
    if (!real) {
      phantom++;
      continue;
    }
    if (e.sequence !== i + 1)
      problem ??= `entry ${i} is write ${e.sequence}: the log did not come back in write order, without holes or repeats`;
    present.add(e.sequence);
  }
  let lost = 0;
  for (let s = 1; s <= acked; s++) if (!present.has(s)) lost++;
  return { lost, phantom, problem };
}

/** The write-ahead log of lesson 03, written and recovered on the real file system. */
export const walTarget: CrashTarget = {
  name: 'wal',

  async openWriter(dir, mode) {
    const { nodeFs, writer, toEntry } = await walModules();
    const sync =
      mode === 'every-append'
        ? ({ kind: 'every-append' } as const)
        : mode === 'batch-manual'
          ? ({ kind: 'manual' } as const)
          : ({ kind: 'every-n', appends: 3 } as const);
    const wal = await writer.WalWriter.open(new nodeFs.NodeFileSystem(), path.join(dir, WAL_FILE), { sync });
    return {
      async writeDurably(batch) {
        for (const w of batch) await wal.append(toEntry(w));
        // With 'every-append' each append was durable when it resolved; the batch modes ask for
        // it explicitly, as a group commit would.
        if (mode !== 'every-append') await wal.sync();
      },
    };
  },

  async check(dir, { seed, announced, acked }) {
    const { nodeFs, writer, recovery, toEntry } = await walModules();
    const fs = new nodeFs.NodeFileSystem();
    const file = path.join(dir, WAL_FILE);
    const first = await recovery.recoverWal(fs, file);
    const entries = first.entries;
    const writes = firstWrites(seed, Math.max(announced, entries.length) + 1);
    const audit = auditLog(entries, writes, announced, acked);
    let { lost, phantom } = audit;
    let problem = audit.problem;
    if (problem === undefined) {
      // The log must still work: one more write after recovery, then recover again. A reopen
      // that truncates the log, or a torn tail left in place, shows up here as lost writes.
      const next = writes[entries.length]!;
      try {
        const wal = await writer.WalWriter.open(fs, file, { sync: { kind: 'every-append' } });
        await wal.append(toEntry(next));
        await wal.close();
        const again = (await recovery.recoverWal(fs, file)).entries;
        const second = auditLog(again, writes, Math.max(announced, next.sequence), acked);
        lost = Math.max(lost, second.lost);
        phantom = Math.max(phantom, second.phantom);
        if (second.problem !== undefined || again.length !== entries.length + 1 || !sameWrite(again.at(-1)!, next)) {
          problem =
            `after recovery, one more write and a second recovery gave ${again.length} entries, not the ${entries.length + 1} expected` +
            (second.problem ? ` (${second.problem})` : '');
        }
      } catch (error) {
        problem = `writing after recovery failed: ${(error as Error).message}`;
      }
    }
    return { recovered: entries.length, lost, phantom, tornBytes: first.truncatedBytes, problem };
  },
};

// ---- the engine -----------------------------------------------------------------------------

/** Small, so that a trial of a few hundred writes freezes, flushes and edits the catalog. */
const ENGINE_MEMTABLE_BYTES = 16 * 1024;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Finds an exported `manifestCatalog` factory in lesson 11, whatever file it is in. */
async function manifestCatalog(): Promise<unknown> {
  const dir = path.join(treeOf('11-manifest'), '11-manifest');
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort()) {
    const module = (await import(`@ferris/11-manifest/${file}`)) as Record<string, unknown>;
    if (typeof module.manifestCatalog === 'function') return (module.manifestCatalog as () => unknown)();
  }
  throw new Error(`${dir} exports no manifestCatalog(): update tools/durability/targets.ts`);
}

/** Budgets small enough that a short trial compacts. */
const LEVELED = { level0Tables: 2, level1Bytes: 64 * 1024, sizeRatio: 4, targetTableBytes: 16 * 1024 };

/**
 * Lesson 12's leveled compaction; on lesson 13's worker thread when that lesson has it (as the
 * benchmark runs it), so that the trials kill the process while the worker writes and while the
 * engine installs what it wrote.
 */
async function leveledCompaction(root: string, tuning: Tuning | undefined): Promise<unknown> {
  if (typeof tuning?.workerCompaction === 'function') return tuning.workerCompaction(root, { leveled: LEVELED });
  const module = (await import('@ferris/12-compaction/leveled.ts')) as Record<string, unknown>;
  if (typeof module.leveledCompaction !== 'function')
    throw new Error('lesson 12 exports no leveledCompaction(): update tools/durability/targets.ts');
  return (module.leveledCompaction as (o: object) => unknown)(LEVELED);
}

type Tuning = {
  options: object;
  wrapFs: (fs: unknown) => unknown;
  workerCompaction?: (root: string, options: object) => unknown;
};

/** Every piece of lesson 13 (compression too, which is off by default), with a small cache so that a short trial evicts. */
async function performance(): Promise<Tuning> {
  const module = (await import('@ferris/13-performance/tuning.ts')) as Record<string, unknown>;
  if (typeof module.performanceOptions !== 'function')
    throw new Error('lesson 13 exports no performanceOptions(): update tools/durability/targets.ts');
  return (module.performanceOptions as (o: object) => Tuning)({
    cacheBytes: 64 * 1024,
    compression: true,
  });
}

async function engineModules() {
  const [nodeFs, db, batch] = await Promise.all([
    import('@ferris/03-recovery/node-fs.ts'),
    import('@ferris/10-lsm-engine/db.ts'),
    import('@ferris/10-lsm-engine/batch.ts'),
  ]);
  return { nodeFs, db, batch };
}

/**
 * The state after the first n writes, per key (hex): the last value written, or null for a key
 * deleted or never written.
 */
function stateAfter(writes: readonly Write[], n: number): Map<string, Uint8Array | null> {
  const state = new Map<string, Uint8Array | null>();
  for (const w of writes.slice(0, n)) state.set(hex(w.key), w.value);
  return state;
}

function makeEngineTarget(name: string, withManifest: boolean): CrashTarget {
  type Db = Awaited<ReturnType<Awaited<ReturnType<typeof engineModules>>['db']['Db']['open']>>;
  const open = async (dir: string, sync: 'every-append' | 'manual'): Promise<Db> => {
    const { nodeFs, db } = await engineModules();
    const tuning = withManifest && lessonFileExists('13-performance', 'tuning.ts') ? await performance() : undefined;
    const fs = new nodeFs.NodeFileSystem();
    const options = {
      ...tuning?.options,
      memtableBytes: ENGINE_MEMTABLE_BYTES,
      sync: { kind: sync },
      ...(withManifest ? { catalog: await manifestCatalog() } : {}),
      ...(withManifest && lessonFileExists('12-compaction', 'leveled.ts')
        ? { compaction: await leveledCompaction(fs.root, tuning) }
        : {}),
    } as Parameters<typeof db.Db.open>[2];
    return db.Db.open((tuning ? tuning.wrapFs(fs) : fs) as typeof fs, dir, options);
  };

  /** What the database holds: every live key and its value, through scan() and get(). */
  async function contents(db: Db): Promise<{ scanned: Map<string, Uint8Array>; problem?: string }> {
    const scanned = new Map<string, Uint8Array>();
    for await (const [key, value] of db.scan()) scanned.set(hex(key), value);
    for (const [key, value] of scanned) {
      const got = await db.get(Buffer.from(key, 'hex'));
      if (got === undefined || !sameBytes(got, value))
        return { scanned, problem: `get() and scan() disagree about key ${key}` };
    }
    return { scanned };
  }

  return {
    name,

    async openWriter(dir, mode) {
      const { batch: batchModule } = await engineModules();
      const db = await open(dir, mode === 'batch-every-n' ? 'manual' : 'every-append');
      return {
        async writeDurably(batch) {
          if (mode === 'batch-manual') {
            const b = new batchModule.WriteBatch();
            for (const w of batch) w.value === null ? b.delete(w.key) : b.put(w.key, w.value);
            await db.write(b);
            return;
          }
          for (const w of batch) await (w.value === null ? db.delete(w.key) : db.put(w.key, w.value));
          if (mode === 'batch-every-n') await db.sync();
        },
      };
    },

    async check(dir, { seed, mode, announced, acked }) {
      const writes = firstWrites(seed, announced + 1);
      const db = await open(dir, 'every-append');
      let found: Awaited<ReturnType<typeof contents>>;
      try {
        found = await contents(db);
      } catch (error) {
        await db.close().catch(() => {});
        throw error;
      }
      const { scanned } = found;
      // The writes that may be in: all acknowledged ones, and any prefix of those in flight (for an
      // atomic batch, all of it or none).
      const candidates = mode === 'batch-manual' ? [...new Set([acked, announced])] : range(acked, announced);
      const states = candidates.map((n) => ({ n, state: stateAfter(writes, n) }));
      const matches = (state: Map<string, Uint8Array | null>) =>
        [...new Set([...state.keys(), ...scanned.keys()])].every((k) => {
          const want = state.get(k) ?? null;
          const got = scanned.get(k) ?? null;
          return want === null ? got === null : got !== null && sameBytes(got, want);
        });
      const match = states.find((s) => matches(s.state));

      let lost = 0;
      let phantom = 0;
      let problem = found.problem;
      if (match === undefined) {
        // Judge key by key: a key whose value is none of those it could have is a lost write if
        // that value is older than its last acknowledged write, and a phantom if no write made it.
        const keys = new Set([...scanned.keys(), ...writes.map((w) => hex(w.key))]);
        for (const k of keys) {
          const got = scanned.get(k) ?? null;
          const allowed = states.map((s) => s.state.get(k) ?? null);
          if (allowed.some((v) => (v === null ? got === null : got !== null && sameBytes(got, v)))) continue;
          const everWritten =
            got === null || writes.some((w) => hex(w.key) === k && w.value !== null && sameBytes(w.value, got));
          if (everWritten) lost++;
          else phantom++;
        }
        if (lost === 0 && phantom === 0) {
          problem ??= `no prefix of the writes from ${acked} to ${announced} gives this state: ${
            mode === 'batch-manual' ? 'a batch came back in part' : 'writes came back out of order'
          }`;
        }
      }
      // The database must still take writes after the crash, and keep them over a clean reopen.
      if (problem === undefined && lost === 0 && phantom === 0) {
        try {
          const next = writes[announced]!;
          await (next.value === null ? db.delete(next.key) : db.put(next.key, next.value));
          await db.close();
          const again = await open(dir, 'every-append');
          try {
            const { scanned: after } = await contents(again);
            const want = stateAfter([...writes.slice(0, match!.n), next], match!.n + 1);
            const bad = [...new Set([...want.keys(), ...after.keys()])].filter((k) => {
              const w = want.get(k) ?? null;
              const g = after.get(k) ?? null;
              return w === null ? g !== null : g === null || !sameBytes(g, w);
            });
            if (bad.length > 0)
              problem = `after one more write and a clean reopen, ${bad.length} key(s) hold the wrong value`;
          } finally {
            await again.close();
          }
        } catch (error) {
          problem = `writing after recovery failed: ${(error as Error).message}`;
        }
      } else {
        await db.close().catch(() => {});
      }
      return { recovered: scanned.size, lost, phantom, tornBytes: 0, problem };
    },
  };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) + 1 }, (_, i) => from + i);
}

export const engineTarget = makeEngineTarget('engine', false);
export const engineManifestTarget = makeEngineTarget('engine-manifest', true);

export const ALL_TARGETS: Record<string, CrashTarget> = {
  wal: walTarget,
  engine: engineTarget,
  'engine-manifest': engineManifestTarget,
};

/** The targets a run can use, and why the others are not there yet. */
export function availableTargets(): { targets: CrashTarget[]; notices: string[] } {
  const notices: string[] = [];
  const targets: CrashTarget[] = [];
  if (['node-fs.ts', 'wal-writer.ts', 'recovery.ts'].every((f) => lessonFileExists('03-recovery', f)))
    targets.push(walTarget);
  else notices.push(`lesson 03-recovery is not in ${treeOf('03-recovery')} yet: no WAL trials`);
  if (lessonFileExists('10-lsm-engine', 'db.ts')) targets.push(engineTarget);
  else notices.push(`lesson 10-lsm-engine is not in ${treeOf('10-lsm-engine')} yet: no whole-engine trials`);
  if (lessonFileExists('10-lsm-engine', 'db.ts') && lessonFileExists('11-manifest', ''))
    targets.push(engineManifestTarget);
  else notices.push("lesson 11-manifest is not there yet: engine trials use lesson 10's snapshot catalog only");
  if (targets.includes(engineManifestTarget) && !lessonFileExists('12-compaction', 'leveled.ts')) {
    notices.push('lesson 12-compaction is not there yet: engine-manifest trials run without compaction');
  }
  return { targets, notices };
}
