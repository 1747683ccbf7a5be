// Shared generators, the model and file-system wrappers for lesson 10's tests (not a test file).
// Lesson 11's tests use them too.
import { fc } from '@fast-check/vitest';
import type { Db } from '@ferris/10-lsm-engine/db.ts';
import type { AppendFile, FileSystem, ReadFile } from '@support/fs.ts';
import type { SimulatedFileSystem } from '@support/sim-fs.ts';

export const hexOf = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
export const fromHex = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

/** Keys from a small alphabet, so that writes hit the same keys again and again; sometimes empty. */
export const key = fc.oneof(
  { weight: 5, arbitrary: fc.uint8Array({ min: 0x61, max: 0x64, minLength: 1, maxLength: 2 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 3 }) },
);
export const value = fc.uint8Array({ maxLength: 24 });

/** One write: a put or a delete. */
export type Op = { readonly kind: 'put'; readonly key: Uint8Array; readonly value: Uint8Array } | { readonly kind: 'delete'; readonly key: Uint8Array };
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

export function compare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** What the database's scan gives, as "key=value" hex strings. */
export async function dbScan(db: Db, start?: Uint8Array, end?: Uint8Array): Promise<string[]> {
  const out: string[] = [];
  for await (const [k, v] of db.scan({ ...(start ? { start } : {}), ...(end ? { end } : {}) })) out.push(`${hexOf(k)}=${hexOf(v)}`);
  return out;
}

export function describeOps(ops: readonly Op[]): string {
  return ops.map((o) => (o.kind === 'put' ? `put ${hexOf(o.key)}=${hexOf(o.value)}` : `delete ${hexOf(o.key)}`)).join(', ');
}

// ---- a file system that crashes at a chosen step --------------------------------------------------

/** Thrown in place of the call a crash interrupted. */
export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

/**
 * Delegates to a SimulatedFileSystem and counts every call that changes the disk or reads a
 * directory (on the file system and on files opened for appending). Call number `crashAt` (from
 * 0) does not happen: the machine crashes instead, and every later call throws too.
 */
export class CrashingFileSystem implements FileSystem {
  steps = 0;
  crashed = false;
  readonly log: string[] = [];
  constructor(
    readonly sim: SimulatedFileSystem,
    public crashAt: number = Infinity,
  ) {}

  private async step<T>(what: string, run: () => Promise<T>): Promise<T> {
    if (this.crashed) throw new SimulatedCrash(`the machine is down (it crashed before step ${this.crashAt})`);
    if (this.steps++ === this.crashAt) {
      this.crashed = true;
      this.sim.crash();
      throw new SimulatedCrash(`crash before step ${this.crashAt}: ${what}`);
    }
    this.log.push(what);
    return run();
  }

  async openAppend(path: string): Promise<AppendFile> {
    const file = await this.step(`openAppend(${path})`, () => this.sim.openAppend(path));
    return {
      path: file.path,
      get size() {
        return file.size;
      },
      append: (bytes: Uint8Array) => this.step(`append(${path}, ${bytes.length} bytes)`, () => file.append(bytes)),
      sync: () => this.step(`sync(${path})`, () => file.sync()),
      close: () => file.close(),
    };
  }
  openRead(path: string): Promise<ReadFile> {
    return this.step(`openRead(${path})`, () => this.sim.openRead(path));
  }
  readFile(path: string): Promise<Uint8Array> {
    return this.step(`readFile(${path})`, () => this.sim.readFile(path));
  }
  truncate(path: string, length: number): Promise<void> {
    return this.step(`truncate(${path}, ${length})`, () => this.sim.truncate(path, length));
  }
  rename(from: string, to: string): Promise<void> {
    return this.step(`rename(${from}, ${to})`, () => this.sim.rename(from, to));
  }
  remove(path: string): Promise<void> {
    return this.step(`remove(${path})`, () => this.sim.remove(path));
  }
  list(dir: string): Promise<string[]> {
    return this.step(`list(${dir})`, () => this.sim.list(dir));
  }
  mkdir(dir: string): Promise<void> {
    return this.step(`mkdir(${dir})`, () => this.sim.mkdir(dir));
  }
  syncDir(dir: string): Promise<void> {
    return this.step(`syncDir(${dir})`, () => this.sim.syncDir(dir));
  }
  exists(path: string): Promise<boolean> {
    return this.step(`exists(${path})`, () => this.sim.exists(path));
  }
}

