/**
 * Lesson 16: one commit batch as log entries, and back. Given code.
 *
 * A batch that commits at version v with mutations m0 .. m(n-1) (every committed transaction's
 * mutations, in batch order) is n + 1 lesson-01 entries, each in its own lesson-02 frame, every
 * one stamped with sequence = v:
 *
 *   header: put(v, key empty, value = n as u32 little-endian, then one type byte per mutation)
 *   m_i:    set   -> put(v, key, value)
 *           clear -> put(v, key = begin, value = end)   (lesson 14's clear of [begin, end))
 *
 * The header's type bytes tell a set from a clear: both are puts. A reader stands at a
 * record boundary at the start of a log and after every whole record, so the entry there is a
 * header whatever its key. A log that ends inside a record was cut by a crash before the sync
 * that would have acknowledged it: that record is dropped whole.
 */
import { MAX_VALUE_BYTES, putEntry, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import type { Mutation } from '@ferris/14-mvcc/mutation.ts';

/** The header's count field: a u32, little-endian. */
export const RECORD_COUNT_BYTES = 4;
/** The most mutations one record holds: one type byte each must fit in a header value. */
export const MAX_RECORD_MUTATIONS = MAX_VALUE_BYTES - RECORD_COUNT_BYTES;

/** The type byte of each kind of mutation in a record's header. */
export const MUTATION_TYPE_CODES = { set: 1, clear: 2 } as const;

/** One commit batch as the log holds it. */
export interface CommitRecord {
  readonly version: number;
  readonly mutations: readonly Mutation[];
}

/** The log holds entries that are not whole records: damage or a bug, not a crash. */
export class CorruptCommitLogError extends Error {
  override readonly name = 'CorruptCommitLogError';
  constructor(
    readonly file: string,
    /** The index, among the file's entries, of the entry that is wrong. */
    readonly entryIndex: number,
    detail: string,
  ) {
    super(
      `Commit log ${file} is malformed at entry ${entryIndex}: ${detail} Keep the file; the database cannot be opened from it as it is.`,
    );
  }
}

/** The entries of one record: the header, then one entry per mutation, all at `record.version`. */
export function recordEntries(record: CommitRecord): WalEntry[] {
  const { version, mutations } = record;
  if (mutations.length < 1 || mutations.length > MAX_RECORD_MUTATIONS) {
    throw new RangeError(`A commit record holds 1..${MAX_RECORD_MUTATIONS} mutations, not ${mutations.length}.`);
  }
  const header = new Uint8Array(RECORD_COUNT_BYTES + mutations.length);
  new DataView(header.buffer).setUint32(0, mutations.length, true);
  mutations.forEach((m, i) => (header[RECORD_COUNT_BYTES + i] = MUTATION_TYPE_CODES[m.type]));
  const entries = [putEntry(version, new Uint8Array(0), header)];
  for (const m of mutations) {
    entries.push(m.type === 'set' ? putEntry(version, m.key, m.value) : putEntry(version, m.begin, m.end));
  }
  return entries;
}

/**
 * The whole records in one log file's entries (what recoverWal returned for `file`), in order.
 * Drops a record the entries end inside. Throws CorruptCommitLogError for anything else wrong.
 */
export function readRecords(entries: readonly WalEntry[], file: string): CommitRecord[] {
  const records: CommitRecord[] = [];
  let at = 0;
  let lastVersion = -1;
  while (at < entries.length) {
    const header = entries[at]!;
    const types = headerTypes(header, file, at);
    if (header.sequence <= lastVersion)
      throw new CorruptCommitLogError(file, at, `version ${header.sequence} does not follow ${lastVersion}.`);
    if (at + 1 + types.length > entries.length) break; // cut by a crash before its sync: never acknowledged
    const mutations = types.map((type, i) =>
      decodeMutation(entries[at + 1 + i]!, type, header.sequence, file, at + 1 + i),
    );
    records.push({ version: header.sequence, mutations });
    lastVersion = header.sequence;
    at += 1 + types.length;
  }
  return records;
}

type MutationType = keyof typeof MUTATION_TYPE_CODES;

function headerTypes(header: WalEntry, file: string, at: number): MutationType[] {
  const value = header.value;
  if (header.key.length !== 0 || value === null || value.length < RECORD_COUNT_BYTES + 1) {
    throw new CorruptCommitLogError(
      file,
      at,
      'a record header is a put of the empty key holding a count and type bytes.',
    );
  }
  const count = new DataView(value.buffer, value.byteOffset, value.byteLength).getUint32(0, true);
  if (count !== value.length - RECORD_COUNT_BYTES) {
    throw new CorruptCommitLogError(
      file,
      at,
      `the header counts ${count} mutations and holds ${value.length - RECORD_COUNT_BYTES} type bytes.`,
    );
  }
  return Array.from(value.subarray(RECORD_COUNT_BYTES), (code) => {
    const type = (Object.keys(MUTATION_TYPE_CODES) as MutationType[]).find((t) => MUTATION_TYPE_CODES[t] === code);
    if (type === undefined) throw new CorruptCommitLogError(file, at, `unknown mutation type byte ${code}.`);
    return type;
  });
}

function decodeMutation(entry: WalEntry, type: MutationType, version: number, file: string, at: number): Mutation {
  if (entry.sequence !== version)
    throw new CorruptCommitLogError(file, at, `a mutation of version ${version} is stamped ${entry.sequence}.`);
  if (entry.value === null) throw new CorruptCommitLogError(file, at, `a ${type} is a put entry, not a delete.`);
  return type === 'set' ? { type, key: entry.key, value: entry.value } : { type, begin: entry.key, end: entry.value };
}
