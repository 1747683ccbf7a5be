// Catches: equal times leave the queue newest first (the tie-break is reversed)
//
// A reference review test (see cli/review-examples.ts): events at the same time come out in the
// order they were pushed, which keeps a simulation deterministic and fair.
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { EventQueue } from '@ferris/18-simulator/event-queue.ts';

test.prop([fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 2, maxLength: 20 })])(
  'events pop by time, and in push order among equal times',
  (times) => {
    const queue = new EventQueue<number>();
    times.forEach((time, i) => queue.push(time, i));
    const popped: number[] = [];
    for (let e = queue.pop(); e !== undefined; e = queue.pop()) popped.push(e.item);
    const expected = times.map((time, i) => ({ time, i })).sort((a, b) => a.time - b.time || a.i - b.i);
    expect(popped, 'stable by time').toEqual(expected.map((e) => e.i));
  },
);
