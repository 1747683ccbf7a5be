// Catches: entries(from) starts after a key equal to from
//
// A reference review test (see cli/review-examples.ts): a seek starts at the first key at or
// after its target, so a key equal to the target comes first.
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { SkipList } from '@ferris/04-skip-list/skip-list.ts';

test.prop([fc.uniqueArray(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 30 }), fc.nat()])(
  'entries(from) with a key of the list starts at that key',
  (keys, pick) => {
    const list = new SkipList<number, string>((a, b) => a - b);
    for (const key of keys) list.set(key, String(key));
    const from = keys[pick % keys.length]!;
    const first = list.entries(from).next();
    expect(first.done, 'there is at least the key itself').toBe(false);
    expect(first.value?.[0], 'the first key of the seek is the target itself').toBe(from);
  },
);
