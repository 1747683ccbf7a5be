/**
 * Lesson 09: a source that fails. A table source reads a file, and a read can fail (an I/O error,
 * a corrupt block) in seek() or in any next(), in the first source or a later one. This catches:
 *
 * - seek() waiting with `Promise.allSettled` (or catching), so a source whose seek failed is
 *   treated as empty and the merge quietly returns less;
 * - next() catching a source's failure and dropping the source as if it were exhausted.
 *
 * Either way the reader gets a wrong answer with no error. The entries yielded before an error
 * must still be the start of the right answer.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import type { InternalKey } from '@ferris/05-memtable/internal-key.ts';
import { MergeIterator } from '@ferris/09-merge-iterator/merge.ts';
import { mergedScan } from '@ferris/09-merge-iterator/scan.ts';
import { IterableSource, type EntryIterator } from '@ferris/09-merge-iterator/source.ts';
import { describeEntries, describePairs, mergeModel, scanModel, sources } from './helpers.ts';

/** The error a failing source throws; the test checks the caller gets this very object. */
class SourceReadError extends Error {
  override readonly name = 'SourceReadError';
}

/** A source over `entries` whose call number `failAt` (0 is the first seek, then each next) fails. */
class FailingSource implements EntryIterator {
  private calls = 0;
  private failed = false;
  readonly error = new SourceReadError('EIO: the table could not be read (simulated)');
  private readonly inner: IterableSource;

  constructor(
    entries: readonly WalEntry[],
    private readonly failAt: number,
  ) {
    this.inner = new IterableSource(() => entries);
  }

  get valid(): boolean {
    return !this.failed && this.inner.valid;
  }
  current(): WalEntry {
    return this.inner.current();
  }
  async seek(target?: InternalKey): Promise<void> {
    await this.inner.seek(target);
    this.maybeFail();
  }
  async next(): Promise<void> {
    await this.inner.next();
    this.maybeFail();
  }
  /** A failed read leaves the source on no entry, as a reader whose block could not be read. */
  private maybeFail(): void {
    if (this.calls++ !== this.failAt) return;
    this.failed = true;
    throw this.error;
  }
  /** Whether a merge that reads everything makes the failing call: seek, then one next() per entry. */
  static reaches(entries: readonly WalEntry[], failAt: number): boolean {
    return failAt <= entries.length;
  }
}

/** Runs `read` until it ends or throws; returns what it got and the error, rethrowing any other error. */
async function untilError<T>(
  read: (out: T[]) => Promise<void>,
  expected: Error,
): Promise<{ got: T[]; error: unknown }> {
  const got: T[] = [];
  try {
    await read(got);
  } catch (error) {
    if (error !== expected) throw error;
    return { got, error };
  }
  return { got, error: undefined };
}

const failure = fc.record({ source: fc.nat({ max: 4 }), call: fc.oneof(fc.constant(0), fc.nat({ max: 12 })) });

/** The sources with the one at `where.source` failing, and words for the failure. */
function withFailure(lists: readonly WalEntry[][], where: { source: number; call: number }) {
  const index = where.source % lists.length;
  const failing = new FailingSource(lists[index]!, where.call);
  const inputs = lists.map((entries, i) => (i === index ? failing : new IterableSource(() => entries)));
  const what = `source ${index} of ${lists.length} failing on its ${where.call === 0 ? 'seek' : `next() number ${where.call}`}`;
  return { failing, inputs, what, reached: FailingSource.reaches(lists[index]!, where.call) };
}

describe('a source that fails', () => {
  test.prop([sources.filter((lists) => lists.length > 0), failure])(
    "an error from any source's seek or next reaches the merge's caller, and what came before it is the start of the right answer",
    async (lists, where) => {
      const { failing, inputs, what, reached } = withFailure(lists, where);
      const expected = describeEntries(mergeModel(lists));
      const { got, error } = await untilError<WalEntry>(async (out) => {
        const merge = new MergeIterator(inputs);
        await merge.seek();
        for (; merge.valid; await merge.next()) out.push(merge.current());
      }, failing.error);
      if (reached) {
        expect(error, `${what}: the merge ended as if nothing failed; the source's error must reach the caller`).toBe(
          failing.error,
        );
      }
      expect(
        describeEntries(got),
        `${what}: the entries before the error must be the start of the merged stream`,
      ).toEqual(expected.slice(0, got.length));
    },
  );

  test.prop([sources.filter((lists) => lists.length > 0), failure])(
    'an error from any source reaches the reader of mergedScan, and what came before it is the start of the scan',
    async (lists, where) => {
      const { failing, inputs, what, reached } = withFailure(lists, where);
      const { got, error } = await untilError<[Uint8Array, Uint8Array]>(async (out) => {
        for await (const pair of mergedScan(inputs)) out.push(pair);
      }, failing.error);
      if (reached) {
        expect(error, `${what}: the scan ended as if nothing failed; the source's error must reach the reader`).toBe(
          failing.error,
        );
      }
      const expected = describePairs(scanModel(mergeModel(lists)));
      expect(describePairs(got), `${what}: the pairs before the error must be the start of the scan`).toEqual(
        expected.slice(0, got.length),
      );
    },
  );
});