// ---- a file system that pauses at a chosen step -----------------------------------------------------

/**
 * Delegates to another file system. Once armed with `pauseAt(n)`, the n-th call after that (from
 * 0) waits until `release()`; `reached` resolves when it starts waiting. Reads of open files are
 * not counted, so reads can run while a flush is paused.
 */
export class PausingFileSystem implements FileSystem {
  private count = -1;
  private target = -1;
  private releaseGate: () => void = () => {};
  private reachedGate: () => void = () => {};
  reached: Promise<void> = Promise.resolve();
  paused = false;
  /** The path of each call since the last pauseAt. */
  readonly paths: string[] = [];
  constructor(
    readonly inner: FileSystem,
    /** Which calls count (by path); default all. */
    private readonly counts: (path: string) => boolean = () => true,
  ) {}

  pauseAt(n: number): void {
    this.count = 0;
    this.target = n;
    this.paths.length = 0;
    this.paused = false;
    this.reached = new Promise((resolve) => (this.reachedGate = resolve));
  }
  release(): void {
    this.target = -1;
    this.releaseGate();
  }
  /**
   * While paused at call p: moves the pause to call `n` (counted from the same pauseAt) and lets
   * the paused call go on; if `n` is p, stays paused. A negative `n` never pauses again.
   */
  movePause(n: number): void {
    if (this.paused && n === this.count - 1) return;
    this.target = n;
    this.paused = false;
    this.reached = new Promise((resolve) => (this.reachedGate = resolve));
    this.releaseGate();
  }
  /** How many calls were made since the last pauseAt. */
  get calls(): number {
    return this.count;
  }

  private async step<T>(path: string, run: () => Promise<T>): Promise<T> {
    if (this.count < 0 || !this.counts(path)) return run();
    this.paths.push(path);
    if (this.count++ === this.target) {
      this.paused = true;
      const gate = new Promise<void>((resolve) => (this.releaseGate = resolve));
      this.reachedGate();
      await gate;
    }
    return run();
  }
  async openAppend(path: string): Promise<AppendFile> {
    const file = await this.step(path, () => this.inner.openAppend(path));
    return {
      path: file.path,
      get size() {
        return file.size;
      },
      append: (bytes: Uint8Array) => this.step(path, () => file.append(bytes)),
      sync: () => this.step(path, () => file.sync()),
      close: () => file.close(),
    };
  }
  openRead(path: string): Promise<ReadFile> {
    return this.step(path, () => this.inner.openRead(path));
  }
  readFile(path: string): Promise<Uint8Array> {
    return this.step(path, () => this.inner.readFile(path));
  }
  truncate(path: string, length: number): Promise<void> {
    return this.step(path, () => this.inner.truncate(path, length));
  }
  rename(from: string, to: string): Promise<void> {
    return this.step(from, () => this.inner.rename(from, to));
  }
  remove(path: string): Promise<void> {
    return this.step(path, () => this.inner.remove(path));
  }
  list(dir: string): Promise<string[]> {
    return this.step(dir, () => this.inner.list(dir));
  }
  mkdir(dir: string): Promise<void> {
    return this.step(dir, () => this.inner.mkdir(dir));
  }
  syncDir(dir: string): Promise<void> {
    return this.step(dir, () => this.inner.syncDir(dir));
  }
  exists(path: string): Promise<boolean> {
    return this.step(path, () => this.inner.exists(path));
  }
}
