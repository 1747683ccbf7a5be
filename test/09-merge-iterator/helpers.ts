// Generators and models shared by lesson 09's tests.
import { fc } from '@fast-check/vitest';
import { deleteEntry, putEntry, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { compareBytes, compareInternalKeys, type InternalKey } from '@ferris/05-memtable/internal-key.ts';

/** Few user keys (the empty key, 1 and 2 bytes over 0..3), so that sources share keys. */
export const userKey = fc.uint8Array({ maxLength: 2, max: 3 });
export const sequence = fc.integer({ min: 0, max: 40 });
export const value = fc.uint8Array({ maxLength: 3 });

/** A version: a put, or (one time in four) a delete. */
export const version: fc.Arbitrary<WalEntry> = fc
  .tuple(userKey, sequence, fc.option(value, { nil: null, freq: 4 }))
  .map(([k, s, v]) => (v === null ? deleteEntry(s, k) : putEntry(s, k, v)));

/** Sorts entries by internal key, keeping the first of each internal key: a valid source. */
export function asSource(entries: readonly WalEntry[]): WalEntry[] {
  const sorted = [...entries].sort(compareEntries);
  return sorted.filter((e, i) => i === 0 || compareEntries(sorted[i - 1]!, e) !== 0);
}

/** Up to 5 sources (newest first) of up to 12 versions each; some sources are empty. */
export const sources: fc.Arbitrary<WalEntry[][]> = fc.array(fc.array(version, { maxLength: 12 }).map(asSource), {
  maxLength: 5,
});

export function internalKeyOf(entry: WalEntry): InternalKey {
  return { userKey: entry.key, sequence: entry.sequence };
}

export function compareEntries(a: WalEntry, b: WalEntry): number {
  return compareInternalKeys(internalKeyOf(a), internalKeyOf(b));
}

/**
 * The merge's model: every entry of every source in internal-key order; an internal key held
 * by several sources once, from the newest (first listed) of them.
 */
export function mergeModel(sourceList: readonly (readonly WalEntry[])[]): WalEntry[] {
  const tagged = sourceList.flatMap((entries, index) => entries.map((entry) => ({ entry, index })));
  tagged.sort((a, b) => compareEntries(a.entry, b.entry) || a.index - b.index);
  return tagged.filter((t, i) => i === 0 || compareEntries(tagged[i - 1]!.entry, t.entry) !== 0).map((t) => t.entry);
}

/** The index of the first model entry whose internal key is >= target. */
export function lowerBound(model: readonly WalEntry[], target: InternalKey): number {
  const i = model.findIndex((e) => compareInternalKeys(internalKeyOf(e), target) >= 0);
  return i < 0 ? model.length : i;
}

/** The scan's model over the merge's model: newest visible version per key, deletes left out. */
export function scanModel(
  merged: readonly WalEntry[],
  options: { start?: Uint8Array; end?: Uint8Array; atSequence?: number } = {},
): Array<[Uint8Array, Uint8Array]> {
  const out: Array<[Uint8Array, Uint8Array]> = [];
  const seen = new Set<string>();
  for (const e of merged) {
    if (options.start !== undefined && compareBytes(e.key, options.start) < 0) continue;
    if (options.end !== undefined && compareBytes(e.key, options.end) >= 0) continue;
    if (options.atSequence !== undefined && e.sequence > options.atSequence) continue;
    const id = show(e.key);
    if (seen.has(id)) continue;
    seen.add(id);
    if (e.value !== null) out.push([e.key, e.value]);
  }
  return out;
}

/** A key as text for messages: [1,2] -> "0102", the empty key -> "(empty)". */
export function show(key: Uint8Array): string {
  return key.length === 0 ? '(empty)' : Buffer.from(key).toString('hex');
}

/** An entry as text for messages: "0102@7=ff" or "0102@7 deleted". */
export function describeEntry(entry: WalEntry | null): string {
  if (entry === null) return 'nothing (null)';
  return entry.value === null
    ? `${show(entry.key)}@${entry.sequence} deleted`
    : `${show(entry.key)}@${entry.sequence}=${show(entry.value)}`;
}

/** Pairs as text, for comparing scans in messages. */
export function describePairs(pairs: ReadonlyArray<readonly [Uint8Array, Uint8Array | null]>): string[] {
  return pairs.map(([k, v]) => `${show(k)}=${v === null ? 'null' : show(v)}`);
}

/** Entries as text, for comparing streams in messages. */
export function describeEntries(entries: ReadonlyArray<WalEntry | null>): string[] {
  return entries.map(describeEntry);
}
