/**
 * Iterations that cannot run away. A linked structure with a bug in its links (a node that points
 * back at an earlier one) iterates forever: spread into an array, that fills the memory and takes
 * the whole test run down with it, with no message. `upTo` stops after `limit` items and fails in
 * words instead.
 */
import { expect } from 'vitest';

/** The items of `items`, failing once there are more than `limit` of them. */
export function upTo<T>(items: Iterable<T>, limit: number, what: string): T[] {
  const out: T[] = [];
  for (const item of items) {
    if (out.length === limit)
      expect.fail(
        `${what} yielded more than ${limit} items, more than there are: its links lead back to a node it visited (a cycle), or past the end.`,
      );
    out.push(item);
  }
  return out;
}
