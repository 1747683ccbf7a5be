/**
 * Lesson 18, the event queue, checked against a model: a list sorted by (time, push order).
 *
 * - "pops in (time, push order) ...": a heap that breaks ties between equal times by anything
 *   but the push order (time only, newest first, an unordered Set), a sift-down that looks at
 *   one child only, a sift-up with the wrong parent index, a pop that forgets to move the last
 *   event to the top, sequence numbers that repeat or go down;
 * - "peek shows ...": a peek that returns the last pushed event, or removes it;
 * - the example names the empty queue.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { EventQueue } from '@ferris/18-simulator/event-queue.ts';

/** Commands: push an event at a time (few distinct times, so many ties), or pop one. */
const commands = fc.array(
  fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 6 }) },
    { weight: 2, arbitrary: fc.constant('pop' as const) },
  ),
  {
    minLength: 1,
    maxLength: 200,
    size: 'max',
  },
);

describe('the event queue', () => {
  test.prop([commands])('pops in (time, push order) order, whatever the pushes and pops between', (list) => {
    const queue = new EventQueue<number>();
    const model: Array<{ time: number; id: number }> = [];
    let id = 0;
    for (const command of list) {
      if (command === 'pop') {
        model.sort((a, b) => a.time - b.time || a.id - b.id);
        const expected = model.shift();
        const popped = queue.pop();
        expect(popped?.item, 'pop must return the earliest event; among equal times, the one pushed first').toBe(
          expected?.id,
        );
        expect(popped?.time, 'pop must return the event with its own time').toBe(expected?.time);
      } else {
        const event = queue.push(command, id);
        expect(event.item, 'push returns the event it queued').toBe(id);
        model.push({ time: command, id: id++ });
      }
      expect(queue.size, 'size counts the events still queued').toBe(model.length);
    }
    model.sort((a, b) => a.time - b.time || a.id - b.id);
    const rest: number[] = [];
    for (let e = queue.pop(); e !== undefined; e = queue.pop()) rest.push(e.item);
    expect(rest, 'draining the queue must give the remaining events in (time, push order) order').toEqual(
      model.map((m) => m.id),
    );
  });

  test.prop([fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 300 })])(
    'sequence numbers increase with every push, and peek shows the next event without removing it',
    (times) => {
      const queue = new EventQueue<string>();
      let lastSeq = -1;
      for (const time of times) {
        const event = queue.push(time, `at ${time}`);
        expect(event.seq, 'each push gets a larger sequence number than the one before').toBeGreaterThan(lastSeq);
        lastSeq = event.seq;
      }
      const sorted = [...times].sort((a, b) => a - b);
      for (const time of sorted) {
        const peeked = queue.peek();
        expect(peeked?.time, 'peek must show the earliest time').toBe(time);
        expect(queue.pop(), 'pop must return what peek showed').toBe(peeked);
      }
      expect(queue.size, 'every event was popped').toBe(0);
    },
  );

  it('an empty queue pops and peeks undefined', () => {
    const queue = new EventQueue<number>();
    expect(queue.pop(), 'pop of an empty queue is undefined').toBeUndefined();
    queue.push(5, 1);
    queue.pop();
    expect(queue.peek(), 'peek after the last pop is undefined').toBeUndefined();
    expect(queue.pop(), 'pop after the last pop is undefined').toBeUndefined();
  });
});
