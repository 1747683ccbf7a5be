/**
 * Lesson 16 (given): what each commit of a batch is told when the batch fails part way. The
 * commit log or the store failed, so whether the batch reached the disk is unknown:
 * commit_unknown_result (1021), as FoundationDB says when a proxy dies mid-commit. Lesson 17's
 * database uses the same rule.
 */
import { CommitUnknownResult } from '@support/fdb-error.ts';
import { isStarterStub } from '@support/not-implemented.ts';

/** The error every commit of a failed batch is refused with. */
export function batchFailure(error: unknown): Error {
  // A step of the commit path that is not written yet says so itself, unwrapped.
  if (isStarterStub(error)) return error;
  return new CommitUnknownResult(`the commit log or store failed during the batch: ${String(error)}`);
}
