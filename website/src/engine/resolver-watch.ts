// The resolver picture's logic, apart from its drawing (lesson 16): transactions over a small key
// space, each sent to the reference `Resolver` as its own commit batch, and each verdict explained
// in words: which earlier committed write overlapped which read. The verdict is always the
// resolver's own; the explanation is worked out here from the history of committed writes, and
// where the two disagree (only possible when the site runs a learner's resolver) the picture says
// so rather than hide it. Read-only transactions never reach the resolver (lesson 16's commit
// skips it), so they commit at their read version. No React, no DOM, no `node:` module.
import { rangesIntersect, type KeyRange } from '@ferris/16-transactions/keys.ts';
import { Resolver, type Verdict } from '@ferris/16-transactions/resolver.ts';

/** The keys the reader picks from, in order. */
export const KEYS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] as const;
export type Key = (typeof KEYS)[number];

/** The picture's resolver window, in versions: small, so that a reader can outrun it. */
export const PICTURE_WINDOW_VERSIONS = 5;

/** A half-open range of the picture's keys: [from, to), or one key when `to` is undefined. */
export interface PictureRange {
  readonly from: Key;
  /** Where the range ends (not included); undefined for a single key. The end may be past 'h'. */
  readonly to?: Key | 'end';
}

/** What the reader asks for: a read version, what the transaction reads and what it writes. */
export interface TransactionInput {
  readonly readVersion: number;
  readonly reads: readonly PictureRange[];
  readonly writes: readonly PictureRange[];
}

/** A committed write that met one of a transaction's reads. */
export interface Overlap {
  /** The transaction whose write it was. */
  readonly writer: string;
  /** The version that write committed at: after the reader's read version, or in the same batch. */
  readonly version: number;
  readonly write: PictureRange;
  readonly read: PictureRange;
}

/** One transaction as the picture draws it. */
export interface TransactionView {
  readonly name: string;
  readonly readVersion: number;
  /** The version of its batch; a read-only transaction's is its read version (it sent nothing). */
  readonly commitVersion: number;
  readonly reads: readonly PictureRange[];
  readonly writes: readonly PictureRange[];
  /** 'read-only' when it never went to the resolver; otherwise the resolver's verdict. */
  readonly verdict: Verdict | 'read-only';
  /** The committed writes after its read version that met its reads (why it conflicted). */
  readonly overlaps: readonly Overlap[];
  /** Why, in one or two sentences. */
  readonly reason: string;
  /** The resolver's verdict and the writes it remembers disagree (a resolver that is not right). */
  readonly disagrees: boolean;
}

/** Everything the picture draws. */
export interface View {
  readonly transactions: readonly TransactionView[];
  /** The newest version a batch was given (0 before any). */
  readonly latestVersion: number;
  /**
   * The versions a new transaction may read at: 0 and every version whose batch committed a
   * write (a batch that committed nothing publishes nothing, as in lesson 16's commit path).
   */
  readonly readVersions: readonly number[];
  /** The resolver's oldest version: a transaction that reads below it is too old. */
  readonly oldestVersion: number;
  readonly windowVersions: number;
}

/** "b" for one key, "[b, e)" for a range. */
export function rangeText(range: PictureRange): string {
  return range.to === undefined ? range.from : `[${range.from}, ${range.to === 'end' ? 'end' : range.to})`;
}

/** "b, [c, e)"; "nothing" for none. */
export function rangesText(ranges: readonly PictureRange[]): string {
  return ranges.length === 0 ? 'nothing' : ranges.map(rangeText).join(', ');
}

/** The keys of KEYS that a range holds. */
export function keysIn(range: PictureRange): Key[] {
  const from = KEYS.indexOf(range.from);
  const to = range.to === undefined ? from + 1 : range.to === 'end' ? KEYS.length : KEYS.indexOf(range.to);
  return KEYS.slice(from, Math.max(from, to));
}

const encoder = new TextEncoder();

/** The range as the resolver sees it: bytes, half-open; 'end' is 0xff, past every letter. */
export function toKeyRange(range: PictureRange): KeyRange {
  const begin = encoder.encode(range.from);
  if (range.to === undefined) return { begin, end: Uint8Array.of(...begin, 0) };
  return { begin, end: range.to === 'end' ? Uint8Array.of(0xff) : encoder.encode(range.to) };
}

/** Why an input cannot be committed as asked, in words, or null when it can. */
export function inputProblem(input: TransactionInput, readVersions: readonly number[]): string | null {
  if (!readVersions.includes(input.readVersion)) {
    return `A transaction reads at a committed version (${readVersions.join(', ')}), not at ${input.readVersion}.`;
  }
  for (const range of [...input.reads, ...input.writes]) {
    if (!KEYS.includes(range.from) || (range.to !== undefined && range.to !== 'end' && !KEYS.includes(range.to))) {
      return `Keys are the letters ${KEYS[0]} to ${KEYS.at(-1)}.`;
    }
    if (keysIn(range).length === 0)
      return `The range ${rangeText(range)} holds no key: its end must come after its start.`;
  }
  return null;
}

interface Committed {
  readonly name: string;
  readonly version: number;
  readonly writes: readonly PictureRange[];
}

/** The reference resolver, fed one transaction per batch, and what the picture shows of it. */
export class ResolverWatch {
  private readonly resolver: Pick<Resolver, 'resolveBatch' | 'oldestVersion'>;
  private readonly shown: TransactionView[] = [];
  private readonly committed: Committed[] = [];
  private version = 0;

  /** `resolver` replaces the reference, for tests of what the picture says about a wrong one. */
  constructor(
    readonly windowVersions: number = PICTURE_WINDOW_VERSIONS,
    resolver?: Pick<Resolver, 'resolveBatch' | 'oldestVersion'>,
  ) {
    this.resolver = resolver ?? new Resolver({ windowVersions });
  }

