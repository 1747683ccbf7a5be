/**
 * Lesson 06, building and reading a block, checked against a model: the sorted array of entries.
 * Each property below targets a bug learners really write:
 *
 * - "a block gives back exactly the entries it was built from" (any keys, three comparators,
 *   restart intervals 1 to 6 and 16):
 *   - the prefix length computed against the wrong previous key, for example a restart point
 *     that does not reset it (the reader starts decoding at a restart with no previous key);
 *   - the restart interval off by one (a restart at the wrong entry is fine for the writer, but
 *     format.test.ts checks where they are);
 *   - the reader's next() running into the restart array and decoding it as entries;
 *   - the checksum computed over a different range by the builder and by the reader;
 *   - the builder or reader ignoring the comparator it was given.
 * - "seek lands on the first key at or after any target": a seek that skips the entry it lands
 *   on (the first key of a restart run), that returns the key before the target, or that
 *   compares with compareBytes instead of the block's comparator.
 * - "a builder refuses a key that does not sort after the last one": an out-of-order key
 *   accepted, an equal key accepted (`<` for `<=`), or a refused key that still changed the block.
 * - "a builder keeps its own copy of the last key": keeping the caller's array, which the caller
 *   may overwrite (the next key is then compared with, and shares a prefix with, the wrong bytes).
 * - "a builder starts afresh after finish()": restarts, the counter or the last key kept from
 *   the previous block.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { compareBytes } from '@ferris/05-memtable/internal-key.ts';
import { Block } from '@ferris/06-block/block.ts';
import { BlockBuilder } from '@ferris/06-block/block-builder.ts';
import { EMPTY_BLOCK_BYTES, KeyOrderError } from '@ferris/06-block/format.ts';
import {
  build,
  bytes,
  hexOf,
  key,
  lowerBound,
  order,
  restartInterval,
  show,
  sorted,
  unsortedEntries,
  value,
  type Entry,
} from './helpers.ts';

describe('round trip', () => {
  test.prop([unsortedEntries(), restartInterval, order])(
    'a block gives back exactly the entries it was built from, in order',
    (unsorted, interval, ord) => {
      const entries = sorted(unsorted, ord.compare);
      const block = Block.decode(build(entries, interval, ord), ord.decode);
      expect(
        show(block.entries()),
        `the entries read back differ from the ${entries.length} written (restart interval ${interval}, ${ord.name})`,
      ).toEqual(show(entries));
    },
  );

  test.prop([fc.array(unsortedEntries(20), { minLength: 2, maxLength: 4 }), restartInterval])(
    'a builder starts afresh after finish(): each block holds only its own entries',
    (batches, interval) => {
      const builder = new BlockBuilder({ restartInterval: interval });
      for (const batch of batches) {
        const entries = sorted(batch, compareBytes);
        for (const [k, v] of entries) builder.add(k, v);
        expect(builder.entryCount, 'entryCount must count the entries of this block only').toBe(entries.length);
        const block = Block.decode(builder.finish());
        expect(show(block.entries()), 'a block built after finish() must hold only the entries added since').toEqual(
          show(entries),
        );
      }
    },
  );

  test.prop([unsortedEntries(), restartInterval])(
    "a builder keeps its own copy of the last key: reusing the caller's buffer does not change the block",
    (unsorted, interval) => {
      const entries = sorted(unsorted, compareBytes);
      const builder = new BlockBuilder({ restartInterval: interval });
      for (const [k, v] of entries) {
        const reused = Uint8Array.from(k);
        builder.add(reused, v);
        reused.fill(0xff);
      }
      expect(
        show(Block.decode(builder.finish()).entries()),
        'the caller overwrote each key after add(); the block must not change',
      ).toEqual(show(entries));
    },
  );

  it('an empty block is the 12-byte trailer alone and has no entries', () => {
    const bytesOfEmpty = new BlockBuilder().finish();
    expect(bytesOfEmpty.length, 'an empty block is one restart (0), the restart count (1) and the checksum').toBe(
      EMPTY_BLOCK_BYTES,
    );
    const block = Block.decode(bytesOfEmpty);
    const it = block.iterator();
    it.seekToFirst();
    expect(it.valid, 'seekToFirst on an empty block must leave the iterator invalid').toBe(false);
    it.seek(new Uint8Array(0));
    expect(it.valid, 'seek on an empty block must leave the iterator invalid').toBe(false);
  });

  it('empty keys and empty values are entries like any other', () => {
    const builder = new BlockBuilder({ restartInterval: 2 });
    const entries: Entry[] = [
      [new Uint8Array(0), new Uint8Array(0)],
      [bytes('a'), new Uint8Array(0)],
      [bytes('ab'), bytes('x')],
    ];
    for (const [k, v] of entries) builder.add(k, v);
    expect(show(Block.decode(builder.finish()).entries()), 'the empty key and empty values must survive').toEqual(
      show(entries),
    );
  });
});

describe('seek', () => {
  /** Targets: keys of the block, keys near them, and keys from anywhere. */
  const targets = (entries: readonly Entry[]) =>
    fc.array(
      fc.oneof(
        key,
        entries.length === 0 ? key : fc.constantFrom(...entries.map(([k]) => k)),
        entries.length === 0
          ? key
          : fc
              .tuple(fc.constantFrom(...entries.map(([k]) => k)), fc.integer({ min: 0, max: 255 }))
              .map(([k, extra]) => Uint8Array.of(...k, extra)),
        entries.length === 0 ? key : fc.constantFrom(...entries.map(([k]) => k.subarray(0, Math.max(0, k.length - 1)))),
      ),
      { minLength: 1, maxLength: 12 },
    );

  test.prop([
    unsortedEntries()
      .chain((unsorted) => fc.tuple(fc.constant(unsorted), restartInterval, order))
      .chain(([unsorted, interval, ord]) => {
        const entries = sorted(unsorted, ord.compare);
        return fc.tuple(fc.constant(entries), fc.constant(interval), fc.constant(ord), targets(entries));
      }),
  ])(
    'seek lands on the first key at or after any target, and iteration goes on from there',
    ([entries, interval, ord, goals]) => {
      const block = Block.decode(build(entries, interval, ord), ord.decode);
      const it = block.iterator();
      for (const target of goals) {
        it.seek(target);
        const at = lowerBound(entries, target, ord.compare);
        if (at === entries.length) {
          expect(it.valid, `seek(${hexOf(target)}) must be invalid: every key sorts before it (${ord.name})`).toBe(
            false,
          );
          continue;
        }
        expect(it.valid, `seek(${hexOf(target)}) must find ${hexOf(entries[at]![0])}`).toBe(true);
        const rest: Entry[] = [];
        for (; it.valid; it.next()) rest.push([Uint8Array.from(it.key()), Uint8Array.from(it.value())]);
        expect(
          show(rest),
          `seek(${hexOf(target)}) then next() to the end must give entries ${at} to ${entries.length - 1} (restart interval ${interval}, ${ord.name})`,
        ).toEqual(show(entries.slice(at)));
      }
    },
  );

  it('seek finds the first key of every restart run, by its exact key', () => {
    const entries: Entry[] = ['apple', 'apricot', 'banana', 'blueberry', 'cherry', 'cranberry', 'date'].map((k, i) => [
      bytes(k),
      Uint8Array.of(i),
    ]);
    const builder = new BlockBuilder({ restartInterval: 2 });
    for (const [k, v] of entries) builder.add(k, v);
    const it = Block.decode(builder.finish()).iterator();
    for (const [k, v] of entries) {
      it.seek(k);
      expect(
        it.valid && new TextDecoder().decode(it.key()),
        `seek("${new TextDecoder().decode(k)}") must land on that key`,
      ).toBe(new TextDecoder().decode(k));
      expect(it.value(), 'the value of the key seek landed on').toEqual(v);
    }
    it.seek(bytes('a'));
    expect(it.valid && new TextDecoder().decode(it.key()), 'seek("a") must land on the very first key, "apple"').toBe(
      'apple',
    );
    it.seek(bytes('dates'));
    expect(it.valid, 'seek("dates") is past every key: invalid').toBe(false);
  });
});

