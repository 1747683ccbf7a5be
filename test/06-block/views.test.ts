/**
 * Lesson 06: who owns the bytes. A table file (lesson 07) is often read whole, and each block is
 * then a view into that one buffer; a builder is reused for block after block. This catches:
 *
 * - a reader that reads through `bytes.buffer` from offset 0 (`new Uint8Array(bytes.buffer, 0,
 *   n)`, a DataView over `bytes.buffer`), ignoring the block's byteOffset: the checksum or a
 *   value then comes from the bytes before the block;
 * - a builder whose finish() returns a view of its own reusable buffer (`sink.view()` instead of
 *   a copy): the next block it builds overwrites the one the caller holds.
 * - an iterator whose key() hands out its reused key array (or a view of it): the caller's key
 *   changes when the iterator moves, and a caller that changes its key changes the next one;
 * - a key array that grows without keeping the shared prefix in front;
 * - a seek that makes an array or a view for each key it compares (a copy of each restart's key,
 *   a new key array per entry), which is what made random reads slow.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { Block } from '@ferris/06-block/block.ts';
import { compareBytesAt, type RangeComparator } from '@ferris/06-block/format.ts';
import { BlockBuilder } from '@ferris/06-block/block-builder.ts';
import { viewInto } from '../shared/bytes.ts';
import {
  build,
  defaultOrder,
  hexOf,
  key,
  lowerBound,
  order,
  restartInterval,
  show,
  sorted,
  unsortedEntries,
  type Entry,
} from './helpers.ts';

describe('blocks that are views, and blocks the caller keeps', () => {
  test.prop([
    unsortedEntries(30),
    restartInterval,
    order,
    fc.integer({ min: 1, max: 64 }),
    fc.array(key, { maxLength: 4 }),
  ])(
    'a block decoded from a view into a larger buffer reads exactly like one decoded from a copy',
    (unsorted, interval, ord, shift, targets) => {
      const entries = sorted(unsorted, ord.compare);
      const block = Block.decode(viewInto(build(entries, interval, ord), { before: shift, after: 7 }), ord.decode);
      const what = `a block of ${entries.length} entries at byte ${shift} of a larger buffer`;
      expect(show(block.entries()), `${what}: read through byteOffset, never from the start of bytes.buffer`).toEqual(
        show(entries),
      );
      const it = block.iterator();
      for (const target of targets) {
        it.seek(target);
        const expected = entries[lowerBound(entries, target, ord.compare)];
        const got = it.valid ? show([[it.key(), it.value()]]) : [];
        expect(got, `${what}: seek(${show([[target, new Uint8Array(0)]])[0]})`).toEqual(
          expected === undefined ? [] : show([expected]),
        );
      }
    },
  );

  test.prop([fc.array(unsortedEntries(12), { minLength: 2, maxLength: 4 }), restartInterval])(
    'a block returned by finish() does not change when the same builder goes on to build more blocks',
    (batches, interval) => {
      const builder = new BlockBuilder({ restartInterval: interval });
      const built = batches.map((batch) => {
        const entries = sorted(batch, compareBytes);
        for (const [k, v] of entries) builder.add(k, v);
        return { entries, bytes: builder.finish() };
      });
      built.forEach(({ entries, bytes }, i) => {
        expect(
          show(Block.decode(bytes).entries()),
          `block ${i + 1} of ${built.length} changed after the builder built the next one: finish() must return bytes the builder never writes again`,
        ).toEqual(show(entries));
      });
    },
  );

  test.prop([unsortedEntries(), restartInterval, order, fc.array(key, { minLength: 1, maxLength: 8 })])(
    "a key from key() is the caller's: it keeps its bytes as the iterator moves on, and changing it changes nothing after",
    (unsorted, interval, ord, targets) => {
      const entries = sorted(unsorted, ord.compare);
      const block = Block.decode(build(entries, interval, ord), ord.decode);
      const what = `a block of ${entries.length} entries (restart interval ${interval}, ${ord.name})`;
      // Keep every key while walking the block, then look at them all at the end.
      const held: Uint8Array[] = [];
      const it = block.iterator();
      for (it.seekToFirst(); it.valid; it.next()) held.push(it.key());
      expect(
        held.map(hexOf),
        `${what}: keys held while the iterator moved on changed; key() must hand out bytes the iterator never writes again`,
      ).toEqual(entries.map(([k]) => hexOf(k)));
      // Now scribble over each key as soon as it is handed out: what comes after must not change.
      const walked: Entry[] = [];
      for (it.seekToFirst(); it.valid; it.next()) {
        const k = it.key();
        walked.push([Uint8Array.from(k), Uint8Array.from(it.value())]);
        k.fill(0x5a);
      }
      expect(show(walked), `${what}: after the caller changed each key key() gave, the next entries changed`).toEqual(
        show(entries),
      );
      for (const target of targets) {
        it.seek(target);
        const at = lowerBound(entries, target, ord.compare);
        const got = it.valid ? hexOf(it.key()) : 'invalid';
        expect(got, `${what}: seek(${hexOf(target)}) after the caller changed the keys it was given`).toBe(
          at < entries.length ? hexOf(entries[at]![0]) : 'invalid',
        );
      }
    },
  );

  test.prop([
    unsortedEntries().filter((e) => e.length > 0),
    restartInterval,
    fc.array(key, { minLength: 1, maxLength: 12 }),
  ])(
    'once an iterator has walked its block, its seeks compare only keys inside the block or in the one key array it reuses',
    (unsorted, interval, targets) => {
      const entries = sorted(unsorted, compareBytes);
      const bytes = build(entries, interval, defaultOrder);
      const compared = new Set<Uint8Array>();
      const recording: RangeComparator = (array, start, end, target) => {
        compared.add(array);
        return compareBytesAt(array, start, end, target);
      };
      const block = Block.decode(bytes, { compareAt: recording });
      const it = block.iterator();
      // One walk over every key: a key array that grows has grown to the longest key by now.
      for (it.seekToFirst(); it.valid; it.next());
      for (const target of targets) it.seek(target);
      const others = [...compared].filter((array) => array !== block.bytes);
      expect(
        others.length,
        `${targets.length} seeks in a block of ${entries.length} entries (restart interval ${interval}) compared keys in ` +
          `${others.length} arrays besides the block's bytes: compare a restart's key where it lies ` +
          '(compareAt(block.bytes, keyStart, keyEnd, target)) and the scanned keys in the one key array the iterator ' +
          'reuses, never in a copy or a view made per key',
      ).toBeLessThanOrEqual(1);
    },
  );
});
