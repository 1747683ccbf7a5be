/**
 * Lesson 15: `strinc`, the first key after every key that starts with a prefix.
 *
 * Every key that starts with `prefix` sorts before `strinc(prefix)`, and every key at or after
 * `prefix` that does not start with it sorts at or after it: so `[prefix, strinc(prefix))` is
 * exactly the keys with that prefix. FoundationDB's rule: drop the trailing 0xff bytes (no byte
 * can follow 0xff), then add one to the last byte that is left.
 */
import { StrincError } from './errors.ts';

const MAX_BYTE = 0xff;

/** The first key after every key that starts with `key`, in a new array. Throws `StrincError` if `key` is empty or all 0xff. */
export function strinc(key: Uint8Array): Uint8Array {
  let end = key.length;
  while (end > 0 && key[end - 1] === MAX_BYTE) end--;
  if (end === 0) throw new StrincError(key);
  const next = key.slice(0, end);
  next[end - 1]! += 1;
  return next;
}
