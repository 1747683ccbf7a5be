// A file system that holds a chosen step until the test lets it go: background work stopped in
// the middle, so a test can read (or crash) while it waits.
import type { FileSystem } from '@support/fs.ts';
import { SteppingFileSystem, type FsCall, type SteppingOptions } from './stepping-fs.ts';

/**
 * Forwards to another file system. Nothing is counted until `pauseAt(n)`; from then on the n-th
 * step (from 0) waits until `release()` (or `movePause`), and `reached` resolves when it starts
 * waiting. Which calls are steps is set by the options (by default, reads of open files are not,
 * so reads can run while a flush is paused).
 */
export class PausingFileSystem extends SteppingFileSystem {
  private count = -1;
  private target = -1;
  private releaseGate: () => void = () => {};
  private reachedGate: () => void = () => {};
  reached: Promise<void> = Promise.resolve();
  paused = false;
  /** The path of each step since the last pauseAt. */
  readonly paths: string[] = [];

  constructor(inner: FileSystem, options: SteppingOptions = {}) {
    super(inner, undefined, options);
  }

  pauseAt(n: number): void {
    this.count = 0;
    this.target = n;
    this.paths.length = 0;
    this.paused = false;
    this.reached = new Promise((resolve) => (this.reachedGate = resolve));
  }
  release(): void {
    this.target = -1;
    this.releaseGate();
  }
  /**
   * While paused at step p: moves the pause to step `n` (counted from the same pauseAt) and lets
   * the paused step go on; if `n` is p, stays paused. A negative `n` never pauses again.
   */
  movePause(n: number): void {
    if (this.paused && n === this.count - 1) return;
    this.target = n;
    this.paused = false;
    this.reached = new Promise((resolve) => (this.reachedGate = resolve));
    this.releaseGate();
  }
  /** How many steps were made since the last pauseAt. */
  get calls(): number {
    return this.count;
  }

  protected override onStep(call: FsCall): void | Promise<void> {
    if (this.count < 0) return;
    this.paths.push(call.path);
    if (this.count++ !== this.target) return;
    this.paused = true;
    const gate = new Promise<void>((resolve) => (this.releaseGate = resolve));
    this.reachedGate();
    return gate;
  }
}

/**
 * A hook (for SteppingFileSystem) that holds the next call `arm(which)` picks until `release()`;
 * `reached` resolves once that call is held. One gate may serve several wrapped file systems.
 */
export class PauseGate {
  private which: ((call: FsCall) => boolean) | null = null;
  private gate: (() => void) | undefined;
  private signal: () => void = () => {};
  reached: Promise<void> = new Promise(() => {});

  arm(which: (call: FsCall) => boolean): void {
    this.which = which;
    this.reached = new Promise((resolve) => (this.signal = resolve));
  }
  release(): void {
    this.gate?.();
    this.gate = undefined;
  }
  readonly hook = (call: FsCall): void | Promise<void> => {
    if (!this.which?.(call)) return;
    this.which = null;
    return new Promise<void>((resolve) => {
      this.gate = resolve;
      this.signal();
    });
  };
}
