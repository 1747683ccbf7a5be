/**
 * Lesson 09, the k-way merge and its sources. Each property below targets a bug learners really
 * write:
 *
 * - "yields every version of every source, in internal-key order" (against a sorted-array
 *   model): an exhausted source left in the heap, a source not pushed back after it advanced,
 *   a heap that misorders (see heap.test.ts), entries compared by user key only.
 * - "a write held by two sources is yielded once, from the source listed first": the tie on an
 *   equal internal key broken toward the older source, or only the top source advanced, so the
 *   older copy of the same write comes out again.
 * - "no sources, empty sources and one source": a merge that cannot start empty, or that loses
 *   entries when some sources are empty.
 * - "behaves like a sorted array under any sequence of seek and next" (model-based): seek that
 *   does not clear the heap (old cursors stay), seek that skips exhausted sources, a source left
 *   before the target (`if` where a `while` belongs) or after an equal entry (`<=` for `<`).
 * - "an IterableSource rejects entries out of order wherever it reads them": a seek whose
 *   read-forward loop skips the order check (`read(null)`), so an unsorted source goes unnoticed
 *   until a next(), or never when the reader seeks past the bad spot.
 * - "an IterableSource can be sought again ...": a seek that continues the old pass, also a
 *   seek() without a target that keeps the old pass instead of going back to the first entry.
 * - "seeking back after the end finds every source again": sources seeked only while they are
 *   in the heap, or an IterableSource that continues its old pass instead of starting a new one.
 * - "a merge of merges is the merge of all the sources": a merge that is not a proper source
 *   (valid, current or seek not following lesson 07's EntryIterator contract).
 * - "a memtable is a source": the adapter over MemTable.entries() (lesson 05) seeking wrongly.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { putEntry, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { MemTable } from '@ferris/05-memtable/memtable.ts';
import type { InternalKey } from '@ferris/05-memtable/internal-key.ts';
import { MergeIterator } from '@ferris/09-merge-iterator/merge.ts';
import { IterableSource, UnsortedSourceError, type EntryIterator } from '@ferris/09-merge-iterator/source.ts';
import {
  asSource,
  describeEntries,
  describeEntry,
  lowerBound,
  mergeModel,
  sequence,
  show,
  sources,
  userKey,
  version,
} from './helpers.ts';

/** Reads a source from where it is to its end. */
async function drain(source: EntryIterator): Promise<WalEntry[]> {
  const out: WalEntry[] = [];
  for (; source.valid; await source.next()) out.push(source.current());
  return out;
}

/** The entry a source is on, or null. */
const entryOf = (source: EntryIterator): WalEntry | null => (source.valid ? source.current() : null);

function arraySources(lists: readonly (readonly WalEntry[])[]): IterableSource[] {
  return lists.map((entries) => new IterableSource(() => entries));
}

const target: fc.Arbitrary<InternalKey> = fc.record({ userKey, sequence });
/** An internal key after every key the generators make (user keys are at most 2 bytes of 0..3). */
const pastEveryKey: InternalKey = { userKey: new Uint8Array([255, 255, 255]), sequence: 0 };
const describeTarget = (t: InternalKey | undefined): string =>
  t === undefined ? 'the start' : `${show(t.userKey)}@${t.sequence}`;

