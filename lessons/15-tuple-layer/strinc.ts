/**
 * Lesson 15: `strinc`, the first key after every key that starts with a prefix.
 *
 * Every key that starts with `prefix` sorts before `strinc(prefix)`, and every key at or after
 * `prefix` that does not start with it sorts at or after it: so `[prefix, strinc(prefix))` is
 * exactly the keys with that prefix. FoundationDB's rule: drop the trailing 0xff bytes (no byte
 * can follow 0xff), then add one to the last byte that is left.
 *
 * Your task: strinc().
 */
import { NotImplemented } from '@support/not-implemented.ts';
import { StrincError } from './errors.ts';

const MAX_BYTE = 0xff;

/** The first key after every key that starts with `key`, in a new array. Throws `StrincError` if `key` is empty or all 0xff. */
export function strinc(key: Uint8Array): Uint8Array {
  // TODO: find the last byte that is not MAX_BYTE; none (or no bytes at all): throw new StrincError(key).
  // TODO: copy the key up to and including that byte (a copy: never change the caller's key) and add one to it.
  throw new NotImplemented('15-tuple-layer', 'strinc()');
}
