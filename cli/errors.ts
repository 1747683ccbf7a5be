/** Bad input to the course command: printed as a message (no stack trace), exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
