/**
 * Lesson 06, damaged blocks. Each property below targets a bug learners really write:
 *
 * - "changing any byte of a block is detected": the checksum not checked at all, checked over
 *   a range that leaves out the restart array or the count, or compared with the wrong byte
 *   order; a reader that decodes first and checks later (or never, for bytes it did not need).
 * - "a block cut short at any length is detected": a too-short block read past its end (JavaScript
 *   does not stop a DataView or a subarray from giving you nonsense quietly).
 * - "a block whose checksum is right but whose lengths are wrong fails with CorruptBlockError":
 *   trusting a length before checking it. A length that points past the entries, a shared prefix
 *   longer than the previous key, a varint cut short, a restart count or restart offset that does
 *   not fit: each must stop with a typed error, not a RangeError, not garbage keys, not a hang.
 *   Such a block only comes from a buggy writer, and a reader must not make it worse.
 */
import { describe, expect, it } from 'vitest';
import { crc32c } from '@ferris/02-serialization/crc32c.ts';
import { fc, test } from '@fast-check/vitest';
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { Block } from '@ferris/06-block/block.ts';
import { CorruptBlockError } from '@ferris/06-block/format.ts';
import {
  assemble,
  build,
  bytes,
  defaultOrder,
  concat,
  corruption,
  rawEntry,
  restartInterval,
  sorted,
  u32le,
  unsortedEntries,
  type Entry,
} from './helpers.ts';

/** Decodes, then reads everything a reader could: a full scan and a seek to every key. */
function readEverything(block: Uint8Array, keys: readonly Uint8Array[]): void {
  const decoded = Block.decode(block);
  const it = decoded.iterator();
  for (it.seekToFirst(); it.valid; it.next()) it.value();
  for (const k of keys) {
    it.seek(k);
    if (it.valid) it.value();
  }
}

describe('damage is detected', () => {
  test.prop([unsortedEntries(30), restartInterval, fc.nat(), fc.integer({ min: 1, max: 255 })])(
    'changing any byte of a block is detected when the block is decoded',
    (unsorted, interval, where, xor) => {
      const block = build(sorted(unsorted, compareBytes), interval, defaultOrder);
      const at = where % block.length;
      const damaged = Uint8Array.from(block);
      damaged[at]! ^= xor;
      const error = corruption(
        () => Block.decode(damaged),
        `byte ${at} of a ${block.length}-byte block was changed (xor ${xor})`,
      );
      expect(error.offset, 'the error names a byte inside the block').toBeLessThan(block.length);
    },
  );

  test.prop([unsortedEntries(30), restartInterval, fc.nat()])(
    'a block cut short at any length is detected when it is decoded',
    (unsorted, interval, where) => {
      const block = build(sorted(unsorted, compareBytes), interval, defaultOrder);
      const length = where % block.length;
      corruption(
        () => Block.decode(block.subarray(0, length)),
        `the block was cut from ${block.length} to ${length} bytes`,
      );
    },
  );
});

/** The test's own encoding of sorted entries: raw entry bytes and restart offsets. */
function encodeRaw(entries: readonly Entry[], interval: number): { body: Uint8Array; restarts: number[] } {
  const parts: Uint8Array[] = [];
  const restarts: number[] = [];
  let length = 0;
  let previous: Uint8Array = new Uint8Array(0);
  entries.forEach(([k, v], i) => {
    let shared = 0;
    if (i % interval === 0) restarts.push(length);
    else while (shared < previous.length && shared < k.length && previous[shared] === k[shared]) shared++;
    const part = rawEntry(shared, k.subarray(shared), v);
    parts.push(part);
    length += part.length;
    previous = k;
  });
  if (restarts.length === 0) restarts.push(0);
  return { body: concat(...parts), restarts };
}

type Lie = (typeof lies)[number];
const lies = [
  'a shared prefix longer than the previous key',
  'a key that runs past the entries',
  'a value that runs past the entries',
  'a varint cut short at the end of the entries',
  'a restart count larger than the block',
  'a restart count of zero',
  'a restart offset past the entries',
  'a first restart that is not 0',
] as const;

