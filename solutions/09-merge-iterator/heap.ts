/**
 * Lesson 09: a binary min-heap, the priority queue at the heart of the k-way merge.
 *
 * The heap is an array read as a complete binary tree: the children of slot i are slots 2i + 1
 * and 2i + 2, its parent is slot floor((i - 1) / 2). The one rule (the heap property) is that no
 * item sorts before its parent, so the smallest item is always in slot 0. Pushing and popping
 * each restore the rule along one path from a leaf to the root: O(log n) comparisons.
 */

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
    return this.items[0];
  }

  /** Adds an item: at the end of the array, then up past every parent it sorts before. */
  push(item: T): void {
    this.items.push(item);
    this.siftUp(this.items.length - 1);
  }

  /**
   * Removes and returns the item that sorts first (undefined if empty): the last item takes the
   * root's slot and sinks until neither child sorts before it.
   */
  pop(): T | undefined {
    const items = this.items;
    if (items.length === 0) return undefined;
    const top = items[0]!;
    const last = items.pop()!;
    if (items.length > 0) {
      items[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Removes every item. */
  clear(): void {
    this.items.length = 0;
  }

  private siftUp(index: number): void {
    const items = this.items;
    const item = items[index]!;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (this.compare(item, items[parent]!) >= 0) break;
      items[index] = items[parent]!;
      index = parent;
    }
    items[index] = item;
  }

  private siftDown(index: number): void {
    const items = this.items;
    const length = items.length;
    for (;;) {
      const left = 2 * index + 1;
      const right = left + 1;
      let smallest = index;
      if (left < length && this.compare(items[left]!, items[smallest]!) < 0) smallest = left;
      if (right < length && this.compare(items[right]!, items[smallest]!) < 0) smallest = right;
      if (smallest === index) return;
      const swap = items[index]!;
      items[index] = items[smallest]!;
      items[smallest] = swap;
      index = smallest;
    }
  }
}
