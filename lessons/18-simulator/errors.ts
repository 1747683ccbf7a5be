/**
 * Lesson 18, given: how a simulation run fails, in words that lead to the replay.
 */
import { formatTime } from './clock.ts';

/** A task threw: the run stops, and this says which task, when, and with which seed. */
export class SimulationFailed extends Error {
  override readonly name = 'SimulationFailed';
  constructor(
    readonly seed: number,
    /** Virtual time of the failure, in microseconds. */
    readonly time: number,
    /** The task (or event) that failed. */
    readonly task: string,
    readonly error: unknown,
  ) {
    const why = (error instanceof Error ? `${error.name}: ${error.message}` : String(error)).replace(/\.$/, '');
    super(
      `Task "${task}" failed at virtual time ${formatTime(time)} in the simulation with seed ${seed}: ${why}. ` +
        `The same seed replays exactly this run.`,
      { cause: error },
    );
  }
}

/** A simulator call that only a running task may make was made from somewhere else. */
export class NotInTask extends Error {
  override readonly name = 'NotInTask';
  constructor(readonly call: string) {
    super(
      `${call} was called when no simulated task was running: from outside the simulation, from an ` +
        'event action, or by a task that is already waiting for something else. A task waits for one ' +
        'thing at a time; to wait for two, spawn a task for each.',
    );
  }
}

/** A task kept running without ever waiting on the simulator: it awaits something else. */
export class TaskStuck extends Error {
  override readonly name = 'TaskStuck';
  constructor(
    readonly task: string,
    readonly turns: number,
  ) {
    super(
      `Task "${task}" ran for ${turns} microtask turns without waiting on the simulator. It is ` +
        'probably awaiting a promise the simulator does not know about (a real timer, real I/O, a ' +
        'promise another task resolves by hand). Wait only through the simulator: sleep, messages, the simulated disk.',
    );
  }
}
