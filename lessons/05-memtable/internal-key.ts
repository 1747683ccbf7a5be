/**
 * Lesson 05: internal keys, the order the memtable keeps its versions in.
 *
 * The memtable never overwrites a key: every put and every delete is a new version, named by the
 * user's key and the sequence number of the write. Those pairs are "internal keys". They sort by
 * user key ascending and then by sequence number DESCENDING, so that all versions of one key sit
 * side by side with the newest first. A read "as of sequence s" then seeks to (key, s) and the
 * first entry it lands on is the answer.
 *
 * Your task: the two functions marked TODO. Start here; the memtable sorts with them.
 */
import { NotImplemented } from '@support/not-implemented.ts';

/** One version of a user key: the key the user wrote and the sequence number of the write. */
export interface InternalKey {
  readonly userKey: Uint8Array;
  readonly sequence: number;
}

/**
 * Compares two byte strings as unsigned bytes, left to right, like C's memcmp, with a proper
 * prefix first: [] < [0] < [0, 0] < [1] < [255]. Negative if `a` sorts first, 0 if equal,
 * positive if `b` sorts first. This is the order of keys everywhere in FerrisDB.
 */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  // TODO: walk both arrays up to the shorter length; the first byte that differs decides.
  // TODO: if every byte of the shorter one matched, the shorter one sorts first.
  // (Not a string comparison: decoding bytes as text changes their order and merges some keys.)
  throw new NotImplemented('05-memtable', 'compareBytes()');
}

/**
 * Orders internal keys: by user key ascending (compareBytes), then by sequence number
 * descending, so that the newest version of a key comes first.
 */
export function compareInternalKeys(a: InternalKey, b: InternalKey): number {
  // TODO: compare the user keys; if they differ, that is the answer.
  // TODO: otherwise the LARGER sequence number sorts first. Sequence numbers go up to 2^53 - 1:
  // keep the arithmetic exact (no `| 0`, which cuts numbers to 32 bits).
  throw new NotImplemented('05-memtable', 'compareInternalKeys()');
}
