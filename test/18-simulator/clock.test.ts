/**
 * Lesson 18, the virtual clock.
 *
 * - "moves forward to any later time ...": a clock that does not move, or moves by the
 *   difference instead of to the time;
 * - "refuses to move back ...": a clock that can move back (silently accepts an earlier time),
 *   or that refuses to stay at the same time (two events may share a time);
 * - the example: a time that is not a whole number of microseconds is refused.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { TimeWentBackwards, VirtualClock } from '@ferris/18-simulator/clock.ts';
import { errorOf } from './helpers.ts';

describe('the virtual clock', () => {
  test.prop([fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 40 })])(
    'moves forward to any later (or the same) time and refuses to move back, staying where it was',
    (times) => {
      const clock = new VirtualClock();
      expect(clock.now, 'the clock starts at 0').toBe(0);
      for (const time of times) {
        const before = clock.now;
        if (time >= before) {
          clock.advanceTo(time);
          expect(clock.now, `advanceTo(${time}) from ${before} must move the clock to ${time}`).toBe(time);
        } else {
          expect(
            errorOf(() => clock.advanceTo(time)),
            `advanceTo(${time}) from ${before} goes back in time`,
          ).toBeInstanceOf(TimeWentBackwards);
          expect(clock.now, 'a refused move leaves the clock where it was').toBe(before);
        }
      }
    },
  );

  it('refuses a time that is not a whole number of microseconds', () => {
    const clock = new VirtualClock();
    expect(
      errorOf(() => clock.advanceTo(1.5)),
      'virtual time is whole microseconds',
    ).toBeInstanceOf(RangeError);
    expect(
      errorOf(() => clock.advanceTo(Number.NaN)),
      'NaN is not a time',
    ).toBeInstanceOf(RangeError);
    expect(clock.now, 'a refused move leaves the clock at 0').toBe(0);
  });
});
