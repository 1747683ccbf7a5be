/**
 * Lesson 06: who owns the bytes. A table file (lesson 07) is often read whole, and each block is
 * then a view into that one buffer; a builder is reused for block after block. This catches:
 *
 * - a reader that reads through `bytes.buffer` from offset 0 (`new Uint8Array(bytes.buffer, 0,
 *   n)`, a DataView over `bytes.buffer`), ignoring the block's byteOffset: the checksum or a
 *   value then comes from the bytes before the block;
 * - a builder whose finish() returns a view of its own reusable buffer (`sink.view()` instead of
 *   a copy): the next block it builds overwrites the one the caller holds.
 */
import { describe, expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { Block } from '@ferris/06-block/block.ts';
import { BlockBuilder } from '@ferris/06-block/block-builder.ts';
import { viewInto } from '../shared/bytes.ts';
import { build, key, lowerBound, order, restartInterval, show, sorted, unsortedEntries } from './helpers.ts';

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
      const block = Block.decode(viewInto(build(entries, interval, ord), { before: shift, after: 7 }), {
        compare: ord.option,
      });
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
});
