/**
 * Lesson 16: the sequencer, which hands out versions. Given code.
 *
 * A version is a position in the commit log. Each commit batch gets a commit version larger
 * than every one before it; a new transaction reads at the committed version, the newest
 * version whose batch is logged, synced and applied. In FoundationDB versions advance with the
 * clock, about a million a second (lesson 20); here they count up by one unless a clock says
 * more time has passed, which is how tests move past the MVCC window without waiting.
 */

/** A version floor from the clock: the sequencer never hands out a version below it. */
export type VersionClock = () => number;

export class Sequencer {
  private lastGiven: number;
  private committed: number;

  constructor(
    /** The newest version already in the log or the store: new versions come after it. */
    lastVersion: number,
    private readonly clock: VersionClock = () => 0,
  ) {
    this.lastGiven = lastVersion;
    this.committed = lastVersion;
  }

  /** The read version for a new transaction: the newest version readers may see. */
  get committedVersion(): number {
    return this.committed;
  }

  /** A commit version for the next batch: one past the last, or the clock's floor if that is later. */
  nextCommitVersion(): number {
    this.lastGiven = Math.max(this.lastGiven + 1, Math.floor(this.clock()));
    return this.lastGiven;
  }

  /** Lets readers see `version`: call it only once the batch is synced and applied. */
  publish(version: number): void {
    if (version <= this.committed || version > this.lastGiven) {
      throw new RangeError(
        `publish(${version}): only a version this sequencer handed out, above the committed version ${this.committed}, can be published.`,
      );
    }
    this.committed = version;
  }
}
