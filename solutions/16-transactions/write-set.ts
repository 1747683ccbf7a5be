/**
 * Lesson 16: a transaction's own writes, and reading through them (read-your-writes).
 *
 * Until it commits, a transaction's sets and clears live here, not in the database. Its reads
 * must still see them: a get of a key it set returns that value, a get of a key it cleared (or
 * that lies in a range it cleared) returns nothing, and a range read merges its own writes with
 * what the database held at the read version.
 *
 * Recording is given: the mutations in order (what the commit sends), and for reading, the
 * newest write of each key it set or cleared one by one, and the ranges it cleared. A clearRange
 * drops the point writes inside it, so a point write here is always newer than every cleared
 * range around it.
 */
import type { KeyValue, Mutation } from '@ferris/14-mvcc/mutation.ts';
import { compareBytes, hex, keyAfter, mutationRange, rangeContains, rangesIntersect, type KeyRange } from './keys.ts';

/** What the transaction's own writes say about one key. */
export type OwnWrite =
  | { readonly kind: 'set'; readonly value: Uint8Array }
  | { readonly kind: 'cleared' }
  /** The transaction did not write the key: the database at the read version decides. */
  | { readonly kind: 'untouched' };

/** The newest write of one key: a value, or null for a clear. */
interface PointWrite {
  readonly key: Uint8Array;
  readonly value: Uint8Array | null;
}

export class WriteSet {
  private readonly log: Mutation[] = [];
  /** The newest point write of each key, by the key in hex. */
  private readonly points = new Map<string, PointWrite>();
  /** Every range cleared, in order (a later point write inside one wins). */
  private readonly cleared: KeyRange[] = [];

  /** Records a set. The caller passes copies it will not change. */
  set(key: Uint8Array, value: Uint8Array): void {
    this.log.push({ type: 'set', key, value });
    this.points.set(hex(key), { key, value });
  }

  /** Records a clear of one key. */
  clear(key: Uint8Array): void {
    this.log.push({ type: 'clear', begin: key, end: keyAfter(key) });
    this.points.set(hex(key), { key, value: null });
  }

  /** Records a clear of [range.begin, range.end); an empty range changes nothing. */
  clearRange(range: KeyRange): void {
    if (compareBytes(range.begin, range.end) >= 0) return;
    this.log.push({ type: 'clear', begin: range.begin, end: range.end });
    for (const [id, point] of this.points) if (rangeContains(range, point.key)) this.points.delete(id);
    this.cleared.push(range);
  }

  /** The mutations, in the order they were made: what a commit logs and applies. */
  get mutations(): readonly Mutation[] {
    return this.log;
  }

  /** The ranges the mutations write: a set or clear is [key, keyAfter(key)). */
  get writeRanges(): KeyRange[] {
    return this.log.map(mutationRange);
  }

  /** The point writes inside `range` plus one for each cleared range meeting it: how far a read must look past its limit. */
  overlapCount(range: KeyRange): { points: number; clearedRanges: number } {
    let points = 0;
    for (const point of this.points.values()) if (rangeContains(range, point.key)) points++;
    return { points, clearedRanges: this.cleared.filter((c) => rangesIntersect(c, range)).length };
  }

  /** What this transaction's own writes say about `key`: set (to what), cleared, or untouched. */
  lookup(key: Uint8Array): OwnWrite {
    const point = this.points.get(hex(key));
    if (point !== undefined) return point.value === null ? { kind: 'cleared' } : { kind: 'set', value: point.value };
    if (this.cleared.some((range) => rangeContains(range, key))) return { kind: 'cleared' };
    return { kind: 'untouched' };
  }

  /**
   * The pairs of `range` as this transaction sees them, in ascending key order: `snapshot` (the
   * database's pairs of the range at the read version, ascending) without the keys this
   * transaction cleared or set, plus the keys it set in the range with their new values.
   */
  mergeRange(snapshot: readonly KeyValue[], range: KeyRange): KeyValue[] {
    const merged: KeyValue[] = snapshot.filter((pair) => this.lookup(pair.key).kind === 'untouched');
    for (const point of this.points.values()) {
      if (point.value !== null && rangeContains(range, point.key)) merged.push({ key: point.key, value: point.value });
    }
    return merged.sort((a, b) => compareBytes(a.key, b.key));
  }
}
