/**
 * Lesson 10, batches in the log (batch.ts). What each property catches:
 *
 * - "a batch is a header then its ops": a header that is not a put of the empty key with the
 *   count as 4 little-endian bytes, ops without consecutive sequence numbers.
 * - "any prefix of the log gives exactly the whole batches in it": a torn batch replayed in
 *   part (its first ops kept), a whole batch dropped, a wrong lastSequence.
 * - "a header that is not one is reported": a reader that treats any entry as a header.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { putEntry, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { batchEntries, CorruptBatchError, readBatches } from '@ferris/10-lsm-engine/batch.ts';
import { hexOf } from '../shared/bytes.ts';
import { batchOf, op } from './helpers.ts';

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
