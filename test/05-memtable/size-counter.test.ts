/**
 * Lesson 05, the size counter in one thread (workers.test.ts runs it in several). Each property
 * below targets a bug learners really write:
 *
 * - "the value is the sum of every add ...": add returning the old total instead of the new one
 *   (Atomics.add returns the value BEFORE the add), or losing negative adds.
 * - "two counters over the same buffer share one count": keeping the count in a private field (or
 *   a copy of the buffer) instead of the shared memory, so another thread's counter never sees it.
 * - "counts past 4 GiB exactly": a 32-bit counter (an Int32Array, as most Atomics examples use),
 *   which wraps around at 2 GiB.
 * - the examples: accepting a plain ArrayBuffer (postMessage copies it, so each thread would
 *   count alone) or a buffer too small for the count; accepting fractions.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { SIZE_COUNTER_BYTES, SizeCounter } from '@ferris/05-memtable/size-counter.ts';
import { thrown } from './helpers.ts';

describe('a size counter in one thread', () => {
  test.prop([fc.array(fc.integer({ min: -1_000, max: 1_000_000 }), { maxLength: 50 })])(
    'the value is the sum of every add, and add returns the new total',
    (adds) => {
      const counter = new SizeCounter();
      expect(counter.value, 'a new counter must start at 0').toBe(0);
      let total = 0;
      for (const bytes of adds) {
        total += bytes;
        expect(counter.add(bytes), `add(${bytes}) must return the new total (Atomics.add returns the old one)`).toBe(
          total,
        );
      }
      expect(counter.value, 'the value must be the sum of every add').toBe(total);
    },
  );

  test.prop([fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 10_000 })), { maxLength: 30 })])(
    'two counters over the same buffer share one count',
    (adds) => {
      const first = new SizeCounter();
      const second = new SizeCounter(first.buffer);
      expect(second.buffer, 'the counter must keep the buffer it was given, not a copy').toBe(first.buffer);
      let total = 0;
      for (const [useFirst, bytes] of adds) {
        (useFirst ? first : second).add(bytes);
        total += bytes;
        expect(first.value, 'the first counter does not see an add made through the second').toBe(total);
        expect(second.value, 'the second counter does not see an add made through the first').toBe(total);
      }
    },
  );

  it('counts past 4 GiB exactly (a 32-bit counter wraps around at 2 GiB)', () => {
    const counter = new SizeCounter();
    const two = 2 ** 31;
    expect(counter.add(two), 'after one add of 2 GiB').toBe(two);
    expect(counter.add(two), 'after two adds of 2 GiB').toBe(2 * two);
    expect(counter.add(two), 'after three adds of 2 GiB').toBe(3 * two);
    expect(counter.value, 'a budget for many memtables must count past 4 GiB').toBe(3 * two);
    expect(counter.add(-3 * two), 'giving every byte back must bring the counter to 0').toBe(0);
  });

  it('a counter lives in a SharedArrayBuffer of SIZE_COUNTER_BYTES bytes', () => {
    const counter = new SizeCounter();
    expect(counter.buffer, 'the buffer must be a SharedArrayBuffer, so that threads share it').toBeInstanceOf(
      SharedArrayBuffer,
    );
    expect(counter.buffer.byteLength, 'a new counter needs exactly one 64-bit integer').toBe(SIZE_COUNTER_BYTES);
    const larger = new SharedArrayBuffer(64);
    expect(new SizeCounter(larger).value, 'a counter over a zeroed buffer must read 0').toBe(0);
  });

  it('a plain ArrayBuffer is refused with a TypeError: posting it to a worker would copy it', () => {
    thrown(() => new SizeCounter(new ArrayBuffer(8) as unknown as SharedArrayBuffer), 'a plain ArrayBuffer', TypeError);
  });

  it('a buffer too small for the count is refused with a RangeError', () => {
    thrown(() => new SizeCounter(new SharedArrayBuffer(4)), 'a 4-byte SharedArrayBuffer', RangeError);
  });

  it('add refuses fractions and NaN with a RangeError', () => {
    const counter = new SizeCounter();
    thrown(() => counter.add(1.5), 'add(1.5)', RangeError);
    thrown(() => counter.add(Number.NaN), 'add(NaN)', RangeError);
    expect(counter.value, 'a refused add must not change the count').toBe(0);
  });
});
