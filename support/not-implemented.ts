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

/**
 * Whether `error` is a starter's "yours to write" error. Given code that wraps the errors of the
 * learner's code (a commit path that turns failures into commit_unknown_result, say) passes this
 * one through unwrapped, so the learner, and the course check, see which step is still to write.
 */
export function isStarterStub(error: unknown): error is Error {
  return error instanceof Error && error.name === 'NotImplemented';
}
