// Shared generators, models and file-system wrappers for lesson 07's tests (not a test file).
//
// The tests read tables with their own parser of the format in README.md (`parseTable`), so that
// they can say which block a read touched, and build damaged tables byte by byte.
import { expect } from 'vitest';
import { fc } from '@fast-check/vitest';
import { deleteEntry, MAX_SEQUENCE, putEntry, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { crc32c } from '@ferris/02-serialization/crc32c.ts';
import { compareBytes, compareInternalKeys, type InternalKey } from '@ferris/05-memtable/internal-key.ts';
import type { Lookup } from '@ferris/05-memtable/memtable.ts';
import { Block } from '@ferris/06-block/block.ts';
import type { FilterPolicy } from '@ferris/07-sstable/format.ts';
import { CorruptTableError } from '@ferris/07-sstable/format.ts';
import type { AppendFile, FileSystem, ReadFile } from '@support/fs.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';

export const hexOf = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

export function describeEntry(e: WalEntry): string {
  return `${hexOf(e.key)}@${e.sequence}=${e.value === null ? 'DELETE' : hexOf(e.value)}`;
}
export const show = (entries: Iterable<WalEntry>): string[] => [...entries].map(describeEntry);

// ---- entries --------------------------------------------------------------------------------------

/** User keys: a small alphabet (shared prefixes, many versions of one key) and any bytes. */
export const userKey = fc.oneof(
  { weight: 3, arbitrary: fc.uint8Array({ min: 0x61, max: 0x63, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 10 }) },
);
/** Sequence numbers, small and large (past 2^32, and up to MAX_SEQUENCE). */
export const sequence = fc.oneof(
  { weight: 4, arbitrary: fc.nat(300) },
  { weight: 1, arbitrary: fc.constantFrom(255, 256, 65_536, 2 ** 32 - 1, 2 ** 32, 2 ** 40 + 7, MAX_SEQUENCE) },
  { weight: 1, arbitrary: fc.maxSafeNat() },
);
const version = fc.record({
  key: userKey,
  sequence,
  value: fc.option(fc.uint8Array({ maxLength: 40 }), { nil: null, freq: 4 }),
});

export function sortEntries(entries: WalEntry[]): WalEntry[] {
  return entries.sort((a, b) => compareInternalKeys({ userKey: a.key, sequence: a.sequence }, { userKey: b.key, sequence: b.sequence }));
}

/** Versions (puts and deletes) in internal-key order, each (key, sequence) once: what a flush writes. */
export const tableEntries = (maxLength = 120): fc.Arbitrary<WalEntry[]> =>
  fc
    .uniqueArray(version, { selector: (v) => `${hexOf(v.key)}@${v.sequence}`, maxLength })
    .map((versions) => sortEntries(versions.map((v) => (v.value === null ? deleteEntry(v.sequence, v.key) : putEntry(v.sequence, v.key, v.value)))));

/** Small blocks, so that small tables still have many of them; and the default. */
export const blockSize = fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 64, max: 400 }) }, { weight: 1, arbitrary: fc.constant(4096) });
export const restartInterval = fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(16));

// ---- the model ------------------------------------------------------------------------------------

const MISSING: Lookup = { kind: 'missing' };

/** What get(key, atSequence) must return, from the sorted entries. */
export function modelGet(entries: readonly WalEntry[], key: Uint8Array, atSequence = MAX_SEQUENCE): Lookup {
  const visible = entries.find((e) => compareBytes(e.key, key) === 0 && e.sequence <= atSequence);
  if (!visible) return MISSING;
  return visible.value === null ? { kind: 'deleted', sequence: visible.sequence } : { kind: 'value', value: visible.value, sequence: visible.sequence };
}

/** The index of the first entry at or after `target` in internal-key order. */
export function modelSeek(entries: readonly WalEntry[], target: InternalKey): number {
  const i = entries.findIndex((e) => compareInternalKeys({ userKey: e.key, sequence: e.sequence }, target) >= 0);
  return i < 0 ? entries.length : i;
}

export function showLookup(l: Lookup): string {
  return l.kind === 'value' ? `value ${hexOf(l.value)} at ${l.sequence}` : l.kind === 'deleted' ? `deleted at ${l.sequence}` : 'missing';
}

// ---- filter policies for the tests --------------------------------------------------------------