  get view(): View {
    return {
      transactions: [...this.shown],
      latestVersion: this.version,
      readVersions: [0, ...this.committed.map((c) => c.version)],
      oldestVersion: this.resolver.oldestVersion,
      windowVersions: this.windowVersions,
    };
  }

  /**
   * Commits a transaction as lesson 16's database does: read-only, it commits at once; otherwise
   * as a batch of its own at the next version, judged by the reference resolver. Throws a
   * RangeError (with inputProblem's words) for an input it cannot commit.
   */
  add(input: TransactionInput): TransactionView {
    const problem = inputProblem(input, this.view.readVersions);
    if (problem) throw new RangeError(problem);
    const name = `T${this.shown.length + 1}`;
    const base = { name, readVersion: input.readVersion, reads: [...input.reads], writes: [...input.writes] };
    if (input.writes.length === 0) {
      const view: TransactionView = {
        ...base,
        commitVersion: input.readVersion,
        verdict: 'read-only',
        overlaps: [],
        reason: `${name} wrote nothing, so its commit never goes to the resolver: it read one consistent snapshot at version ${input.readVersion}, and that is all it did.`,
        disagrees: false,
      };
      this.shown.push(view);
      return view;
    }
    const version = ++this.version;
    const oldestBefore = this.resolver.oldestVersion;
    const [verdict] = this.resolver.resolveBatch(version, [
      {
        readVersion: input.readVersion,
        readRanges: input.reads.map(toKeyRange),
        writeRanges: input.writes.map(toKeyRange),
      },
    ]);
    if (verdict === undefined) throw new Error('The resolver gave no verdict for a batch of one transaction.');
    const overlaps = this.overlapsOf(input);
    const view: TransactionView = {
      ...base,
      commitVersion: version,
      verdict,
      overlaps,
      ...explain(name, input, version, verdict, overlaps, oldestBefore),
    };
    if (verdict === 'committed') this.committed.push({ name, version, writes: view.writes });
    this.shown.push(view);
    return view;
  }

  /** Every committed write after the read version that meets one of the reads. */
  private overlapsOf(input: TransactionInput): Overlap[] {
    const overlaps: Overlap[] = [];
    for (const writer of this.committed) {
      if (writer.version <= input.readVersion) continue;
      for (const write of writer.writes) {
        for (const read of input.reads) {
          if (rangesIntersect(toKeyRange(write), toKeyRange(read))) {
            overlaps.push({ writer: writer.name, version: writer.version, write, read });
          }
        }
      }
    }
    return overlaps;
  }
}

/** The reason for a verdict, and whether the verdict fits the writes the picture remembers. */
function explain(
  name: string,
  input: TransactionInput,
  version: number,
  verdict: Verdict,
  overlaps: readonly Overlap[],
  oldest: number,
): { reason: string; disagrees: boolean } {
  const span = `between its read version ${input.readVersion} and its commit version ${version}`;
  const tooOld = input.reads.length > 0 && input.readVersion < oldest;
  const first = overlaps[0];
  const met = first
    ? `${first.writer} committed at version ${first.version}, after ${name} read at ${input.readVersion}, and wrote ${rangeText(first.write)}, which meets ${name}'s read of ${rangeText(first.read)}`
    : '';
  const more = overlaps.length > 1 ? ` (and ${overlaps.length - 1} more overlap${overlaps.length > 2 ? 's' : ''})` : '';
  if (verdict === 'too_old') {
    return {
      reason: `Too old (transaction_too_old, 1007): ${name} read at version ${input.readVersion}, below the resolver's oldest version ${oldest}. The resolver has forgotten the writes before ${oldest}, so it cannot tell whether one of them changed what ${name} read.`,
      disagrees: !tooOld,
    };
  }
  if (tooOld) {
    return {
      reason: `The resolver said ${verdict}, but ${name} read at version ${input.readVersion}, below the resolver's oldest version ${oldest}: it should have been refused as too old.`,
      disagrees: true,
    };
  }
  if (verdict === 'conflict') {
    return first
      ? {
          reason: `Conflict (not_committed, 1020): ${met}${more}. What ${name} read may have changed before it committed.`,
          disagrees: false,
        }
      : {
          reason: `The resolver said conflict, but no write committed ${span} meets what ${name} read: a false conflict.`,
          disagrees: true,
        };
  }
  return first
    ? {
        reason: `The resolver committed ${name}, but ${met}${more}: it should have been a conflict.`,
        disagrees: true,
      }
    : {
        reason:
          input.reads.length === 0
            ? `Committed at version ${version}: ${name} read nothing, so nothing it read can have changed (a blind write).`
            : `Committed at version ${version}: no write committed ${span} meets what ${name} read.`,
        disagrees: false,
      };
}

/** The history the picture opens with: a commit, a conflict, a refused write that counts for nothing. */
export const OPENING: readonly TransactionInput[] = [
  { readVersion: 0, reads: [], writes: [{ from: 'a' }, { from: 'b' }] },
  { readVersion: 1, reads: [{ from: 'a' }], writes: [{ from: 'c' }] },
  { readVersion: 1, reads: [{ from: 'c' }], writes: [{ from: 'd' }] },
  { readVersion: 2, reads: [{ from: 'b', to: 'e' }], writes: [{ from: 'e' }] },
  { readVersion: 2, reads: [{ from: 'd' }, { from: 'f' }], writes: [] },
];

/** A watch with the opening history already committed. */
export function openingWatch(): ResolverWatch {
  const watch = new ResolverWatch();
  for (const input of OPENING) watch.add(input);
  return watch;
}
