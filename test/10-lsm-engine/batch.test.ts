/**
 * Lesson 10, batches in the log (batch.ts). What each property catches:
 *
 * - "a batch is a header then its ops": a header that is not a put of the empty key with the
 *   count as 4 little-endian bytes, ops without consecutive sequence numbers.
 * - "any prefix of the log gives exactly the whole batches in it": a torn batch replayed in
 *   part (its first ops kept), a whole batch dropped, a wrong lastSequence.
 * - "a header that is not one is reported": a reader that treats any entry as a header.
 * - "a log that breaks the layout is refused": a reader that skips one of the checks (a count of
 *   0 or over MAX_BATCH_OPS taken as a torn batch or an empty one, a batch whose sequence numbers
 *   go back, an op whose sequence is not the next), or names the wrong entry.
 * - The ops of every property include puts of the empty key with a 4-byte value, the shape of a
 *   header: a reader that finds headers by their look instead of their position splits a batch.
 * - "a batch with no writes has no entries": a header with a count of 0, which no reader accepts.
 * - "a batch whose last op would pass MAX_SEQUENCE is refused": ops that share the batch's copies
 *   skip putEntry's check of their sequence numbers, so only the first one (the header's) is checked.
 */
import { expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  deleteEntry,
  EntryValidationError,
  MAX_SEQUENCE,
  putEntry,
  type WalEntry,
} from '@ferris/01-wal-entry/entry.ts';
import {
  batchEntries,
  CorruptBatchError,
  MAX_BATCH_OPS,
  readBatches,
  WriteBatch,
} from '@ferris/10-lsm-engine/batch.ts';
import { hexOf, u32le } from '../shared/bytes.ts';
import { thrown } from '../shared/errors.ts';
import { batchOf, op as anyOp, type Op } from './helpers.ts';

const EMPTY = new Uint8Array(0);
/** A put that looks like a header (the empty key, a 4-byte value): only its position says it is an op. */
const headerLike: fc.Arbitrary<Op> = fc
  .integer({ min: 0, max: 4 })
  .map((count) => ({ kind: 'put' as const, key: EMPTY, value: u32le(count) }));
const op = fc.oneof({ weight: 5, arbitrary: anyOp }, { weight: 1, arbitrary: headerLike });

const show = (e: WalEntry): string => `${hexOf(e.key)}@${e.sequence}=${e.value === null ? 'DELETE' : hexOf(e.value)}`;
const batches = fc.array(fc.array(op, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 });

test.prop([fc.array(op, { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 2 ** 40 })])(
  'a batch is logged as a header (a put of the empty key holding the count) then its ops at consecutive sequence numbers',
  async (ops, first) => {
    const entries = batchEntries(batchOf(ops), first);
    expect(entries.length, 'a batch of n writes is n + 1 entries').toBe(ops.length + 1);
    expect(
      show(entries[0]!),
      'the header: a put of the empty key at the first sequence, the count as 4 bytes little-endian',
    ).toBe(show(putEntry(first, new Uint8Array(0), Uint8Array.of(ops.length & 255, (ops.length >> 8) & 255, 0, 0))));
    ops.forEach((o, i) => {
      const e = entries[i + 1]!;
      expect(show(e), `op ${i} of the batch`).toBe(
        `${hexOf(o.key)}@${first + i}=${o.kind === 'put' ? hexOf(o.value) : 'DELETE'}`,
      );
    });
  },
);

test.prop([batches, fc.nat()])(
  'any prefix of a log gives exactly the whole batches in it, and drops a batch it ends inside',
  async (list, cut) => {
    const entries: WalEntry[] = [];
    const ends: number[] = [];
    let next = 1;
    for (const ops of list) {
      entries.push(...batchEntries(batchOf(ops), next));
      next += ops.length;
      ends.push(entries.length);
    }
    const prefix = cut % (entries.length + 1);
    const whole = ends.filter((end) => end <= prefix).length;
    const expected = list.slice(0, whole).flat();
    const read = readBatches(entries.slice(0, prefix), 'db/000001.log');
    expect(read.batchCount, `whole batches in the first ${prefix} of ${entries.length} entries`).toBe(whole);
    expect(read.ops.map(show), `the ops of the whole batches in the first ${prefix} entries`).toEqual(
      entries
        .slice(0, ends[whole - 1] ?? 0)
        .filter((_, i) => !isHeader(i, ends))
        .map(show),
    );
    expect(read.ops.length, 'one op per write of the whole batches').toBe(expected.length);
    expect(read.lastSequence, 'the last sequence of the whole batches (-1 for none)').toBe(
      whole === 0 ? -1 : expected.length,
    );
    expect(read.tornEntries, 'the entries of the torn batch at the end').toBe(prefix - (ends[whole - 1] ?? 0));
  },
);

function isHeader(index: number, ends: number[]): boolean {
  return index === 0 || ends.includes(index);
}

