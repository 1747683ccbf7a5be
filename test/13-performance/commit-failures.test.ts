/**
 * Lesson 13, group commit when a group fails. A failed group must fail exactly the writes that
 * were in it, and the writes still waiting in the queue must go out as the next group, as if
 * nothing had happened; another failure later, after successes or right after the first, is
 * handled the same way. What it catches:
 *
 * - "a failed group fails only its own writes; the queued writes go out in the next group":
 *   rejecting every write still waiting in the queue along with the failed group; stopping the
 *   drain at a failure, so that the writes queued behind it wait forever (or until some later
 *   write happens to start a new drain); a failure that leaves the strategy thinking a group is
 *   still being written.
 */
import { expect } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { WriteBatch } from '@ferris/10-lsm-engine/batch.ts';
import { groupCommit } from '@ferris/13-performance/group-commit.ts';

const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await Promise.resolve();
};

/** Enough microtask turns for every queued group to be written, with room to spare. */
const SETTLE_TICKS = 2000;

test.prop([
  fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.nat(4)), { minLength: 2, maxLength: 25 }),
  fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }),
  fc.array(fc.nat(5), { minLength: 1, maxLength: 6 }),
  fc.integer({ min: 1, max: 5 }),
])(
  'a failed group fails only its own writes; the writes queued behind it go out in the next group',
  async (arrivals, failures, delays, maxGroupOps) => {
    const strategy = groupCommit({ maxGroupOps });
    const ids = new Map<WriteBatch, number>();
    /** Per write: the number of the writeGroup call that held it. */
    const callOf = new Map<number, number>();
    const failedCalls = new Set<number>();
    let calls = 0;
    const writeGroup = async (group: readonly WriteBatch[]) => {
      const call = calls++;
      for (const b of group) {
        const id = ids.get(b)!;
        expect(callOf.has(id), `write ${id} was handed to writeGroup twice (calls ${callOf.get(id)} and ${call})`).toBe(
          false,
        );
        callOf.set(id, call);
      }
      await ticks(delays[call % delays.length]!);
      if (failures[call % failures.length]) {
        failedCalls.add(call);
        throw new Error(`simulated failure of group ${call}`);
      }
    };
    const outcome = new Map<number, 'resolved' | 'rejected'>();
    for (const [id, [size, gap]] of arrivals.entries()) {
      const batch = new WriteBatch();
      for (let i = 0; i < size; i++) batch.put(Uint8Array.of(id), Uint8Array.of(i));
      ids.set(batch, id);
      strategy.submit(batch, writeGroup).then(
        () => void outcome.set(id, 'resolved'),
        () => void outcome.set(id, 'rejected'),
      );
      await ticks(gap);
    }
    await ticks(SETTLE_TICKS);
    const story = `${arrivals.length} writes (sizes ${arrivals.map(([s]) => s).join(', ')}), groups of at most ${maxGroupOps} ops, writeGroup calls failing in the pattern [${failures.join(', ')}]`;
    for (const id of arrivals.keys()) {
      const call = callOf.get(id);
      expect(
        call,
        `${story}: write ${id} was never handed to writeGroup (is the queue drained after a failed group?)`,
      ).not.toBeUndefined();
      const want = failedCalls.has(call!) ? 'rejected' : 'resolved';
      expect(
        outcome.get(id) ?? 'still waiting',
        `${story}: write ${id} was in writeGroup call ${call}, which ${want === 'rejected' ? 'failed' : 'succeeded'}, so the write must be ${want}`,
      ).toBe(want);
    }
  },
);
