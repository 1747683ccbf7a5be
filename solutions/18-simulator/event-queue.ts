/**
 * Lesson 18: the simulator's event queue, a binary min-heap ordered by (time, sequence).
 *
 * Every event gets a sequence number when it is pushed, one more than the last. Two events at
 * the same virtual time leave the queue in the order they were pushed, so a run never depends on
 * how the heap happens to arrange equal keys: that is what makes the order reproducible.
 */

/** One scheduled event: when it fires, its sequence number, and what it carries. */
export interface QueuedEvent<T> {
  /** Virtual time in microseconds. */
  readonly time: number;
  /** The push order: unique, increasing. Breaks ties between equal times. */
  readonly seq: number;
  readonly item: T;
}

/** True when `a` must leave the queue before `b`: earlier time, or same time and pushed first. */
export function before<T>(a: QueuedEvent<T>, b: QueuedEvent<T>): boolean {
  return a.time < b.time || (a.time === b.time && a.seq < b.seq);
}

/** A min-heap of events: `pop()` returns the earliest time, ties in push order. */
export class EventQueue<T> {
  /** The heap: the parent of index i is at (i - 1) >> 1, its children at 2i + 1 and 2i + 2. */
  private readonly heap: QueuedEvent<T>[] = [];
  private nextSeq = 0;

  /** How many events are waiting. */
  get size(): number {
    return this.heap.length;
  }

  /** The earliest event without removing it, or undefined when the queue is empty. */
  peek(): QueuedEvent<T> | undefined {
    return this.heap[0];
  }

  /** Adds an event at `time` and returns it (with its new sequence number). */
  push(time: number, item: T): QueuedEvent<T> {
    const event: QueuedEvent<T> = { time, seq: this.nextSeq++, item };
    this.heap.push(event);
    this.siftUp(this.heap.length - 1);
    return event;
  }

  /** Removes and returns the earliest event, or undefined when the queue is empty. */
  pop(): QueuedEvent<T> | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (top === undefined || last === undefined) return undefined;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
    return top;
  }

  /** Moves the event at `index` up while it must leave before its parent. */
  private siftUp(index: number): void {
    const heap = this.heap;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  /** Moves the event at `index` down while one of its children must leave before it. */
  private siftDown(index: number): void {
    const heap = this.heap;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let first = i;
      if (left < heap.length && before(heap[left]!, heap[first]!)) first = left;
      if (right < heap.length && before(heap[right]!, heap[first]!)) first = right;
      if (first === i) return;
      [heap[i], heap[first]] = [heap[first]!, heap[i]!];
      i = first;
    }
  }
}
