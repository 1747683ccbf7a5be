/**
 * Lesson 01, the WAL entry. Each property below targets a bug learners really write:
 *
 * - "a put keeps ..." / "a delete ...": a delete that keeps a value (an empty array instead of
 *   null), or a put that loses its value.
 * - "an entry does not change when the caller later changes their buffers": storing the
 *   caller's Uint8Array instead of a copy, for the key or for the value.
 * - "... exactly MAX_KEY_BYTES ... one byte more": an off-by-one at the key limit (>= for >, or
 *   a limit + 1), or checking the key against the value's limit.
 * - the same pair for MAX_VALUE_BYTES.
 * - "sequence numbers that are negative, fractional or unsafe are rejected": a missing check,
 *   a check for NaN only, or no upper bound (2^53 + 1 cannot be told from 2^53).
 * - "isTombstone is true for deletes only": treating an empty value as a delete.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  deleteEntry,
  EntryValidationError,
  isTombstone,
  MAX_KEY_BYTES,
  MAX_SEQUENCE,
  MAX_VALUE_BYTES,
  putEntry,
} from '@ferris/01-wal-entry/entry.ts';

const sequence = fc.oneof(fc.nat(), fc.constant(0), fc.constant(MAX_SEQUENCE));
const key = fc.uint8Array({ maxLength: 64 });
const value = fc.uint8Array({ maxLength: 256 });

/** Runs `make` and returns the EntryValidationError it throws, failing in words if it does not. */
function rejection(make: () => unknown, what: string): EntryValidationError {
  try {
    make();
  } catch (error) {
    if (error instanceof EntryValidationError) return error;
    throw error;
  }
  expect.fail(`${what} was accepted, but it must throw an EntryValidationError`);
}

describe('making entries', () => {
  test.prop([sequence, key, value])('a put keeps its sequence number, key and value', (seq, k, v) => {
    const entry = putEntry(seq, k, v);
    expect(entry.sequence, 'the sequence number changed').toBe(seq);
    expect(entry.key, 'the key bytes changed').toEqual(k);
    expect(entry.value, 'the value bytes changed').toEqual(v);
  });

  test.prop([sequence, key])('a delete keeps its key and has no value at all (null)', (seq, k) => {
    const entry = deleteEntry(seq, k);
    expect(entry.sequence, 'the sequence number changed').toBe(seq);
    expect(entry.key, 'the key bytes changed').toEqual(k);
    expect(entry.value, 'a delete must have value null, not an empty or any other array').toBeNull();
  });

  test.prop([sequence, key, value])(
    'isTombstone is true for deletes only, even when a put has an empty value',
    (seq, k, v) => {
      expect(isTombstone(putEntry(seq, k, v)), 'a put was reported as a delete').toBe(false);
      expect(isTombstone(putEntry(seq, k, new Uint8Array(0))), 'a put of an empty value was reported as a delete').toBe(
        false,
      );
      expect(isTombstone(deleteEntry(seq, k)), 'a delete was not reported as a delete').toBe(true);
    },
  );
});

describe('entries are immutable', () => {
  test.prop([sequence, key.filter((k) => k.length > 0), value.filter((v) => v.length > 0)])(
    'an entry does not change when the caller later changes their key or value buffer',
    (seq, k, v) => {
      const callerKey = Uint8Array.from(k);
      const callerValue = Uint8Array.from(v);
      const put = putEntry(seq, callerKey, callerValue);
      const del = deleteEntry(seq, callerKey);
      callerKey.fill(0xff - (callerKey[0] ?? 0));
      callerValue.fill(0xff - (callerValue[0] ?? 0));
      expect(put.key, "the put's key changed with the caller's buffer: copy the key").toEqual(k);
      expect(put.value, "the put's value changed with the caller's buffer: copy the value").toEqual(v);
      expect(del.key, "the delete's key changed with the caller's buffer: copy the key").toEqual(k);
    },
  );

  test.prop([sequence, key, value])('an entry object cannot be reassigned', (seq, k, v) => {
    const entry = putEntry(seq, k, v) as { sequence: number };
    expect(Object.isFrozen(entry), 'freeze the entry object (Object.freeze)').toBe(true);
    expect(() => {
      entry.sequence = seq + 1;
    }).toThrow(TypeError);
  });
});

