// Shared generators and models for lesson 07's tests (not a test file). The file-system wrappers
// and byte helpers they use are the course's shared ones, in test/shared/.
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
import { ForwardingFileSystem } from '@support/forwarding-fs.ts';
import type { ReadFile } from '@support/fs.ts';
import { concat, hexOf, u32le, u64le, utf8 } from '../shared/bytes.ts';
import { InjectedFailure, type FsCall } from '../shared/stepping-fs.ts';

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
  return entries.sort((a, b) =>
    compareInternalKeys({ userKey: a.key, sequence: a.sequence }, { userKey: b.key, sequence: b.sequence }),
  );
}

/** Versions (puts and deletes) in internal-key order, each (key, sequence) once: what a flush writes. */
export const tableEntries = (maxLength = 120): fc.Arbitrary<WalEntry[]> =>
  fc
    .uniqueArray(version, { selector: (v) => `${hexOf(v.key)}@${v.sequence}`, maxLength })
    .map((versions) =>
      sortEntries(
        versions.map((v) => (v.value === null ? deleteEntry(v.sequence, v.key) : putEntry(v.sequence, v.key, v.value))),
      ),
    );

/** Small blocks, so that small tables still have many of them; and the default. */
export const blockSize = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 64, max: 400 }) },
  { weight: 1, arbitrary: fc.constant(4096) },
);
export const restartInterval = fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(16));

// ---- the model ------------------------------------------------------------------------------------

const MISSING: Lookup = { kind: 'missing' };

/** What get(key, atSequence) must return, from the sorted entries. */
export function modelGet(entries: readonly WalEntry[], key: Uint8Array, atSequence = MAX_SEQUENCE): Lookup {
  const visible = entries.find((e) => compareBytes(e.key, key) === 0 && e.sequence <= atSequence);
  if (!visible) return MISSING;
  return visible.value === null
    ? { kind: 'deleted', sequence: visible.sequence }
    : { kind: 'value', value: visible.value, sequence: visible.sequence };
}

/** The index of the first entry at or after `target` in internal-key order. */
export function modelSeek(entries: readonly WalEntry[], target: InternalKey): number {
  const i = entries.findIndex((e) => compareInternalKeys({ userKey: e.key, sequence: e.sequence }, target) >= 0);
  return i < 0 ? entries.length : i;
}

export function showLookup(l: Lookup): string {
  return l.kind === 'value'
    ? `value ${hexOf(l.value)} at ${l.sequence}`
    : l.kind === 'deleted'
      ? `deleted at ${l.sequence}`
      : 'missing';
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
    return new TextDecoder()
      .decode(filter)
      .split(';')
      .includes(`k${hexOf(key)}`);
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

// ---- the format, read and written by the test itself -----------------------------------------------

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
  return {
    offset: view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32,
    size: view.getUint32(at + 8, true),
  };
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
    blocks.push({
      handle,
      indexKey: Uint8Array.from(indexKey),
      keys: [...block.entries()].map(([k]) => Uint8Array.from(k)),
    });
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

// ---- file systems that fail, and file systems that share their read buffers ----------------------

/** The error a test's file system throws in place of a call (shared: stepping-fs.ts). */
export { InjectedFailure };

/**
 * A step hook (for SteppingFileSystem) that fails step `failAt`. With `'once'` only that call
 * fails and the disk then works again (a full disk that someone cleared); with `'from then on'`
 * every later call fails too, each with an error of its own (a disk that went away). Counts the
 * files opened and the closes it let through, so a test can ask whether every file was closed.
 */
export class FailingHook {
  /** The first failure, the one the caller must hear about. */
  first: InjectedFailure | null = null;
  opened = 0;
  closed = 0;
  constructor(
    private readonly failAt: number,
    private readonly mode: 'once' | 'from then on',
  ) {}
  readonly hook = (call: FsCall, step: number): void => {
    if (step === this.failAt || (this.mode === 'from then on' && step > this.failAt)) {
      const failure = new InjectedFailure(call);
      this.first ??= failure;
      throw failure;
    }
    if (call.op === 'openAppend' || call.op === 'openRead') this.opened++;
    if (call.op === 'close') this.closed++;
  };
}

/**
 * Hands out the same Uint8Array for the same read of the same file, the way lesson 13's block
 * cache does: whoever changes a block it was given changes it for every later reader.
 */
export class SharedReadsFileSystem extends ForwardingFileSystem {
  private readonly blocks = new Map<string, Uint8Array>();
  override async openRead(path: string): Promise<ReadFile> {
    const file = await this.inner.openRead(path);
    const blocks = this.blocks;
    return {
      path: file.path,
      size: file.size,
      async read(offset: number, length: number): Promise<Uint8Array> {
        const key = `${path}:${offset}:${length}`;
        const shared = blocks.get(key) ?? (await file.read(offset, length));
        blocks.set(key, shared);
        return shared;
      },
      close: () => file.close(),
    };
  }
}
