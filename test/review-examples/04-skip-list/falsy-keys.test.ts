// Catches: entries(from) tests from for truthiness, so a seek to the key 0 starts at the smallest key
//
// A reference review test (see cli/review-examples.ts): 0 is a key like any other.
import { expect, it } from 'vitest';
import { SkipList } from '@ferris/04-skip-list/skip-list.ts';

it('a seek to the key 0 starts at 0, not at the smallest key', () => {
  const list = new SkipList<number, string>((a, b) => a - b);
  for (const key of [-2, -1, 0, 1, 2]) list.set(key, String(key));
  expect(
    [...list.entries(0)].map(([key]) => key),
    'the keys from 0 on',
  ).toEqual([0, 1, 2]);
});
