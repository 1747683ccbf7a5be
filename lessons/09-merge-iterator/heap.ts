/**
 * Lesson 09: a binary min-heap, the priority queue at the heart of the k-way merge.
 *
 * The heap is an array read as a complete binary tree: the children of slot i are slots 2i + 1
 * and 2i + 2, its parent is slot floor((i - 1) / 2). The one rule (the heap property) is that no
 * item sorts before its parent, so the smallest item is always in slot 0. Pushing and popping
 * each restore the rule along one path from a leaf to the root: O(log n) comparisons.
 *
 * Your task: peek, push, pop, clear and the two sifts (README, "The task"). The tests check the
 * heap against a sorted list (npm run lesson -- 09).
 */
import { NotImplemented } from '@support/not-implemented.ts';

/** Negative if `a` sorts first, 0 if they are equal, positive if `b` sorts first. */
export type Compare<T> = (a: T, b: T) => number;

/** A binary min-heap: `peek` and `pop` give the item that sorts first under `compare`. */
export class BinaryHeap<T> {
  private readonly items: T[] = [];

  constructor(private readonly compare: Compare<T>) {}

  /** The number of items in the heap. */
  get size(): number {
    return this.items.length;
  }

  /** The item that sorts first, without removing it; undefined if the heap is empty. */
  peek(): T | undefined {
    // TODO: the root, slot 0 (undefined when the heap is empty).
    throw new NotImplemented('09-merge-iterator', 'BinaryHeap.peek()');
  }

  /** Adds an item: at the end of the array, then up past every parent it sorts before. */
  push(item: T): void {
    // TODO: append the item, then sift it up from the last slot.
    throw new NotImplemented('09-merge-iterator', 'BinaryHeap.push()');
  }

  /**
   * Removes and returns the item that sorts first (undefined if empty): the last item takes the
   * root's slot and sinks until neither child sorts before it.
   */
  pop(): T | undefined {
    // TODO: undefined if empty. Otherwise keep the root to return, move the LAST item into
    //       slot 0 (unless it was the root itself) and sift it down.
    throw new NotImplemented('09-merge-iterator', 'BinaryHeap.pop()');
  }

  /** Removes every item. */
  clear(): void {
    // TODO: remove every item.
    throw new NotImplemented('09-merge-iterator', 'BinaryHeap.clear()');
  }

  private siftUp(index: number): void {
    // TODO: while the item sorts before its parent (slot (index - 1) >> 1), move it up.
    throw new NotImplemented('09-merge-iterator', 'BinaryHeap.siftUp()');
  }

  private siftDown(index: number): void {
    // TODO: find the smallest of the item and its children (slots 2i + 1 and 2i + 2, if they
    //       exist); if a child is smaller, swap with it and go on from there; else stop.
    throw new NotImplemented('09-merge-iterator', 'BinaryHeap.siftDown()');
  }
}
