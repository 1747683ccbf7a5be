/**
 * Lesson 17: the retry loop. A transaction that did not commit is not a failure yet: most often
 * another transaction got there first, and running the whole function again, on a fresh read
 * version, is the right answer. FoundationDB's `onError` decides which errors deserve that, and
 * how long to wait first (fdbclient/NativeAPI.actor.cpp, Transaction::onError):
 *
 * - not_committed (1020), commit_unknown_result (1021) and the other retryable errors of
 *   support/fdb-error.ts: wait `backoff * random()` (random in [0, 1): jitter, so that clients
 *   that collided do not collide again in step), then double the backoff, up to maxBackoffMs.
 *   The backoff starts at DEFAULT_BACKOFF_MS.
 * - transaction_too_old (1007) and future_version (1009): wait FUTURE_VERSION_RETRY_DELAY_MS
 *   (no jitter, and the backoff does not grow): a newer read version fixes them.
 * - anything else: thrown as it is. The loop stops.
 *
 * Two limits end the loop: the retry limit (after that many retries, the next error is thrown
 * as it is) and the timeout (transaction_timed_out, 1031, once that long has passed since the
 * first attempt began, counting every attempt and every wait). Time and randomness come from a
 * RetryEnv, so tests run the loop on a virtual clock.
 */
// You will want FdbError, isFdbError and isRetryable from '@support/fdb-error.ts'.
import { NotImplemented } from '@support/not-implemented.ts';
import type { RandomSource } from '@support/random.ts';

/** The first backoff: CLIENT_KNOBS->DEFAULT_BACKOFF, 0.01 s. */
export const DEFAULT_BACKOFF_MS = 10;
/** The largest backoff: CLIENT_KNOBS->DEFAULT_MAX_BACKOFF, 1 s. */
export const DEFAULT_MAX_BACKOFF_MS = 1000;
/** How the backoff grows after each wait: CLIENT_KNOBS->BACKOFF_GROWTH_RATE. */
export const BACKOFF_GROWTH_RATE = 2;
/** The wait after transaction_too_old or future_version: CLIENT_KNOBS->FUTURE_VERSION_RETRY_DELAY, 0.01 s. */
export const FUTURE_VERSION_RETRY_DELAY_MS = 10;

/** The world as the retry loop sees it: a clock, a way to wait, and a random source. */
export interface RetryEnv {
  /** Milliseconds on some clock that only moves forward. */
  now(): number;
  /** Resolves after `ms` milliseconds on that clock. */
  sleep(ms: number): Promise<void>;
  /** Numbers in [0, 1), for the jitter. */
  readonly random: RandomSource;
}

export interface RetryOptions {
  /** How many retries at most; the error after the last one is thrown. -1 (the default): no limit. */
  readonly retryLimit?: number;
  /** Give up with transaction_timed_out (1031) this many ms after the first attempt began. 0 (the default): never. */
  readonly timeoutMs?: number;
  /** The largest backoff. Default DEFAULT_MAX_BACKOFF_MS. */
  readonly maxBackoffMs?: number;
}

/** What onError remembers between the attempts of one run. */
export interface RetryState {
  /** When the first attempt began (env.now()). */
  readonly startedAt: number;
  /** The next backoff, before jitter. */
  backoffMs: number;
  /** How many retries so far. */
  retries: number;
}

/** The state of a run starting now. */
export function startRetry(env: RetryEnv): RetryState {
  return { startedAt: env.now(), backoffMs: DEFAULT_BACKOFF_MS, retries: 0 };
}

/** What a transaction needs for run(): commit it. */
export interface Committable {
  commit(): Promise<void>;
}

/**
 * Handles the error of one attempt: resolves after the right wait if the transaction should be
 * run again, or throws (the error itself, or transaction_timed_out) if it should not.
 */
export async function onError(
  error: unknown,
  state: RetryState,
  env: RetryEnv,
  options: RetryOptions = {},
): Promise<void> {
  // TODO: past the timeout (options.timeoutMs > 0, measured from state.startedAt)? throw transaction_timed_out (1031).
  // TODO: not retryable (isRetryable from support/fdb-error.ts)? throw the error itself.
  // TODO: retry limit reached (retryLimit >= 0 and retries >= it)? throw the error itself. Otherwise count the retry.
  // TODO: too_old / future_version: wait min(FUTURE_VERSION_RETRY_DELAY_MS, maxBackoff).
  // TODO: others: wait backoffMs * env.random(), then double backoffMs, capped at maxBackoffMs.
  // TODO: if the wait would reach the timeout, sleep until the timeout and throw transaction_timed_out instead.
  throw new NotImplemented('17-retry-loop', 'onError()');
}

/**
 * Runs `fn` on a new transaction and commits it, again and again while onError says so.
 * Returns what `fn` returned in the attempt that committed.
 */
export async function run<T, Tr extends Committable>(
  createTransaction: () => Tr,
  fn: (tr: Tr) => Promise<T>,
  env: RetryEnv,
  options: RetryOptions = {},
): Promise<T> {
  // TODO: state = startRetry(env); loop: check the timeout, create a transaction, await fn(tr), await tr.commit(), return fn's result.
  // TODO: on any error: await onError(error, state, env, options) (it throws when the loop must stop), then go round again.
  throw new NotImplemented('17-retry-loop', 'run()');
}