/** A "filter" that is the exact set of keys: no false positives, so a "no" can be relied on. Records its calls. */
export class ExactSetPolicy implements FilterPolicy {
  readonly name: string;
  readonly created: Uint8Array[][] = [];
  asked = 0;
  constructor(name = 'test.exact-set') {
    this.name = name;
  }
  createFilter(keys: Uint8Array[]): Uint8Array {
    this.created.push(keys.map((k) => Uint8Array.from(k)));
    return utf8(keys.map((k) => `k${hexOf(k)};`).join(''));
  }
  mayContain(filter: Uint8Array, key: Uint8Array): boolean {
    this.asked++;
    return new TextDecoder().decode(filter).split(';').includes(`k${hexOf(key)}`);
  }
}

/** A policy that says "not here" to every key. A reader must ignore it unless the table's filter has its name. */
export class NeverPolicy implements FilterPolicy {
  constructor(readonly name: string) {}
  createFilter(): Uint8Array {
    return new Uint8Array(0);
  }
  mayContain(): boolean {
    return false;
  }
}

// ---- a file system that records every read ------------------------------------------------------

export interface Read {
  readonly path: string;
  readonly offset: number;
  readonly length: number;
}

/** Delegates to another file system and records each read; a read outside the file is recorded as a violation. */
export class RecordingFileSystem implements FileSystem {
  readonly reads: Read[] = [];
  readonly outside: string[] = [];
  constructor(readonly inner: FileSystem) {}

  takeReads(): Read[] {
    return this.reads.splice(0, this.reads.length);
  }

  async openRead(path: string): Promise<ReadFile> {
    const file = await this.inner.openRead(path);
    return {
      path: file.path,
      get size() {
        return file.size;
      },
      read: async (offset: number, length: number) => {
        if (!(offset >= 0 && length >= 0 && offset + length <= file.size)) {
          this.outside.push(`read(offset ${offset}, length ${length}) of ${path}, which has ${file.size} bytes`);
        }
        this.reads.push({ path, offset, length });
        return file.read(offset, length);
      },
      close: () => file.close(),
    };
  }
  openAppend(path: string): Promise<AppendFile> {
    return this.inner.openAppend(path);
  }
  readFile(path: string): Promise<Uint8Array> {
    return this.inner.readFile(path);
  }
  truncate(path: string, length: number): Promise<void> {
    return this.inner.truncate(path, length);
  }
  rename(from: string, to: string): Promise<void> {
    return this.inner.rename(from, to);
  }
  remove(path: string): Promise<void> {
    return this.inner.remove(path);
  }
  list(dir: string): Promise<string[]> {
    return this.inner.list(dir);
  }
  mkdir(dir: string): Promise<void> {
    return this.inner.mkdir(dir);
  }
  syncDir(dir: string): Promise<void> {
    return this.inner.syncDir(dir);
  }
  exists(path: string): Promise<boolean> {
    return this.inner.exists(path);
  }
}

// ---- a file system that crashes at a chosen step --------------------------------------------------

/** Thrown in place of the call a crash interrupted. */
export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

/**
 * Delegates to a SimulatedFileSystem and counts every call (on the file system and on files it
 * opened for appending). Call number `crashAt` (from 0) does not happen: the simulated machine
 * crashes instead, and every later call throws too.
 */
export class CrashingFileSystem implements FileSystem {
  steps = 0;
  crashed = false;
  readonly log: string[] = [];
  constructor(
    readonly sim: SimulatedFileSystem,
    readonly crashAt: number = Infinity,
  ) {}

