/**
 * Lesson 18: the simulator's event queue, a binary min-heap ordered by (time, sequence).
 *
 * Every event gets a sequence number when it is pushed, one more than the last. Two events at
 * the same virtual time leave the queue in the order they were pushed, so a run never depends on
 * how the heap happens to arrange equal keys: that is what makes the order reproducible.
 */
import { NotImplemented } from '@support/not-implemented.ts';

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
    // TODO: make the event with the next sequence number (this.nextSeq, then add one), put it at
    // the end of the heap array and sift it up. Return the event.
    throw new NotImplemented('18-simulator', 'EventQueue.push()');
  }

  /** Removes and returns the earliest event, or undefined when the queue is empty. */
  pop(): QueuedEvent<T> | undefined {
    // TODO: the earliest event is at index 0. Take it, move the LAST event of the array to index
    // 0 (unless it was the only one) and sift it down. Return undefined when the queue is empty.
    throw new NotImplemented('18-simulator', 'EventQueue.pop()');
  }

  /** Moves the event at `index` up while it must leave before its parent. */
  private siftUp(index: number): void {
    // TODO: while the event is not at the root and must leave before its parent (use before()),
    // swap it with its parent.
    throw new NotImplemented('18-simulator', 'EventQueue.siftUp()');
  }

  /** Moves the event at `index` down while one of its children must leave before it. */
  private siftDown(index: number): void {
    // TODO: find which of the event and its two children (2i + 1, 2i + 2, if they exist) must
    // leave first. If it is a child, swap with that child and go on from there; otherwise stop.
    throw new NotImplemented('18-simulator', 'EventQueue.siftDown()');
  }
}
