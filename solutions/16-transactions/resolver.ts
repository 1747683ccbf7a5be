/**
 * Lesson 16: the resolver, which decides which transactions of a commit batch may commit.
 *
 * FoundationDB's rule: a transaction conflicts when a write committed at a version greater than
 * its read version, or by an earlier transaction of the same batch that commits, intersects one
 * of its read conflict ranges. Then what it read may have changed before it commits, so it must
 * not commit. The resolver remembers the write ranges of committed transactions with their
 * commit versions, and forgets those older than the MVCC window; a transaction that reads
 * (has read conflict ranges) at a version older than what it remembers is refused as too old,
 * because a conflict it can no longer see might be there.
 */
import { MVCC_WINDOW_VERSIONS } from '@ferris/14-mvcc/versioned-store.ts';
import { rangesIntersect, type KeyRange } from './keys.ts';

/** What a commit proxy sends the resolver for one transaction. */
export interface ResolverTransaction {
  readonly readVersion: number;
  /** What the transaction read (and did not read as a snapshot), plus addReadConflictRange. */
  readonly readRanges: readonly KeyRange[];
  /** What the transaction wrote, plus addWriteConflictRange. */
  readonly writeRanges: readonly KeyRange[];
}

/**
 * The resolver's verdict on one transaction: 'committed'; 'conflict' (FoundationDB's
 * not_committed, 1020); 'too_old' (transaction_too_old, 1007).
 */
export type Verdict = 'committed' | 'conflict' | 'too_old';

export interface ResolverOptions {
  /** How many versions of write ranges to remember. Default MVCC_WINDOW_VERSIONS (lesson 14). */
  readonly windowVersions?: number;
}

/** A remembered write range and the version of the batch that committed it. */
interface WrittenRange {
  readonly range: KeyRange;
  readonly version: number;
}

export class Resolver {
  readonly windowVersions: number;
  private history: WrittenRange[] = [];
  private oldest = 0;
  private lastVersion = -1;

  constructor(options: ResolverOptions = {}) {
    this.windowVersions = options.windowVersions ?? MVCC_WINDOW_VERSIONS;
    if (!Number.isSafeInteger(this.windowVersions) || this.windowVersions < 1) {
      throw new RangeError(`windowVersions must be a whole number of at least 1, got ${this.windowVersions}.`);
    }
  }

  /** The oldest read version the resolver can judge: write ranges below it are forgotten. */
  get oldestVersion(): number {
    return this.oldest;
  }

  /** How many write ranges the resolver remembers (the window keeps this bounded). */
  get rememberedRanges(): number {
    return this.history.length;
  }

  /**
   * Decides a batch committing at `version` (larger than every earlier batch's), in batch order,
   * and remembers the write ranges of those that commit. Then moves the window up to
   * `version - windowVersions` and forgets every write range committed below it.
   */
  resolveBatch(version: number, transactions: readonly ResolverTransaction[]): Verdict[] {
    if (!Number.isSafeInteger(version) || version <= this.lastVersion) {
      throw new RangeError(
        `resolveBatch(${version}): batch versions must increase; the last batch was at ${this.lastVersion}.`,
      );
    }
    this.lastVersion = version;
    const batchWrites: KeyRange[] = [];
    const verdicts = transactions.map((tr): Verdict => {
      if (tr.readRanges.length > 0 && tr.readVersion < this.oldest) return 'too_old';
      if (tr.readRanges.some((read) => this.conflicts(read, tr.readVersion, batchWrites))) return 'conflict';
      batchWrites.push(...tr.writeRanges);
      return 'committed';
    });
    for (const range of batchWrites) this.history.push({ range, version });
    this.forgetBefore(version - this.windowVersions);
    return verdicts;
  }

  /** Whether `read` meets a write committed after `readVersion`, or earlier in this batch. */
  private conflicts(read: KeyRange, readVersion: number, batchWrites: readonly KeyRange[]): boolean {
    return (
      this.history.some((w) => w.version > readVersion && rangesIntersect(w.range, read)) ||
      batchWrites.some((w) => rangesIntersect(w, read))
    );
  }

  private forgetBefore(oldest: number): void {
    if (oldest <= this.oldest) return;
    this.oldest = oldest;
    this.history = this.history.filter((w) => w.version >= oldest);
  }
}
