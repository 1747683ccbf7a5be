/**
 * Lesson 18: the virtual clock. Simulated time is a whole number of microseconds that only the
 * scheduler moves, and only forward: it jumps straight to the next event, so an hour of
 * simulated quiet costs nothing.
 */
import { NotImplemented } from '@support/not-implemented.ts';

/** Microseconds in a millisecond and in a second, for readable delays: `sleep(5 * MS)`. */
export const MS = 1_000;
export const SECOND = 1_000_000;

/** Someone asked the clock to go back in time. A correct scheduler never does. */
export class TimeWentBackwards extends Error {
  override readonly name = 'TimeWentBackwards';
  constructor(
    readonly now: number,
    readonly requested: number,
  ) {
    super(
      `The virtual clock is at ${now} µs and was asked to move to ${requested} µs. Time in a ` +
        'simulation only moves forward: the scheduler must take events in (time, sequence) order.',
    );
  }
}

/** Formats microseconds as seconds with six decimals, for messages: "1.250000 s". */
export function formatTime(micros: number): string {
  return `${(micros / SECOND).toFixed(6)} s`;
}

/** The simulation's clock: starts at 0 and moves only through `advanceTo`. */
export class VirtualClock {
  private current = 0;

  /** The virtual time now, in microseconds. */
  get now(): number {
    return this.current;
  }

  /**
   * Moves the clock to `time` (microseconds, a whole number). Staying at the same time is fine;
   * an earlier time throws `TimeWentBackwards`, and a time that is not a whole number a RangeError.
   */
  advanceTo(time: number): void {
    // TODO: refuse a time that is not a safe integer (RangeError), refuse an earlier time than
    // now (TimeWentBackwards), then move the clock.
    throw new NotImplemented('18-simulator', 'VirtualClock.advanceTo()');
  }
}
