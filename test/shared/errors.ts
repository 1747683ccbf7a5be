// Expecting a typed error: the error itself is returned, so the test can check what it says.
// Any other error (a starter's NotImplemented, a RangeError from a read outside a file) is
// thrown again as it is; no error at all fails the test with `what`.
import { expect } from 'vitest';

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

/** The error of class `type` that `run` throws. */
export function thrown<E extends Error>(type: ErrorClass<E>, run: () => unknown, what: string): E {
  try {
    run();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  return expect.fail(`${what}, but no ${type.name} was thrown`);
}

/** The error of class `type` that `run` rejects with. */
export async function rejected<E extends Error>(
  type: ErrorClass<E>,
  run: () => Promise<unknown>,
  what: string,
): Promise<E> {
  try {
    await run();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  return expect.fail(`${what}, but no ${type.name} was thrown`);
}