function lieAbout(entries: readonly Entry[], interval: number, lie: Lie, amount: number): Uint8Array {
  const { body, restarts } = encodeRaw(entries, interval);
  const lastKey = entries[entries.length - 1]?.[0] ?? new Uint8Array(0);
  switch (lie) {
    case 'a shared prefix longer than the previous key':
      return assemble(
        concat(body, rawEntry(lastKey.length + 1 + (amount % 50), Uint8Array.of(1), new Uint8Array(0))),
        restarts,
      );
    case 'a key that runs past the entries':
      return assemble(
        concat(body, rawEntry(0, Uint8Array.of(0xff), new Uint8Array(0), 2 + (amount % 10_000))),
        restarts,
      );
    case 'a value that runs past the entries':
      return assemble(
        concat(body, rawEntry(0, Uint8Array.of(0xff), Uint8Array.of(7), 1, 2 + (amount % 10_000))),
        restarts,
      );
    case 'a varint cut short at the end of the entries':
      return assemble(concat(body, Uint8Array.of(0x80 | (amount & 0x7f))), restarts);
    case 'a restart count larger than the block':
      return assemble(body, restarts, restarts.length + 1 + (amount % 2 ** 31));
    case 'a restart count of zero':
      return assemble(body, [], 0);
    case 'a restart offset past the entries':
      return assemble(body, [...restarts, body.length + (amount % 100)]);
    case 'a first restart that is not 0':
      return assemble(body, [1 + (amount % Math.max(1, body.length)), ...restarts.slice(1)]);
  }
}

describe('lying lengths behind a good checksum', () => {
  it('blocks of fewer than 12 bytes are too short, even when their last 4 bytes are a correct checksum', () => {
    for (const body of [new Uint8Array(0), Uint8Array.of(1, 0, 0, 0), Uint8Array.of(0, 0, 0, 0, 1, 0, 0)]) {
      const block = concat(body, u32le(crc32c(body)));
      const error = corruption(() => readEverything(block, []), `a ${block.length}-byte block was accepted`);
      expect(error.check, `a ${block.length}-byte block: the failed check`).toBe('too-short');
    }
  });

  it("a restart whose entry claims a shared prefix is refused when a seek's binary search compares it", () => {
    // apple | apricot | restart 1: "shares 1 byte" + "zebra". The binary search compares restart 1
    // first; its key is not all there, so it must not be compared, even though a scan from
    // restart 0 (which has a previous key to share with) would read "azebra".
    const first = concat(rawEntry(0, bytes('apple'), Uint8Array.of(1)), rawEntry(2, bytes('ricot'), Uint8Array.of(2)));
    const block = assemble(concat(first, rawEntry(1, bytes('zebra'), Uint8Array.of(3))), [0, first.length]);
    const it = Block.decode(block).iterator();
    const error = corruption(() => it.seek(bytes('apple')), 'seek("apple") compared a restart key that shares 1 byte');
    expect(error.check, 'the failed check').toBe('entry');
    expect(error.offset, 'the offset of the restart entry').toBe(first.length);
  });

  test.prop([unsortedEntries(20), restartInterval, fc.constantFrom(...lies), fc.nat()])(
    'a block whose checksum is right but whose lengths are wrong fails with CorruptBlockError',
    (unsorted, interval, lie, amount) => {
      const entries = sorted(unsorted, compareBytes);
      const block = lieAbout(entries, interval, lie, amount);
      corruption(
        () =>
          readEverything(
            block,
            entries.map(([k]) => k),
          ),
        `the block has ${lie} (with a correct checksum), and reading all of it was allowed`,
      );
    },
  );

  test.prop([fc.uint8Array({ maxLength: 64 })])(
    'any bytes at all, with a correct checksum, either read as a block or fail with CorruptBlockError',
    (junk) => {
      const block = assemble(junk, [0]);
      try {
        readEverything(block, [new Uint8Array(0), Uint8Array.of(0x80)]);
      } catch (error) {
        if (!(error instanceof CorruptBlockError)) throw error;
      }
    },
  );
});
