/**
 * Lesson 19, given: errors of the simulated world that are not FoundationDB's.
 * (A request's own failures are FoundationDB's: `BrokenPromise` and `RequestMaybeDelivered`
 * from support/fdb-error.ts.)
 */

/** An address that no process of this world has. */
export class UnknownProcess extends Error {
  override readonly name = 'UnknownProcess';
  constructor(
    readonly address: string,
    known: readonly string[],
  ) {
    super(
      `No simulated process has the address ${address}. Known: ${known.join(', ') || '(none)'}. Add it with world.addProcess() first.`,
    );
  }
}

/** A second process with an address that is taken. */
export class DuplicateAddress extends Error {
  override readonly name = 'DuplicateAddress';
  constructor(readonly address: string) {
    super(`A simulated process already has the address ${address}; every process needs its own.`);
  }
}
