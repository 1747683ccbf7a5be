/**
 * The corruption sweep's cases and verdicts.
 *
 * A case damages one copy of a file written by the reference: it is cut at an offset, or one bit
 * is flipped. The code under test then reads the damaged copy, and the verdict says whether it
 * kept the promise: recover a valid prefix (a WAL's torn tail) or raise the typed corruption
 * error naming the file and an offset inside the damage. A wrong value, an entry silently
 * dropped from the middle of a log, any other exception, a hang or a dead process is a failure.
 */
import { seededRandom, randomInt } from '@support/random.ts';
import { sameWrite, type Write } from './workload.ts';

export type Case =
  | { readonly kind: 'intact' }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'flip'; readonly bit: number };

/** Files larger than this are sampled instead of swept exhaustively. */
export const EXHAUSTIVE_LIMIT = 64 * 1024;

export interface CasePlan {
  readonly size: number;
  readonly seed: number;
  /** Cap on each kind of case when sampling (files over EXHAUSTIVE_LIMIT, or --quick). */
  readonly truncations: number;
  readonly flips: number;
  /** Every offset and every bit, regardless of size. */
  readonly exhaustive: boolean;
}

/** Distinct sorted integers in [0, bound), `count` of them (all of them when count >= bound). */
function sample(bound: number, count: number, seed: number): number[] {
  if (count >= bound) return Array.from({ length: bound }, (_, i) => i);
  const random = seededRandom(seed);
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(randomInt(random, bound));
  return [...chosen].sort((a, b) => a - b);
}

export function caseList(plan: CasePlan): Case[] {
  const cuts = plan.exhaustive ? plan.size : Math.min(plan.size, plan.truncations);
  const bits = plan.exhaustive ? plan.size * 8 : Math.min(plan.size * 8, plan.flips);
  return [
    // Case 0 is the file as written: it must read back whole, or the other verdicts mean little.
    { kind: 'intact' },
    ...sample(plan.size, cuts, plan.seed).map((at): Case => ({ kind: 'truncate', at })),
    ...sample(plan.size * 8, bits, plan.seed ^ 0x1b873593).map((bit): Case => ({ kind: 'flip', bit })),
  ];
}

export function applyCase(bytes: Uint8Array, c: Case): Uint8Array {
  if (c.kind === 'intact') return Uint8Array.from(bytes);
  if (c.kind === 'truncate') return bytes.slice(0, c.at);
  const copy = Uint8Array.from(bytes);
  copy[c.bit >>> 3]! ^= 1 << (c.bit & 7);
  return copy;
}

export function describeCase(c: Case): string {
  if (c.kind === 'intact') return 'the intact file';
  return c.kind === 'truncate' ? `cut at byte ${c.at}` : `bit ${c.bit & 7} of byte ${c.bit >>> 3} flipped`;
}

/** Kept promises. */
export const GOOD = ['valid-prefix', 'typed-error', 'salvaged', 'no-effect'] as const;
/** Broken promises. */
export const BAD = [
  'wrong-value',
  'silent-loss',
  'refused',
  'broken-after-recovery',
  'untyped-error',
  'misnamed-error',
  'changed-on-refusal',
  'hang',
  'process-died',
] as const;
export type Verdict = (typeof GOOD)[number] | (typeof BAD)[number];

export const VERDICT_WORDS: Record<Verdict, string> = {
  'valid-prefix': 'recovered a valid prefix',
  'typed-error': 'raised the typed corruption error',
  salvaged: 'kept every intact record and skipped the damaged one',
  'no-effect': 'read every value correctly (the intact file, or damage that touched nothing read)',
  'wrong-value': 'returned a wrong value',
  'silent-loss': 'dropped intact data without an error',
  refused: 'raised an error for damage this recovery mode promises to recover from',
  'broken-after-recovery': 'recovered, but the log then lost or garbled a new write',
  'untyped-error': 'threw something other than the typed corruption error',
  'misnamed-error': 'raised the typed error with a wrong file or offset',
  'changed-on-refusal': 'raised the typed error but changed the file (the evidence of the damage is gone)',
  hang: 'hung',
  'process-died': 'killed the process',
};

