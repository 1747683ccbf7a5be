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
import { FdbError, isFdbError, isRetryable } from '@support/fdb-error.ts';
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
  checkTimeout(state, env, options, error);
  if (!isRetryable(error)) throw error;
  const retryLimit = options.retryLimit ?? -1;
  if (retryLimit >= 0 && state.retries >= retryLimit) throw error;
  state.retries++;
  const maxBackoff = options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS;
  let delay: number;
  if (isFdbError(error, 'transaction_too_old') || isFdbError(error, 'future_version')) {
    delay = Math.min(FUTURE_VERSION_RETRY_DELAY_MS, maxBackoff);
  } else {
    delay = state.backoffMs * env.random();
    state.backoffMs = Math.min(state.backoffMs * BACKOFF_GROWTH_RATE, maxBackoff);
  }
  const timeout = options.timeoutMs ?? 0;
  if (timeout > 0 && env.now() + delay >= state.startedAt + timeout) {
    // The timeout falls inside the wait: wait until it, then give up, as FoundationDB's timer does.
    await env.sleep(Math.max(0, state.startedAt + timeout - env.now()));
    throw timedOut(state, env, timeout, error);
  }
  await env.sleep(delay);
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
  const state = startRetry(env);
  for (;;) {
    checkTimeout(state, env, options, undefined);
    const tr = createTransaction();
    try {
      const result = await fn(tr);
      await tr.commit();
      return result;
    } catch (error) {
      await onError(error, state, env, options);
    }
  }
}

/** Throws transaction_timed_out (1031) if the run's timeout has passed. */
function checkTimeout(state: RetryState, env: RetryEnv, options: RetryOptions, cause: unknown): void {
  const timeout = options.timeoutMs ?? 0;
  if (timeout > 0 && env.now() - state.startedAt >= timeout) throw timedOut(state, env, timeout, cause);
}

function timedOut(state: RetryState, env: RetryEnv, timeout: number, cause: unknown): FdbError {
  const error = new FdbError(
    'transaction_timed_out',
    `${env.now() - state.startedAt} ms after the first attempt, with a timeout of ${timeout} ms, after ${state.retries} retries`,
  );
  if (cause !== undefined) error.cause = cause;
  return error;
}