  private async step<T>(what: string, run: () => Promise<T>): Promise<T> {
    if (this.crashed) throw new SimulatedCrash(`the machine is down (after a crash before step ${this.crashAt}: ${what})`);
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
      close: () => this.step(`close(${path})`, () => file.close()),
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

/** A fresh simulated disk with the directory `db` made. */
export async function freshDisk(seed = 1): Promise<SimulatedFileSystem> {
  const sim = new SimulatedFileSystem({ seed });
  await sim.mkdir('db');
  return sim;
}

/** Writes `bytes` as a durable file at `path` (for hand-made tables). */
export async function writeBytes(fs: FileSystem, path: string, bytes: Uint8Array): Promise<void> {
  const file = await fs.openAppend(path);
  await file.append(bytes);
  await file.sync();
  await file.close();
}

// ---- the format, read and written by the test itself -----------------------------------------------

export function u32le(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, true);
  return out;
}
export function u64le(n: number): Uint8Array {
  return concat(u32le(n % 2 ** 32), u32le(Math.floor(n / 2 ** 32)));
}
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

export interface Handle {
  readonly offset: number;
  readonly size: number;
}
export interface ParsedTable {
  readonly bytes: Uint8Array;
  readonly meta: Handle;
  readonly index: Handle;
  readonly version: number;
  readonly footerChecksum: number;
  readonly magic: string;
  /** Each data block: its handle, the index key that points at it, and its entries' keys. */
  readonly blocks: Array<{ handle: Handle; indexKey: Uint8Array; keys: Uint8Array[] }>;
  /** The meta block's entries, name -> value. */
  readonly metaEntries: Map<string, Uint8Array>;
}

function handleAt(view: DataView, at: number): Handle {
  return { offset: view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32, size: view.getUint32(at + 8, true) };
}

/** Reads a table as README.md lays it out. Blocks are read with lesson 06's Block. */
export function parseTable(bytes: Uint8Array): ParsedTable {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const f = bytes.length - 40;
  expect(f, 'a table ends with a 40-byte footer').toBeGreaterThanOrEqual(0);
  const meta = handleAt(view, f);
  const index = handleAt(view, f + 12);
  const version = view.getUint32(f + 24, true);
  const footerChecksum = view.getUint32(f + 28, true);
  const magic = new TextDecoder().decode(bytes.subarray(f + 32));
  const indexBlock = Block.decode(bytes.subarray(index.offset, index.offset + index.size));
  const blocks: ParsedTable['blocks'] = [];
  for (const [indexKey, value] of indexBlock.entries()) {
    const v = new DataView(value.buffer, value.byteOffset, value.byteLength);
    const handle = handleAt(v, 0);
    const block = Block.decode(bytes.subarray(handle.offset, handle.offset + handle.size));
    blocks.push({ handle, indexKey: Uint8Array.from(indexKey), keys: [...block.entries()].map(([k]) => Uint8Array.from(k)) });
  }
  const metaEntries = new Map<string, Uint8Array>();
  for (const [k, v] of Block.decode(bytes.subarray(meta.offset, meta.offset + meta.size)).entries()) {
    metaEntries.set(new TextDecoder().decode(k), Uint8Array.from(v));
  }
  return { bytes, meta, index, version, footerChecksum, magic, blocks, metaEntries };
}

/** A footer written by hand: two handles, a version, a correct (or given) checksum, a magic. */
export function footerBytes(meta: Handle, index: Handle, version = 1, magic = utf8('FERRISST')): Uint8Array {
  const head = concat(u64le(meta.offset), u32le(meta.size), u64le(index.offset), u32le(index.size), u32le(version));
  return concat(head, u32le(crc32c(head)), magic);
}

/** The user key and sequence number of an encoded internal key, read as README.md describes it. */
export function splitKey(encoded: Uint8Array): { userKey: Uint8Array; sequence: number; kind: number } {
  const split = encoded.length - 8;
  let sequence = 0;
  for (let i = 0; i < 7; i++) sequence = sequence * 256 + encoded[split + i]!;
  return { userKey: encoded.slice(0, split), sequence, kind: encoded[split + 7]! };
}

/**
 * Runs `run` and returns the CorruptTableError it throws. Any other error (a starter's
 * NotImplemented, a RangeError from reading outside the file) is rethrown as it is; no error
 * fails the test with `what`.
 */
export async function tableCorruption(run: () => Promise<unknown>, what: string): Promise<CorruptTableError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof CorruptTableError) return error;
    throw error;
  }
  expect.fail(`${what}, but no CorruptTableError was thrown`);
}

/** Encoded internal keys compared the way README.md describes (user key ascending, trailer descending). */
export function compareKeys(a: Uint8Array, b: Uint8Array): number {
  const ua = a.subarray(0, a.length - 8);
  const ub = b.subarray(0, b.length - 8);
  const n = Math.min(ua.length, ub.length);
  for (let i = 0; i < n; i++) if (ua[i] !== ub[i]) return ua[i]! - ub[i]!;
  if (ua.length !== ub.length) return ua.length - ub.length;
  const ta = a.subarray(a.length - 8);
  const tb = b.subarray(b.length - 8);
  for (let i = 0; i < 8; i++) if (ta[i] !== tb[i]) return tb[i]! - ta[i]!;
  return 0;
}
