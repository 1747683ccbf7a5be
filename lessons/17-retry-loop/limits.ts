/**
 * Lesson 17: FoundationDB's size limits (fdbclient/ClientKnobs.cpp), with its error codes.
 *
 * A limit is the largest size allowed: a key of exactly KEY_SIZE_LIMIT bytes is fine, one byte
 * more is key_too_large. Keys and values are checked when the transaction is given them, so the
 * error points at the call that broke the rule; the transaction's total is checked at commit.
 */
import { FdbError } from '@support/fdb-error.ts';
import { NotImplemented } from '@support/not-implemented.ts';

/** The longest key, in bytes (KEY_SIZE_LIMIT = 1e4). Longer: key_too_large (2102). */
export const KEY_SIZE_LIMIT = 10_000;
/** The longest value, in bytes (VALUE_SIZE_LIMIT = 1e5). Longer: value_too_large (2103). */
export const VALUE_SIZE_LIMIT = 100_000;
/** The largest transaction, in bytes (TRANSACTION_SIZE_LIMIT = 1e7). Larger: transaction_too_large (2101). */
export const TRANSACTION_SIZE_LIMIT = 10_000_000;

/** Throws key_too_large (2102) if `key` is longer than KEY_SIZE_LIMIT. */
export function checkKeySize(key: Uint8Array, where: string): void {
  // TODO: throw new FdbError('key_too_large', ...) when key.length is over KEY_SIZE_LIMIT; exactly the limit is fine. Say where and how long.
  throw new NotImplemented('17-retry-loop', 'checkKeySize()');
}

/** Throws value_too_large (2103) if `value` is longer than VALUE_SIZE_LIMIT. */
export function checkValueSize(value: Uint8Array, where: string): void {
  // TODO: value_too_large (2103) over VALUE_SIZE_LIMIT, as checkKeySize.
  throw new NotImplemented('17-retry-loop', 'checkValueSize()');
}

/** Throws transaction_too_large (2101) if a transaction of `bytes` bytes is over TRANSACTION_SIZE_LIMIT. */
export function checkTransactionSize(bytes: number, where: string): void {
  // TODO: transaction_too_large (2101) when bytes is over TRANSACTION_SIZE_LIMIT.
  throw new NotImplemented('17-retry-loop', 'checkTransactionSize()');
}
