// Catches: pop does not move the last item into the root when one item is left
//
// A reference review test (see cli/review-examples.ts): a heap pops its items in order, each
// exactly once.
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { BinaryHeap } from '@ferris/09-merge-iterator/heap.ts';

test.prop([fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 30 })])(
  'popping a heap until it is empty gives its items sorted',
  (items) => {
    const heap = new BinaryHeap<number>((a, b) => a - b);
    for (const item of items) heap.push(item);
    const popped: number[] = [];
    for (let item = heap.pop(); item !== undefined; item = heap.pop()) popped.push(item);
    expect(popped, 'every item once, smallest first').toEqual([...items].sort((a, b) => a - b));
  },
);