/** Runs `make` and returns the error of class `type` it throws, failing in words if it does not. */
async function rejection<E extends Error>(
  type: new (...args: never[]) => E,
  make: () => Promise<unknown>,
  what: string,
): Promise<E> {
  try {
    await make();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  expect.fail(`${what} did not throw, but it must throw a ${type.name}`);
}

describe('the sources', () => {
  test.prop([fc.array(version, { maxLength: 20 }).map(asSource), fc.option(target, { nil: undefined })])(
    'an IterableSource seeks to the first entry at or after the target and reads on in order',
    async (entries, to) => {
      const source = new IterableSource(() => entries);
      await source.seek(to);
      const expected = entries.slice(to === undefined ? 0 : lowerBound(entries, to));
      expect(
        describeEntries(await drain(source)),
        `after seek(${describeTarget(to)}) the source must stand on the first entry at or after it (not before it, not past an equal one)`,
      ).toEqual(describeEntries(expected));
    },
  );

  test.prop([
    fc.array(version, { maxLength: 20 }).map(asSource),
    fc.option(target, { nil: undefined }),
    fc.option(target, { nil: undefined }),
  ])('an IterableSource can be sought again, backwards too, and to the start', async (entries, first, second) => {
    const source = new IterableSource(() => entries);
    await source.seek(first);
    await drain(source);
    await source.seek(second);
    expect(
      describeEntries(await drain(source)),
      `a second seek(${describeTarget(second)}) must start a new pass, not continue the old one`,
    ).toEqual(describeEntries(entries.slice(second === undefined ? 0 : lowerBound(entries, second))));
  });

  it('an IterableSource rejects entries out of internal-key order, and next() past the end', async () => {
    const unsorted = [
      putEntry(1, new Uint8Array([2]), new Uint8Array(0)),
      putEntry(1, new Uint8Array([1]), new Uint8Array(0)),
    ];
    await rejection(
      UnsortedSourceError,
      async () => {
        const source = new IterableSource(() => unsorted);
        await source.seek();
        await source.next();
      },
      'a source listing key 02 before key 01',
    );
    const empty = new IterableSource(() => []);
    await empty.seek();
    expect(empty.valid, 'an empty source is not valid after a seek').toBe(false);
    await rejection(RangeError, async () => empty.current(), 'current() on an exhausted source');
    await rejection(RangeError, () => empty.next(), 'next() on an exhausted source');
  });

  test.prop([
    fc
      .array(version, { minLength: 2, maxLength: 20 })
      .map(asSource)
      .filter((e) => e.length >= 2),
    fc.nat(),
  ])(
    'an IterableSource rejects entries out of order wherever it reads them: in next() and while seek() reads forward',
    async (sorted, at) => {
      // Two neighbours swapped: the source is sorted except at one place.
      const i = at % (sorted.length - 1);
      const unsorted = [...sorted];
      [unsorted[i], unsorted[i + 1]] = [unsorted[i + 1]!, unsorted[i]!];
      const where = `entries ${describeEntry(sorted[i + 1]!)} and ${describeEntry(sorted[i]!)} out of order`;
      await rejection(
        UnsortedSourceError,
        async () => {
          const source = new IterableSource(() => unsorted);
          await source.seek();
          await drain(source);
        },
        `reading a source with ${where} by seek() then next()`,
      );
      await rejection(
        UnsortedSourceError,
        () => new IterableSource(() => unsorted).seek(pastEveryKey),
        `seek() past the end of a source with ${where} (seek must check the order of the entries it reads past too)`,
      );
    },
  );

  test.prop([
    fc.array(fc.tuple(userKey, fc.option(fc.uint8Array({ maxLength: 3 }), { nil: null })), { maxLength: 30 }),
    target,
  ])(
    'a memtable is a source: IterableSource over MemTable.entries() seeks and reads every version',
    async (writes, to) => {
      const memtable = new MemTable();
      writes.forEach(([k, v], i) => (v === null ? memtable.delete(i + 1, k) : memtable.put(i + 1, k, v)));
      const all = [...memtable.entries()];
      const source = new IterableSource(() => memtable.entries());
      await source.seek(to);
      expect(describeEntries(await drain(source)), `seek(${describeTarget(to)}) in a memtable`).toEqual(
        describeEntries(all.slice(lowerBound(all, to))),
      );
    },
  );
});

describe('merging', () => {
  test.prop([sources])('the merge yields every version of every source, in internal-key order', async (lists) => {
    const merge = new MergeIterator(arraySources(lists));
    await merge.seek();
    expect(
      describeEntries(await drain(merge)),
      'the merged stream must hold every version once, smallest internal key first (user key up, sequence down)',
    ).toEqual(describeEntries(mergeModel(lists)));
  });

  test.prop([fc.array(version, { minLength: 1, maxLength: 12 }).map(asSource), fc.array(version, { maxLength: 8 })])(
    'a write held by two sources is yielded once, from the source listed first (the newer one)',
    async (older, extra) => {
      // The newer source holds the same internal keys with other values, and more.
      const newer = asSource([...older.map((e) => putEntry(e.sequence, e.key, new Uint8Array([0xee]))), ...extra]);
      for (const [lists, winner] of [
        [[newer, older], 'the newer source, listed first'],
        [[older, newer], 'the source listed first'],
      ] as const) {
        const merge = new MergeIterator(arraySources(lists));
        await merge.seek();
        expect(
          describeEntries(await drain(merge)),
          `an internal key in both sources must come out once, as ${winner} has it`,
        ).toEqual(describeEntries(mergeModel(lists)));
      }
    },
  );

  test.prop([fc.array(version, { maxLength: 20 }).map(asSource), fc.nat({ max: 4 }), fc.nat({ max: 4 })])(
    'no sources give nothing, empty sources change nothing, and one source comes out unchanged',
    async (entries, emptyBefore, emptyAfter) => {
      const none = new MergeIterator([]);
      await none.seek();
      expect(none.valid, 'a merge of no sources is not valid after a seek').toBe(false);
      const one = new MergeIterator(arraySources([entries]));
      await one.seek();
      expect(describeEntries(await drain(one)), 'a merge of one source must give that source as it is').toEqual(
        describeEntries(entries),
      );
      const padded = [...Array<WalEntry[]>(emptyBefore).fill([]), entries, ...Array<WalEntry[]>(emptyAfter).fill([])];
      const withEmpty = new MergeIterator(arraySources(padded));
      await withEmpty.seek();
      expect(
        describeEntries(await drain(withEmpty)),
        `${emptyBefore} empty sources before and ${emptyAfter} after must not change the output`,
      ).toEqual(describeEntries(entries));
    },
  );

  test.prop([sources, fc.nat({ max: 4 })])('a merge of merges is the merge of all the sources', async (lists, cut) => {
    const at = Math.min(cut, lists.length);
    const nested = new MergeIterator([
      new MergeIterator(arraySources(lists.slice(0, at))),
      new MergeIterator(arraySources(lists.slice(at))),
    ]);
    await nested.seek();
    expect(
      describeEntries(await drain(nested)),
      `merging sources 0..${at - 1} and ${at}.. separately, then merging the two`,
    ).toEqual(describeEntries(mergeModel(lists)));
  });

  it('next() and current() on an exhausted merge throw a RangeError', async () => {
    const merge = new MergeIterator(arraySources([[putEntry(1, new Uint8Array([1]), new Uint8Array([1]))]]));
    await merge.seek();
    await merge.next();
    expect(merge.valid, 'the only entry was passed: the merge is no longer valid').toBe(false);
    await rejection(RangeError, () => merge.next(), 'next() on an exhausted merge');
    await rejection(RangeError, async () => merge.current(), 'current() on an exhausted merge');
  });
});

// Model-based: any sequence of seek and next, checked after every step.
type Real = { merge: MergeIterator };
type Model = { merged: WalEntry[]; position: number | null };

function expectAt(model: Model, real: Real, after: string): void {
  const expected = model.position === null ? null : (model.merged[model.position] ?? null);
  expect(describeEntry(entryOf(real.merge)), `after ${after}, the merge must be on ${describeEntry(expected)}`).toBe(
    describeEntry(expected),
  );
}

class SeekCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly target: InternalKey | undefined) {}
  check(): boolean {
    return true;
  }
  async run(model: Model, real: Real): Promise<void> {
    await real.merge.seek(this.target);
    model.position = this.target === undefined ? 0 : lowerBound(model.merged, this.target);
    expectAt(model, real, `seek(${describeTarget(this.target)})`);
  }
  toString(): string {
    return `seek(${describeTarget(this.target)})`;
  }
}

class NextCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly steps: number) {}
  check(model: Readonly<Model>): boolean {
    return model.position !== null;
  }
  async run(model: Model, real: Real): Promise<void> {
    for (let i = 0; i < this.steps && model.position! < model.merged.length; i++) {
      await real.merge.next();
      model.position! += 1;
      expectAt(model, real, `next() (step ${i + 1} of ${this.steps})`);
    }
  }
  toString(): string {
    return `next() x${this.steps}`;
  }
}

class DrainCommand implements fc.AsyncCommand<Model, Real> {
  check(model: Readonly<Model>): boolean {
    return model.position !== null;
  }
  async run(model: Model, real: Real): Promise<void> {
    const rest = await drain(real.merge);
    expect(describeEntries(rest), 'reading on to the end must give every remaining entry in order').toEqual(
      describeEntries(model.merged.slice(model.position!)),
    );
    model.position = model.merged.length;
  }
  toString(): string {
    return 'readToEnd()';
  }
}

const commands = [
  fc.option(target, { nil: undefined, freq: 5 }).map((t) => new SeekCommand(t)),
  fc.option(target, { nil: undefined, freq: 5 }).map((t) => new SeekCommand(t)),
  fc.integer({ min: 1, max: 4 }).map((n) => new NextCommand(n)),
  fc.integer({ min: 1, max: 4 }).map((n) => new NextCommand(n)),
  fc.constant(new DrainCommand()),
];

describe('seeking', () => {
  test.prop([sources, fc.commands(commands, { maxCommands: 25 })], { numRuns: 60 })(
    'the merge behaves like a sorted array under any sequence of seek and next',
    async (lists, cmds) => {
      const merged = mergeModel(lists);
      await fc.asyncModelRun(
        () => ({ model: { merged, position: null }, real: { merge: new MergeIterator(arraySources(lists)) } }),
        cmds,
      );
    },
  );

  test.prop([sources.filter((l) => l.length >= 2), target])(
    'seeking back after the end finds every source again',
    async (lists, to) => {
      const merge = new MergeIterator(arraySources(lists));
      await merge.seek();
      await drain(merge);
      await merge.seek(to);
      const merged = mergeModel(lists);
      expect(
        describeEntries(await drain(merge)),
        `after reading to the end, seek(${describeTarget(to)}) must seek every source, exhausted ones too`,
      ).toEqual(describeEntries(merged.slice(lowerBound(merged, to))));
    },
  );
});
