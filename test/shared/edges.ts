// Limits drawn on the edge itself. A rule like "sync once the unsynced bytes reach B" differs from
// its off-by-one (`>` for `>=`) only when a size lands exactly on B, which random limits rarely
// do. So a test measures the sizes its run goes through, and draws the limit on one of them, or a
// byte either side.
import { fc } from '@fast-check/vitest';

/** Which measured size to put the limit on, and how far from it (-1, 0 or +1; 0 most often). */
export interface EdgePick {
  readonly at: number;
  readonly offset: number;
}

export const edgePick: fc.Arbitrary<EdgePick> = fc.record({ at: fc.nat(), offset: fc.constantFrom(-1, 0, 0, 1) });

/** A limit of at least 1 on one of `sizes` (not empty), moved by the pick's offset. */
export function limitOnEdge(sizes: readonly number[], pick: EdgePick): number {
  return Math.max(1, sizes[pick.at % sizes.length]! + pick.offset);
}
