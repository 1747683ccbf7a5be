/**
 * Lesson 09, the top level: what a reader sees through the merge. Each property below targets a
 * bug learners really write:
 *
 * - "each live key once, with its newest visible value, in key order" (against a model): equal
 *   user keys from two sources not de-duplicated, so an older version leaks out after the newest.
 * - "a deleted key stays deleted ...": tombstones returned to the reader (with a null value), or
 *   tombstones dropped before they hid anything, so the older put under them comes back.
 * - "memtables split from one log read like one memtable of the whole log" (lesson 05's own
 *   scan as the model): every bug above, plus start, end and atSequence handled unlike the
 *   memtable's scan.
 * - "a scan at sequence s ...": versions newer than s visible (atSequence ignored, or < for <=).
 * - "start is inclusive and end exclusive": seek to (start, 0) instead of (start, atSequence),
 *   which skips the versions of `start` itself; an end compared with > instead of >=.
 * - "no sources and empty sources ...": a scan that cannot start empty.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { deleteEntry, putEntry, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { MemTable } from '@ferris/05-memtable/memtable.ts';
import { mergedScan, type MergedScanOptions } from '@ferris/09-merge-iterator/scan.ts';
import { IterableSource, type EntryIterator } from '@ferris/09-merge-iterator/source.ts';
import { describePairs, mergeModel, scanModel, sequence, show, sources, userKey, value } from './helpers.ts';

async function collect(it: AsyncIterable<[Uint8Array, Uint8Array]>): Promise<Array<[Uint8Array, Uint8Array]>> {
  const out: Array<[Uint8Array, Uint8Array]> = [];
  for await (const pair of it) out.push(pair);
  return out;
}

function arraySources(lists: readonly (readonly WalEntry[])[]): EntryIterator[] {
  return lists.map((entries) => new IterableSource(() => entries));
}

const options: fc.Arbitrary<MergedScanOptions> = fc.record(
  { start: userKey, end: userKey, atSequence: sequence },
  { requiredKeys: [] },
);

function describeOptions(o: MergedScanOptions): string {
  const parts = [
    o.start === undefined ? null : `start ${show(o.start)}`,
    o.end === undefined ? null : `end ${show(o.end)}`,
    o.atSequence === undefined ? null : `atSequence ${o.atSequence}`,
  ].filter((p) => p !== null);
  return parts.length === 0 ? 'no options' : parts.join(', ');
}

describe('what a reader sees', () => {
  test.prop([sources])(
    'the scan gives each live key once, with its newest visible value, in key order',
    async (lists) => {
      const actual = await collect(mergedScan(arraySources(lists)));
      expect(
        describePairs(actual),
        'each user key once, with the value of its newest version; a key whose newest version is a delete left out',
      ).toEqual(describePairs(scanModel(mergeModel(lists))));
    },
  );

  test.prop([userKey, value, value])(
    'a deleted key stays deleted: neither the tombstone nor the older value under it comes out',
    async (k, older, other) => {
      const neighbour = Uint8Array.from([...k, 0]); // sorts right after k
      const oldTable = [putEntry(1, k, older), putEntry(2, neighbour, other)];
      const newTable = [deleteEntry(3, k)];
      const lists = [newTable, oldTable];
      const actual = await collect(mergedScan(arraySources(lists)));
      expect(
        describePairs(actual),
        `key ${show(k)} was put at 1 and deleted at 3: the reader must not see it at all (only ${show(neighbour)})`,
      ).toEqual(describePairs([[neighbour, other]]));
      const before = await collect(mergedScan(arraySources(lists), { atSequence: 2 }));
      expect(describePairs(before), 'at sequence 2 the delete had not happened yet: the put is visible').toEqual(
        describePairs([
          [k, older],
          [neighbour, other],
        ]),
      );
    },
  );

  test.prop([userKey, value, value])(
    'a put after a delete brings the key back, with the new value',
    async (k, older, newer) => {
      const lists = [[putEntry(5, k, newer)], [deleteEntry(4, k)], [putEntry(2, k, older)]];
      expect(
        describePairs(await collect(mergedScan(arraySources(lists)))),
        'put at 2, deleted at 4, put again at 5',
      ).toEqual(describePairs([[k, newer]]));
    },
  );
});

describe('agrees with lesson 05', () => {
  const writes = fc.array(fc.tuple(userKey, fc.option(value, { nil: null, freq: 4 })), { maxLength: 40 });

  test.prop([writes, fc.array(fc.nat(), { maxLength: 4 }), options])(
    'memtables split from one log read like one memtable of the whole log',
    async (log, cuts, scanOptions) => {
      // Write i gets sequence i + 1. The log is cut into consecutive pieces, one memtable each
      // (the older ones are the "immutable memtables" an engine flushes), listed newest first.
      const whole = new MemTable();
      const boundaries = [...new Set(cuts.map((c) => (log.length === 0 ? 0 : c % (log.length + 1))))].sort(
        (a, b) => a - b,
      );
      const pieces: MemTable[] = [];
      let from = 0;
      for (const to of [...boundaries, log.length]) {
        const piece = new MemTable();
        for (let i = from; i < to; i++) {
          const [k, v] = log[i]!;
          for (const table of [piece, whole]) {
            if (v === null) table.delete(i + 1, k);
            else table.put(i + 1, k, v);
          }
        }
        pieces.push(piece);
        from = to;
      }
      const newestFirst = pieces.reverse().map((table) => new IterableSource(() => table.entries()));
      const actual = await collect(mergedScan(newestFirst, scanOptions));
      expect(
        describePairs(actual),
        `${pieces.length} memtables merged, scanned with ${describeOptions(scanOptions)}, must read like one memtable's scan`,
      ).toEqual(describePairs([...whole.scan(scanOptions)]));
    },
  );
});

describe('the range and the point in time', () => {
  test.prop([sources, options])(
    'start is inclusive, end exclusive, and a scan at sequence s sees exactly the writes up to s',
    async (lists, scanOptions) => {
      const actual = await collect(mergedScan(arraySources(lists), scanOptions));
      expect(describePairs(actual), `scanned with ${describeOptions(scanOptions)}`).toEqual(
        describePairs(scanModel(mergeModel(lists), scanOptions)),
      );
    },
  );

  test.prop([userKey, value, value, fc.integer({ min: 1, max: 20 })])(
    'a scan that starts at a key sees that key, at the version visible at its sequence',
    async (k, first, second, gap) => {
      const lists = [[putEntry(10 + gap, k, second)], [putEntry(10, k, first)]];
      const at = 10 + gap - 1;
      expect(
        describePairs(await collect(mergedScan(arraySources(lists), { start: k, atSequence: at }))),
        `start ${show(k)} at sequence ${at}: the version written at 10, not nothing and not the one at ${10 + gap}`,
      ).toEqual(describePairs([[k, first]]));
      expect(
        describePairs(await collect(mergedScan(arraySources(lists), { start: k, end: k }))),
        'start = end is an empty range',
      ).toEqual([]);
    },
  );

  it('no sources and empty sources give an empty scan; a bad sequence number is rejected', async () => {
    expect(await collect(mergedScan([])), 'a scan of no sources').toEqual([]);
    expect(await collect(mergedScan(arraySources([[], [], []]))), 'a scan of three empty sources').toEqual([]);
    let error: unknown = null;
    try {
      await collect(mergedScan([], { atSequence: -1 }));
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      error = e;
    }
    expect(error, 'atSequence -1 must be rejected with a RangeError').toBeInstanceOf(RangeError);
  });
});
