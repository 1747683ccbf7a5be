/**
 * Lesson 21, given: one version as the log's files hold it, and back.
 *
 * A version v pushed after p, with messages (tag, ops) ..., is 1 + n lesson-01 entries (n = every
 * op of every tag), each in its own lesson-02 frame, every one stamped with sequence = v:
 *
 *   header: put(v, key empty, value = p as u64 | tag count u32 | per tag: tag u32, op count u32,
 *           one type byte per op)                                      (little-endian)
 *   op:     set    -> put(v, key, value)
 *           clear  -> put(v, begin, end)
 *           atomic -> put(v, key, param), its operation in the header's type byte
 *
 * The type bytes are FoundationDB's MutationRef::Type codes (fdbclient/CommitTransaction.h). A
 * reader stands at a record boundary at the start of a file and after each whole record, so the
 * entry there is a header. A file that ends inside a record was cut by a crash before the fsync
 * that would have acknowledged the version.
 */
import { MAX_VALUE_BYTES, putEntry, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { viewOf } from '@ferris/02-serialization/bytes.ts';
import { ATOMIC_OPS, type AtomicOp } from '@ferris/17-retry-loop/atomic.ts';
import type { LogOp, TaggedOps } from '@ferris/20-sequencer/protocol.ts';
import { CorruptLogRecordError } from './errors.ts';

/** One version as the log holds it: the push, minus the transport. */
export interface LogRecord {
  readonly version: number;
  readonly prevVersion: number;
  readonly messages: readonly TaggedOps[];
}

/** The header's fixed part: prevVersion (8 bytes), then the tag count (4). */
export const HEADER_FIXED_BYTES = 12;
/** Per tag in the header: the tag (4 bytes), then its op count (4). */
export const HEADER_TAG_BYTES = 8;

/** FoundationDB's codes for each kind of op (MutationRef::Type; `min` and `bitAnd` are its V2 forms). */
export const OP_TYPE_CODES: Readonly<Record<'set' | 'clear' | AtomicOp, number>> = {
  set: 0,
  clear: 1,
  add: 2,
  bitOr: 7,
  bitXor: 8,
  appendIfFits: 9,
  max: 12,
  byteMin: 16,
  byteMax: 17,
  min: 18,
  bitAnd: 19,
  compareAndClear: 20,
};

function typeCode(op: LogOp): number {
  return op.kind === 'atomic' ? OP_TYPE_CODES[op.op] : OP_TYPE_CODES[op.kind];
}

/** The entries of one record: its header, then one entry per op, every one at `record.version`. */
export function recordEntries(record: LogRecord): WalEntry[] {
  const { version, prevVersion, messages } = record;
  const opCount = messages.reduce((sum, m) => sum + m.ops.length, 0);
  const header = new Uint8Array(HEADER_FIXED_BYTES + HEADER_TAG_BYTES * messages.length + opCount);
  if (header.length > MAX_VALUE_BYTES) {
    throw new RangeError(
      `Version ${version} has ${opCount} ops in ${messages.length} tags: its header of ${header.length} bytes is over MAX_VALUE_BYTES (${MAX_VALUE_BYTES}). Commit fewer ops per batch.`,
    );
  }
  const view = viewOf(header);
  view.setUint32(0, prevVersion % 2 ** 32, true);
  view.setUint32(4, Math.floor(prevVersion / 2 ** 32), true);
  view.setUint32(8, messages.length, true);
  let at = HEADER_FIXED_BYTES;
  const entries: WalEntry[] = [];
  for (const { tag, ops } of messages) {
    view.setUint32(at, tag, true);
    view.setUint32(at + 4, ops.length, true);
    at += HEADER_TAG_BYTES;
    for (const op of ops) {
      header[at++] = typeCode(op);
      entries.push(opEntry(version, op));
    }
  }
  return [putEntry(version, new Uint8Array(0), header), ...entries];
}

function opEntry(version: number, op: LogOp): WalEntry {
  switch (op.kind) {
    case 'set':
      return putEntry(version, op.key, op.value);
    case 'clear':
      return putEntry(version, op.begin, op.end);
    case 'atomic':
      return putEntry(version, op.key, op.param);
  }
}

/** What a header says: the version's predecessor, and each tag with the type codes of its ops. */
export interface RecordHeader {
  readonly version: number;
  readonly prevVersion: number;
  readonly tags: readonly { readonly tag: number; readonly types: Uint8Array }[];
  /** How many entries the whole record takes, the header included. */
  readonly entryCount: number;
}

/** Reads the header entry of a record in `file`. Throws CorruptLogRecordError('header') if it is not one. */
export function readHeader(entry: WalEntry, file: string): RecordHeader {
  const value = entry.value;
  const bad = (detail: string) =>
    new CorruptLogRecordError(file, 'header', `the entry of version ${entry.sequence} ${detail}`);
  if (entry.key.length !== 0 || value === null || value.length < HEADER_FIXED_BYTES) {
    throw bad('is no header (a header is a put of the empty key holding at least 12 bytes)');
  }
  const view = viewOf(value);
  const prevVersion = view.getUint32(4, true) * 2 ** 32 + view.getUint32(0, true);
  const tagCount = view.getUint32(8, true);
  const tags: { tag: number; types: Uint8Array }[] = [];
  let at = HEADER_FIXED_BYTES;
  for (let i = 0; i < tagCount; i++) {
    if (at + HEADER_TAG_BYTES > value.length) throw bad(`ends inside tag ${i} of ${tagCount}`);
    const tag = view.getUint32(at, true);
    const count = view.getUint32(at + 4, true);
    at += HEADER_TAG_BYTES;
    if (at + count > value.length) throw bad(`ends inside the type bytes of tag ${tag}`);
    tags.push({ tag, types: value.slice(at, at + count) });
    at += count;
  }
  if (at !== value.length) throw bad(`has ${value.length - at} bytes after its last tag`);
  if (prevVersion >= entry.sequence) throw bad(`follows version ${prevVersion}, which is not below it`);
  const ops = tags.reduce((sum, t) => sum + t.types.length, 0);
  return { version: entry.sequence, prevVersion, tags, entryCount: 1 + ops };
}

/** The record made of `header` and the op entries after it (exactly `header.entryCount - 1` of them). */
export function decodeRecord(header: RecordHeader, opEntries: readonly WalEntry[], file: string): LogRecord {
  let next = 0;
  const messages = header.tags.map(({ tag, types }) => ({
    tag,
    ops: Array.from(types, (code) => decodeOp(code, opEntries[next++]!, header.version, file)),
  }));
  return { version: header.version, prevVersion: header.prevVersion, messages };
}

function decodeOp(code: number, entry: WalEntry, version: number, file: string): LogOp {
  const bad = (detail: string) => new CorruptLogRecordError(file, 'op', `an op of version ${version} ${detail}`);
  if (entry.sequence !== version) throw bad(`is stamped ${entry.sequence}`);
  if (entry.value === null) throw bad('is a delete entry, not a put');
  if (code === OP_TYPE_CODES.set) return { kind: 'set', key: entry.key, value: entry.value };
  if (code === OP_TYPE_CODES.clear) return { kind: 'clear', begin: entry.key, end: entry.value };
  const op = ATOMIC_OPS.find((name) => OP_TYPE_CODES[name] === code);
  if (op === undefined) throw bad(`has the unknown type byte ${code}`);
  return { kind: 'atomic', op, key: entry.key, param: entry.value };
}
