/**
 * Thrown by every starter function the learner has not written yet.
 *
 * The course checks that each lesson's tests fail against its starter *because of this error*
 * (and not because of a syntax, type or import error), so starters must throw it from every
 * body the learner writes.
 */
export class NotImplemented extends Error {
  override readonly name = 'NotImplemented';

  constructor(
    /** The lesson folder, for example `01-wal-entry`. */
    readonly lesson: string,
    /** The function or method still to write, for example `putEntry()`. */
    readonly what: string,
  ) {
    super(
      `${what} in lesson ${lesson} is yours to write. ` +
        `Read lessons/${lesson}/README.md, then replace the TODO with your code ` +
        `(stuck? npm run course -- hint ${lesson.slice(0, 2)}).`,
    );
  }
}
