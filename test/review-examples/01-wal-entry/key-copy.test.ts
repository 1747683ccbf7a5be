// Catches: keeps the caller's key buffer instead of copying it
//
// A reference review test (see cli/review-examples.ts): what a learner might write in
// lessons/01-wal-entry/review.test.ts to prove this pull request wrong. It catches any entry
// that shares the key's memory with the caller.
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { putEntry } from '@ferris/01-wal-entry/entry.ts';

test.prop([fc.uint8Array({ minLength: 1, maxLength: 32 }), fc.uint8Array({ maxLength: 32 })])(
  "a put's key does not change when the caller reuses their key buffer",
  (key, value) => {
    const written = Uint8Array.from(key);
    const entry = putEntry(1, key, value);
    key.fill(key[0]! ^ 0xff);
    expect(entry.key, 'the entry must keep the key as it was when it was written').toEqual(written);
  },
);
