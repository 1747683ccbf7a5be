/**
 * Lesson 16: what a range read really read, as a read conflict range.
 *
 * A read conflict range must cover every key whose change could have changed the answer, and
 * should cover no more: each extra key is a chance of a false conflict. A range read that
 * returned fewer pairs than its limit looked at the whole range. One that stopped at its limit
 * looked only up to the last key it returned: forward, [begin, keyAfter(last)); in reverse,
 * [last, end). A key written beyond that point would not have changed what it returned.
 */
import type { KeyValue } from '@ferris/14-mvcc/mutation.ts';
import { NotImplemented } from '@support/not-implemented.ts';
import { keyAfter, type KeyRange } from './keys.ts';

export interface RangeReadShape {
  /** The most pairs the read returns; 0 means no limit (as in FoundationDB's C API). */
  readonly limit: number;
  readonly reverse: boolean;
}

/** The read conflict range of a range read of `range` that returned `returned` (in its own order). */
export function rangeReadConflict(range: KeyRange, returned: readonly KeyValue[], shape: RangeReadShape): KeyRange {
  // TODO: no limit (0), or fewer pairs than the limit: the read looked at the whole range.
  // TODO: it stopped at its limit: forward, [range.begin, keyAfter(last key returned));
  //   reverse, [last key returned, range.end).
  void keyAfter;
  throw new NotImplemented('16-transactions', 'rangeReadConflict()');
}
