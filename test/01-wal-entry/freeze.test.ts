/**
 * Lesson 01: a delete is frozen like a put. The README promises that no field of any entry can be
 * reassigned; entry.test.ts checks it for puts. This file catches:
 *
 * - "a delete entry cannot be reassigned": `deleteEntry` returning a plain object literal (only
 *   `putEntry` calls Object.freeze), so a caller could turn a tombstone into something else.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { deleteEntry, MAX_SEQUENCE } from '@ferris/01-wal-entry/entry.ts';

const sequence = fc.oneof(fc.nat(), fc.constant(0), fc.constant(MAX_SEQUENCE));
const key = fc.uint8Array({ maxLength: 64 });

test.prop([sequence, key])('a delete entry object is frozen and cannot be reassigned', (seq, k) => {
  const entry = deleteEntry(seq, k) as { sequence: number; value: Uint8Array | null };
  expect(Object.isFrozen(entry), 'freeze the delete entry too (Object.freeze), like a put').toBe(true);
  expect(() => {
    entry.value = new Uint8Array(1);
  }, 'assigning to a field of a delete entry must throw a TypeError').toThrow(TypeError);
  expect(entry.value, 'a delete keeps value null even after an attempted assignment').toBeNull();
});
