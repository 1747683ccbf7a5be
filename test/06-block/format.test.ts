/**
 * Lesson 06, the block's bytes, read by the test's own parser of the format in README.md.
 * Each property below targets a bug learners really write:
 *
 * - "the bytes follow the documented format":
 *   - the restart interval off by one (a restart every interval + 1 entries, or interval - 1);
 *   - a restart point that still shares a prefix with the previous key (the prefix not reset);
 *   - a prefix shorter than the keys really share (compression lost: counting stops early);
 *   - restart offsets that point somewhere other than the start of their entry;
 *   - the checksum over the wrong range (without the restart array or the count), or not
 *     CRC32C of exactly the bytes before it.
 * - "estimatedSize() is exactly the size of the block finish() returns": an estimate that
 *   forgets the checksum, the restart count, or the restart array (or counts one restart too few).
 * - "three fruits ... are exactly these bytes": a fixed vector, so a block written here can be
 *   read by any implementation of the same format (varints, little-endian, CRC32C).
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { crc32c } from '@ferris/02-serialization/crc32c.ts';
import { BlockBuilder } from '@ferris/06-block/block-builder.ts';
import { Block } from '@ferris/06-block/block.ts';
import { build, bytes, hexOf, order, parseRaw, restartInterval, show, sorted, unsortedEntries } from './helpers.ts';

function sharedPrefix(a: Uint8Array, b: Uint8Array): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

describe('the bytes on disk', () => {
  test.prop([unsortedEntries(), restartInterval, order])(
    'the bytes follow the documented format: shared prefixes, a restart every restartInterval entries, CRC32C at the end',
    (unsorted, interval, ord) => {
      const entries = sorted(unsorted, ord.compare);
      const block = build(entries, interval, ord);
      const raw = parseRaw(block);
      expect(
        show(raw.entries.map((e) => [e.key, e.value] as const)),
        'the entries, read by the format in README.md',
      ).toEqual(show(entries));
      const expectedRestarts: number[] = [];
      raw.entries.forEach((e, i) => {
        if (i % interval === 0) {
          expectedRestarts.push(e.offset);
          expect(
            e.shared,
            `entry ${i} is a restart point (interval ${interval}): it must store its whole key, shared = 0`,
          ).toBe(0);
        } else {
          const previous = raw.entries[i - 1]!.key;
          expect(
            e.shared,
            `entry ${i} (${hexOf(e.key)}) must share exactly the common prefix with the previous key ${hexOf(previous)}`,
          ).toBe(sharedPrefix(previous, e.key));
        }
      });
      if (entries.length === 0) expectedRestarts.push(0);
      expect(
        raw.restarts,
        `the restart array must hold the offset of entries 0, ${interval}, ${2 * interval}, ...`,
      ).toEqual(expectedRestarts);
      expect(raw.storedChecksum, 'the last 4 bytes must be the CRC32C of every byte before them').toBe(
        crc32c(block.subarray(0, block.length - 4)),
      );
    },
  );

  test.prop([unsortedEntries(40), restartInterval, order])(
    'estimatedSize() is exactly the size of the block finish() would return, after every add',
    (unsorted, interval, ord) => {
      const entries = sorted(unsorted, ord.compare);
      for (let n = 0; n <= entries.length; n++) {
        const builder = new BlockBuilder({ restartInterval: interval, compare: ord.option });
        for (const [k, v] of entries.slice(0, n)) builder.add(k, v);
        const estimate = builder.estimatedSize();
        expect(
          builder.finish().length,
          `after ${n} entries (restart interval ${interval}), estimatedSize() was ${estimate}`,
        ).toBe(estimate);
      }
    },
  );

  it('three fruits at restart interval 2 are exactly these bytes', () => {
    const builder = new BlockBuilder({ restartInterval: 2 });
    builder.add(bytes('apple'), bytes('red'));
    builder.add(bytes('apricot'), bytes('orange'));
    builder.add(bytes('banana'), bytes('yellow'));
    const block = builder.finish();
    const expected = [
      // apple: shared 0, unshared 5, value 3, "apple", "red"
      '00 05 03 61 70 70 6c 65 72 65 64',
      // apricot: shares "ap", 5 more bytes "ricot", value "orange"
      '02 05 06 72 69 63 6f 74 6f 72 61 6e 67 65',
      // banana: a restart point (entry 2), whole key
      '00 06 06 62 61 6e 61 6e 61 79 65 6c 6c 6f 77',
      // restarts at 0 and 25, count 2
      '00 00 00 00 19 00 00 00 02 00 00 00',
    ].join(' ');
    expect(
      hexOf(block.subarray(0, block.length - 4)).replace(/(..)(?!$)/g, '$1 '),
      'the block, byte by byte, as README.md lays it out',
    ).toBe(expected);
    expect(
      hexOf(block.subarray(block.length - 4)),
      'the checksum: CRC32C of the 52 bytes before it (0x82a7e4cf), little-endian',
    ).toBe('cfe4a782');
    expect([...Block.decode(block).entries()].length, 'and it reads back').toBe(3);
  });

  test.prop([fc.integer({ min: 128, max: 20_000 })])(
    'lengths of 128 and more are varints of several bytes',
    (length) => {
      const long = new Uint8Array(length).fill(0x78);
      const builder = new BlockBuilder();
      builder.add(bytes('k'), long);
      const raw = parseRaw(builder.finish());
      expect(
        raw.entries[0]?.value.length,
        'a value of 128 bytes or more must round-trip through a multi-byte varint',
      ).toBe(long.length);
    },
  );
});
