// A simulated machine that loses power in place of step N (see stepping-fs.ts for what a step is).
import type { CrashReport, SimulatedFileSystem } from '@support/sim-fs.ts';
import { describeCall, SteppingFileSystem, type FsCall, type SteppingOptions } from './stepping-fs.ts';

/** Thrown in place of the call a crash interrupted, and of every call after it. */
export class SimulatedCrash extends Error {
  override readonly name = 'SimulatedCrash';
}

/**
 * Forwards to a SimulatedFileSystem and counts the steps. Step number `crashAt` (from 0) does not
 * happen: the machine crashes instead (`sim.crash()`), and every later call throws
 * SimulatedCrash too, so the dead process never touches the disk again, even from background
 * work still under way.
 */
export class CrashingFileSystem extends SteppingFileSystem {
  /** The steps done before the crash, in words. */
  readonly log: string[] = [];
  /** What the crash did to each file; null until the machine crashes. */
  report: CrashReport | null = null;
  /** The step the crash replaced, in words ("at the end" for `crashNow()`); null until then. */
  crashedIn: string | null = null;

  constructor(
    readonly sim: SimulatedFileSystem,
    /** The step to crash in place of; Infinity (the default) crashes only on `crashNow()`. */
    public crashAt: number = Infinity,
    options: SteppingOptions = {},
  ) {
    super(sim, undefined, options);
  }

  get crashed(): boolean {
    return this.report !== null;
  }

  /** Crashes the machine now, between steps (at the end of a workload, say). Returns what the crash did. */
  crashNow(): CrashReport {
    if (!this.report) {
      this.crashedIn = `at the end, after file-system step ${this.steps - 1}`;
      this.report = this.sim.crash();
    }
    return this.report;
  }

  protected override onStep(call: FsCall, step: number): void {
    const what = describeCall(call);
    if (this.crashed)
      throw new SimulatedCrash(`the machine is down (it crashed ${this.crashedIn}); ${what} did not happen`);
    if (step === this.crashAt) {
      this.crashedIn = `in place of file-system step ${step}, ${what}`;
      this.report = this.sim.crash();
      throw new SimulatedCrash(`crash in place of step ${step}: ${what}`);
    }
    this.log.push(what);
  }
}