test.prop([fc.array(op, { minLength: 1, maxLength: 4 }), fc.uint8Array({ minLength: 1, maxLength: 3 })])(
  'an entry that is not a header where a batch starts is a CorruptBatchError, even one with a 4-byte value',
  async (ops, notEmpty) => {
    // Looks like a header (a put whose value is a count of 1) but its key is not empty.
    const impostor = putEntry(1, notEmpty, Uint8Array.of(1, 0, 0, 0));
    const entries = [impostor, ...batchEntries(batchOf(ops), 2).slice(1)];
    let error: unknown = null;
    try {
      readBatches(entries, 'db/000003.log');
    } catch (e) {
      if (!(e instanceof CorruptBatchError)) throw e;
      error = e;
    }
    expect(
      error,
      'a log whose first entry is a put of a non-empty key must be refused: a header has the empty key',
    ).toBeInstanceOf(CorruptBatchError);
    expect((error as CorruptBatchError).file, 'the error names the log').toBe('db/000003.log');
    expect((error as CorruptBatchError).entryIndex, 'the error names the entry').toBe(0);
  },
);

/** Damage to one batch of a log: each breaks one rule that readBatches checks. */
const DAMAGE = [
  'a header count of 0',
  'a header count over MAX_BATCH_OPS',
  'a batch that starts at or before the last sequence of the batch before',
  'an op whose sequence is not the next one',
] as const;

/** `entry` again, at `sequence`. */
const at = (entry: WalEntry, sequence: number): WalEntry =>
  entry.value === null ? deleteEntry(sequence, entry.key) : putEntry(sequence, entry.key, entry.value);

test.prop([
  fc.array(fc.array(op, { minLength: 1, maxLength: 5 }), { minLength: 2, maxLength: 6 }),
  fc.constantFrom(...DAMAGE),
  fc.nat(),
  fc.nat(),
  fc.integer({ min: 1, max: 3 }),
])(
  'a log that breaks the batch layout is a CorruptBatchError naming the entry: a count outside 1..MAX_BATCH_OPS, sequence numbers that go back or skip',
  async (list, damage, pickBatch, pickOp, by) => {
    const entries: WalEntry[] = [];
    const starts: number[] = [];
    let next = 1;
    for (const ops of list) {
      starts.push(entries.length);
      entries.push(...batchEntries(batchOf(ops), next));
      next += ops.length;
    }
    // The damaged batch is never the first: a batch "before" it must exist for the sequence rule.
    const b = 1 + (pickBatch % (list.length - 1));
    const start = starts[b]!;
    const header = entries[start]!;
    let bad = start;
    if (damage === 'a header count of 0') entries[start] = putEntry(header.sequence, EMPTY, u32le(0));
    else if (damage === 'a header count over MAX_BATCH_OPS')
      entries[start] = putEntry(header.sequence, EMPTY, u32le(MAX_BATCH_OPS + by));
    else if (damage === 'a batch that starts at or before the last sequence of the batch before') {
      const first = Math.max(0, header.sequence - by);
      entries.splice(start, list[b]!.length + 1, ...batchEntries(batchOf(list[b]!), first));
    } else {
      bad = start + 1 + (pickOp % list[b]!.length);
      const sequence = entries[bad]!.sequence;
      entries[bad] = at(entries[bad]!, sequence - by >= 0 && by % 2 === 0 ? sequence - by : sequence + by);
    }
    const error = thrown(
      CorruptBatchError,
      () => readBatches(entries, 'db/000009.log'),
      `a log with ${damage} (batch ${b}, entry ${bad}) must be refused`,
    );
    expect(error.file, 'the error names the log').toBe('db/000009.log');
    expect(error.entryIndex, `the error names the entry that breaks the rule: ${damage}`).toBe(bad);
  },
);

it('a batch with no writes has no entries in the log (a header of 0 ops is never written)', () => {
  expect(batchEntries(new WriteBatch(), 7), 'an empty batch: nothing to log').toEqual([]);
});

it('a batch whose last op would pass MAX_SEQUENCE is refused, and one that ends on it is logged', () => {
  const three = batchOf([
    { kind: 'put', key: Uint8Array.of(1), value: Uint8Array.of(2) },
    { kind: 'delete', key: Uint8Array.of(3) },
    { kind: 'put', key: Uint8Array.of(4), value: EMPTY },
  ]);
  const error = thrown(
    EntryValidationError,
    () => batchEntries(three, MAX_SEQUENCE - 1),
    'batchEntries gave 3 ops sequence numbers from MAX_SEQUENCE - 1, so the last is past MAX_SEQUENCE',
  );
  expect(error.field, 'the field the error names').toBe('sequence');
  const last = batchEntries(three, MAX_SEQUENCE - 2).at(-1)!;
  expect(last.sequence, 'the last op of a batch that ends exactly on MAX_SEQUENCE').toBe(MAX_SEQUENCE);
});
