/**
 * Lesson 05: internal keys, the order the memtable keeps its versions in.
 *
 * The memtable never overwrites a key: every put and every delete is a new version, named by the
 * user's key and the sequence number of the write. Those pairs are "internal keys". They sort by
 * user key ascending and then by sequence number DESCENDING, so that all versions of one key sit
 * side by side with the newest first. A read "as of sequence s" then seeks to (key, s) and the
 * first entry it lands on is the answer.
 */

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
  const common = Math.min(a.length, b.length);
  for (let i = 0; i < common; i++) {
    const difference = a[i]! - b[i]!;
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/**
 * Orders internal keys: by user key ascending (compareBytes), then by sequence number
 * descending, so that the newest version of a key comes first.
 */
export function compareInternalKeys(a: InternalKey, b: InternalKey): number {
  const byUserKey = compareBytes(a.userKey, b.userKey);
  if (byUserKey !== 0) return byUserKey;
  return b.sequence - a.sequence;
}
