// Catches: rejects a key or value of exactly the limit (>= instead of >)
//
// A reference review test (see cli/review-examples.ts): a limit is inclusive, so the largest
// legal key and value are accepted.
import { expect, it } from 'vitest';
import { MAX_KEY_BYTES, MAX_VALUE_BYTES, putEntry } from '@ferris/01-wal-entry/entry.ts';

it('a key and a value of exactly their limits are accepted', () => {
  const entry = putEntry(0, new Uint8Array(MAX_KEY_BYTES), new Uint8Array(MAX_VALUE_BYTES));
  expect(entry.key.length, 'the key of exactly MAX_KEY_BYTES is kept whole').toBe(MAX_KEY_BYTES);
  expect(entry.value?.length, 'the value of exactly MAX_VALUE_BYTES is kept whole').toBe(MAX_VALUE_BYTES);
});
