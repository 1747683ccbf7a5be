/**
 * Lesson 09, the binary heap. Each property below targets a bug learners really write:
 *
 * - "behaves like a sorted list under any sequence of push, pop and peek" (model-based): sift-
 *   down comparing the right child with the parent instead of with the smaller of the two, sift-
 *   down looking at one child only, sift-up with the wrong parent slot (i >> 1 instead of
 *   (i - 1) >> 1), a pop that forgets to move the last item into the root when one item is
 *   left, a size that is not kept.
 * - "pops any list of items in sorted order" (heap sort): the same bugs, on long inputs where a
 *   misplaced item is sure to surface.
 * - "an empty heap peeks and pops undefined": a pop or peek that throws, or returns a stale item.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { BinaryHeap } from '@ferris/09-merge-iterator/heap.ts';

type Real = { heap: BinaryHeap<number> };
type Model = { sorted: number[] };

const byNumber = (a: number, b: number): number => a - b;

class PushCommand implements fc.Command<Model, Real> {
  constructor(readonly item: number) {}
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    real.heap.push(this.item);
    model.sorted.push(this.item);
    model.sorted.sort(byNumber);
    expect(real.heap.size, 'size must count every item pushed and not yet popped').toBe(model.sorted.length);
    expect(real.heap.peek(), 'after a push, peek must give the smallest item in the heap').toBe(model.sorted[0]);
  }
  toString(): string {
    return `push(${this.item})`;
  }
}

class PopCommand implements fc.Command<Model, Real> {
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    const expected = model.sorted.shift();
    expect(
      real.heap.pop(),
      'pop must remove and return the smallest item (is sift-down choosing the smaller child?)',
    ).toBe(expected);
    expect(real.heap.size, 'size must go down by one on each pop of a non-empty heap').toBe(model.sorted.length);
    expect(real.heap.peek(), 'after a pop, peek must give the smallest item left').toBe(model.sorted[0]);
  }
  toString(): string {
    return 'pop()';
  }
}

class DrainCommand implements fc.Command<Model, Real> {
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    const popped: number[] = [];
    while (real.heap.size > 0) popped.push(real.heap.pop()!);
    expect(popped, 'popping everything must give every item, smallest first').toEqual(model.sorted);
    model.sorted = [];
  }
  toString(): string {
    return 'popAll()';
  }
}

const item = fc.integer({ min: 0, max: 30 });
const commands = [
  item.map((n) => new PushCommand(n)),
  item.map((n) => new PushCommand(n)),
  item.map((n) => new PushCommand(n)),
  fc.constant(new PopCommand()),
  fc.constant(new PopCommand()),
  fc.constant(new DrainCommand()),
];

describe('the binary heap', () => {
  test.prop([fc.commands(commands, { maxCommands: 120 })])(
    'behaves like a sorted list under any sequence of push, pop and peek',
    (cmds) => {
      fc.modelRun(
        () => ({ model: { sorted: [] }, real: { heap: new BinaryHeap<number>(byNumber) } }),
        [...cmds, new DrainCommand()],
      );
    },
  );

  test.prop([fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 300 })])(
    'pops any list of items in sorted order (heap sort)',
    (items) => {
      const heap = new BinaryHeap<number>(byNumber);
      for (const n of items) heap.push(n);
      const popped: number[] = [];
      for (let n = heap.pop(); n !== undefined; n = heap.pop()) popped.push(n);
      expect(popped, 'the items came out of order or some went missing').toEqual([...items].sort(byNumber));
    },
  );

  test.prop([fc.array(fc.string({ maxLength: 3 }), { maxLength: 60 })])(
    "orders by the comparator it was given, not by JavaScript's < (here: longest string first)",
    (items) => {
      const longestFirst = (a: string, b: string): number => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0);
      const heap = new BinaryHeap<string>(longestFirst);
      for (const s of items) heap.push(s);
      const popped: string[] = [];
      while (heap.size > 0) popped.push(heap.pop()!);
      expect(popped, 'the heap must use its comparator for every comparison').toEqual([...items].sort(longestFirst));
    },
  );

  it('an empty heap peeks and pops undefined, and pushes work again after it was emptied', () => {
    const heap = new BinaryHeap<number>(byNumber);
    expect(heap.pop(), 'pop on an empty heap returns undefined').toBeUndefined();
    expect(heap.peek(), 'peek on an empty heap returns undefined').toBeUndefined();
    heap.push(2);
    heap.push(1);
    expect(heap.pop(), 'the smaller of 2 and 1').toBe(1);
    expect(heap.pop(), 'the last item').toBe(2);
    expect(heap.pop(), 'pop after the heap was emptied returns undefined').toBeUndefined();
    heap.push(5);
    heap.clear();
    expect(heap.size, 'clear() empties the heap').toBe(0);
    expect(heap.peek(), 'nothing is left after clear()').toBeUndefined();
  });
});
