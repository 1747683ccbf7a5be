// Catches: a pop forgets the versions of every tag, not only the popping one
//
// A reference review test (see cli/review-examples.ts): a pop is one storage server's word
// about its own engine, so the other tags keep the version.
import { expect, it } from 'vitest';
import { TagIndex } from '@ferris/21-transaction-logs/tag-index.ts';

it('a pop of one tag leaves the other tags their versions', () => {
  const index = new TagIndex([1, 2]);
  const op = { kind: 'set', key: new Uint8Array([1]), value: new Uint8Array([2]) } as const;
  index.add({
    version: 5,
    prevVersion: 0,
    messages: [
      { tag: 1, ops: [op] },
      { tag: 2, ops: [op] },
    ],
  });
  index.pop(1, 5);
  expect(
    index.peek(2, 0, 6).map((entry) => entry.version),
    'tag 2 has not popped version 5, so it must still get it',
  ).toEqual([5]);
});