describe('key order', () => {
  test.prop([unsortedEntries().filter((e) => e.length > 0), key, value, restartInterval, order])(
    'a builder refuses a key that does not sort after the last one, and the block is as if it was never offered',
    (unsorted, extra, v, interval, ord) => {
      const entries = sorted(unsorted, ord.compare);
      const last = entries[entries.length - 1]![0];
      // Either the last key again, or a key that sorts before it.
      const bad = ord.compare(extra, last) <= 0 ? extra : last;
      const builder = new BlockBuilder({ restartInterval: interval, compare: ord.option });
      for (const [k, vv] of entries) builder.add(k, vv);
      let refused: unknown;
      try {
        builder.add(bad, v);
      } catch (error) {
        refused = error;
      }
      if (refused !== undefined && !(refused instanceof KeyOrderError)) throw refused;
      expect(
        refused,
        `adding ${hexOf(bad)} after ${hexOf(last)} must throw KeyOrderError (${ord.name})`,
      ).toBeInstanceOf(KeyOrderError);
      const error = refused as KeyOrderError;
      expect(error.key, 'KeyOrderError.key must be the refused key').toEqual(bad);
      expect(error.previous, 'KeyOrderError.previous must be the last key accepted').toEqual(last);
      expect(error.index, 'KeyOrderError.index must be the number of entries accepted before it').toBe(entries.length);
      expect(
        show(Block.decode(builder.finish(), ord.decode).entries()),
        'a refused key must not change the block',
      ).toEqual(show(entries));
    },
  );

  it('KeyOrderError says which keys and what to do', () => {
    const builder = new BlockBuilder();
    builder.add(bytes('b'), bytes('1'));
    let message = '';
    try {
      builder.add(bytes('a'), bytes('2'));
    } catch (error) {
      if (!(error instanceof KeyOrderError)) throw error;
      message = error.message;
    }
    expect(message, 'adding "a" after "b" must throw KeyOrderError').toMatch(/increasing order/);
    expect(message, 'the message names the refused key in hex').toContain('61');
    expect(message, 'the message names the previous key in hex').toContain('62');
  });
});

describe('options', () => {
  it('restart intervals 1 and 1024 work, and 0, 1.5 and 1025 are refused with a RangeError', () => {
    for (const interval of [1, 1024]) {
      const builder = new BlockBuilder({ restartInterval: interval });
      builder.add(bytes('a'), bytes('1'));
      builder.add(bytes('b'), bytes('2'));
      expect(show(Block.decode(builder.finish()).entries()), `restart interval ${interval} must work`).toHaveLength(2);
    }
    for (const interval of [0, 1.5, 1025]) {
      expect(
        () => new BlockBuilder({ restartInterval: interval }),
        `restart interval ${interval} must be refused`,
      ).toThrow(RangeError);
    }
  });
});