describe('limits', () => {
  test.prop([sequence, fc.integer({ min: 0, max: 3 })])(
    'keys of exactly MAX_KEY_BYTES are accepted, and one byte more is rejected naming the key and the limit',
    (seq, below) => {
      const atLimit = new Uint8Array(MAX_KEY_BYTES - below);
      expect(putEntry(seq, atLimit, new Uint8Array(1)).key.length).toBe(atLimit.length);
      expect(deleteEntry(seq, atLimit).key.length).toBe(atLimit.length);
      for (const make of [
        () => putEntry(seq, new Uint8Array(MAX_KEY_BYTES + 1 + below), new Uint8Array(1)),
        () => deleteEntry(seq, new Uint8Array(MAX_KEY_BYTES + 1 + below)),
      ]) {
        const error = rejection(make, `a key of ${MAX_KEY_BYTES + 1 + below} bytes`);
        expect(error.field, 'the error must name the field that is too big').toBe('key');
        expect(error.message, 'the message must state the limit').toContain(String(MAX_KEY_BYTES));
      }
    },
  );

  test.prop([sequence, fc.integer({ min: 0, max: 3 })])(
    'values of exactly MAX_VALUE_BYTES are accepted, and one byte more is rejected naming the value and the limit',
    (seq, below) => {
      const atLimit = new Uint8Array(MAX_VALUE_BYTES - below);
      expect(putEntry(seq, new Uint8Array(1), atLimit).value?.length).toBe(atLimit.length);
      const over = MAX_VALUE_BYTES + 1 + below;
      const error = rejection(() => putEntry(seq, new Uint8Array(1), new Uint8Array(over)), `a value of ${over} bytes`);
      expect(error.field, 'the error must name the field that is too big').toBe('value');
      expect(error.message, 'the message must state the limit').toContain(String(MAX_VALUE_BYTES));
    },
  );

  it('a key one byte over MAX_KEY_BYTES is rejected even though it is under the value limit', () => {
    const error = rejection(
      () => putEntry(1, new Uint8Array(MAX_KEY_BYTES + 1), new Uint8Array(0)),
      `a key of ${MAX_KEY_BYTES + 1} bytes (under the value limit, but over the key limit)`,
    );
    expect(error.field, 'the key must be checked against MAX_KEY_BYTES, not MAX_VALUE_BYTES').toBe('key');
  });

  test.prop([key, value])('empty keys and empty values are allowed', (k, v) => {
    expect(putEntry(0, new Uint8Array(0), v).key.length).toBe(0);
    expect(putEntry(0, k, new Uint8Array(0)).value?.length).toBe(0);
  });
});

describe('sequence numbers', () => {
  const badSequence = fc.oneof(
    fc.integer({ max: -1 }),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Number.isInteger(d)),
    fc.constantFrom(Number.NaN, Infinity, -Infinity, MAX_SEQUENCE + 1, 2 ** 60),
  );

  test.prop([badSequence, key, value])(
    'sequence numbers that are negative, fractional, not finite or past MAX_SEQUENCE are rejected naming the sequence',
    (seq, k, v) => {
      for (const make of [() => putEntry(seq, k, v), () => deleteEntry(seq, k)]) {
        const error = rejection(make, `sequence number ${seq}`);
        expect(error.field, 'the error must name the sequence field').toBe('sequence');
      }
    },
  );

  test.prop([fc.integer({ min: 0, max: MAX_SEQUENCE }), key])(
    'every whole number from 0 to MAX_SEQUENCE is a valid sequence number',
    (seq, k) => {
      expect(deleteEntry(seq, k).sequence).toBe(seq);
    },
  );
});

describe('bad input from JavaScript callers', () => {
  it('a key that is not a Uint8Array is rejected with a typed error, not a crash', () => {
    const error = rejection(() => putEntry(1, 'abc' as unknown as Uint8Array, new Uint8Array(0)), 'a string key');
    expect(error.field).toBe('key');
  });

  it('a put with a missing value is rejected: deletes are made with deleteEntry', () => {
    const error = rejection(() => putEntry(1, new Uint8Array(1), null as unknown as Uint8Array), 'a put of null');
    expect(error.field).toBe('value');
  });
});