export interface Judgement {
  readonly verdict: Verdict;
  readonly detail?: string;
}

/** What the sweep knows about one file: where it lives, what was written, where records end. */
export interface Subject {
  readonly name: string;
  readonly kind: 'wal' | 'sstable';
  /** The recovery mode, for a WAL (the default mode when absent). */
  readonly mode?: string;
  /** The path the file has in the in-memory file system (errors must name it). */
  readonly path: string;
  /** The file on disk holding the intact bytes (written by the reference). */
  readonly bytesFile: string;
  /** The writes, in order, as JSON-friendly arrays. */
  readonly writes: readonly SerializedWrite[];
  /** WAL: the offset where each frame ends, in write order; `start` is where the first begins. */
  readonly frameEnds?: readonly number[];
  readonly start?: number;
  readonly plan: CasePlan;
}

export type SerializedWrite = { sequence: number; key: number[]; value: number[] | null };

export function serializeWrite(w: Write): SerializedWrite {
  return { sequence: w.sequence, key: [...w.key], value: w.value === null ? null : [...w.value] };
}

export function deserializeWrite(w: SerializedWrite): Write {
  return {
    sequence: w.sequence,
    key: Uint8Array.from(w.key),
    value: w.value === null ? null : Uint8Array.from(w.value),
  };
}

/** Checks a typed corruption error: it must name the file and an offset inside [lo, hi]. */
export function judgeTypedError(
  error: { file?: unknown; offset?: unknown; message: string },
  path: string,
  lo: number,
  hi: number,
): Judgement {
  const { file, offset } = error;
  if (file !== path) return { verdict: 'misnamed-error', detail: `error.file is ${String(file)}, not ${path}` };
  if (typeof offset !== 'number' || !Number.isInteger(offset)) {
    return { verdict: 'misnamed-error', detail: `error.offset is ${String(offset)}, not a byte offset` };
  }
  if (offset < lo || offset > hi) {
    return { verdict: 'misnamed-error', detail: `error.offset ${offset} is outside the damaged range ${lo}..${hi}` };
  }
  if (!error.message.includes(path)) {
    return { verdict: 'misnamed-error', detail: `the message does not name the file: ${error.message}` };
  }
  return { verdict: 'typed-error' };
}

type EntryLike = { sequence: number; key: Uint8Array; value: Uint8Array | null };

function sameList(a: readonly EntryLike[], b: readonly Write[]): boolean {
  return a.length === b.length && a.every((e, i) => sameWrite(e, b[i]!));
}

/**
 * Judges the entries a recovery returned. `expected` is what the recovery mode promises for this
 * damage (a prefix of the writes, or for the salvage mode every write but the damaged one), or
 * null when the mode promises the typed error instead. Writes have sequence numbers 1, 2, 3...
 */
export function judgeEntries(
  entries: readonly EntryLike[],
  expected: readonly Write[] | null,
  writes: readonly Write[],
): Judgement {
  const bogus = entries.findIndex(
    (e) => !(Number.isInteger(e.sequence) && writes[e.sequence - 1] && sameWrite(e, writes[e.sequence - 1]!)),
  );
  if (bogus >= 0) {
    return {
      verdict: 'wrong-value',
      detail: `entry ${bogus} (sequence ${entries[bogus]!.sequence}) is not a write that was made`,
    };
  }
  if (sameList(entries, writes)) return { verdict: 'no-effect' };
  if (expected === null) {
    return {
      verdict: 'silent-loss',
      detail: `returned ${entries.length} of ${writes.length} entries without an error, where the mode promises the typed error`,
    };
  }
  if (sameList(entries, expected)) {
    return { verdict: expected.every((w, i) => w === writes[i]) ? 'valid-prefix' : 'salvaged' };
  }
  return {
    verdict: 'silent-loss',
    detail: `recovered ${entries.length} entries, not the ${expected.length} intact ones the mode promises`,
  };
}
