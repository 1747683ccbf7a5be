/**
 * Lesson 20, given: the errors of this lesson's roles that are not FoundationDB's.
 */

/**
 * A request was sent again so late that the role no longer remembers its answer. The sequencer
 * and the resolver keep their answers for a window of versions so that a resend gets the same
 * answer; a resend older than that means the sender was cut off for longer than the window,
 * and only a recovery (lesson 24) can sort that out.
 */
export class AnswerForgotten extends Error {
  override readonly name = 'AnswerForgotten';
  constructor(
    readonly role: string,
    readonly request: string,
  ) {
    super(
      `The ${role} was asked again for ${request}, which it answered so long ago that it forgot the answer. ` +
        'A sender that is cut off for longer than the window must wait for a recovery (lesson 24), not resend.',
    );
  }
}
