/**
 * Lesson 17, the retry loop on a virtual clock (never real time). Catches:
 *
 * - retrying an error that is not retryable (a TypeError, key_too_large, used_during_commit), or
 *   not retrying one that is (not_committed, commit_unknown_result, too_old, future_version);
 * - a backoff that does not start at 10 ms, does not double, is not capped at the maximum, has
 *   no jitter (the wait must be backoff * random()), or grows on too_old / future_version (those
 *   wait a fixed 10 ms);
 * - a retry limit off by one (limit n: n retries, then the error itself), or one that throws
 *   something else than the last error;
 * - a timeout never checked, checked only between attempts, or counted from the last attempt
 *   instead of the first; a timed-out run that does not throw transaction_timed_out (1031);
 * - run() that does not commit, returns before the commit, or reuses a transaction.
 */
import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import {
  BACKOFF_GROWTH_RATE,
  DEFAULT_BACKOFF_MS,
  DEFAULT_MAX_BACKOFF_MS,
  FUTURE_VERSION_RETRY_DELAY_MS,
  onError,
  run,
  startRetry,
} from '@ferris/17-retry-loop/retry.ts';
import {
  CommitUnknownResult,
  FdbError,
  FutureVersion,
  NotCommitted,
  TransactionTooOld,
  type FdbErrorName,
} from '@support/fdb-error.ts';
import { VirtualClock, virtualEnv } from './helpers.ts';

const RETRYABLE: FdbErrorName[] = ['not_committed', 'commit_unknown_result', 'transaction_too_old', 'future_version'];
const NOT_RETRYABLE: FdbErrorName[] = [
  'key_too_large',
  'value_too_large',
  'transaction_too_large',
  'used_during_commit',
  'too_many_watches',
  'client_invalid_operation',
  'inverted_range',
];
const draws = fc.array(
  fc.oneof(fc.constant(0), fc.constant(0.999999), fc.double({ min: 0, max: 0.999999, noNaN: true })),
  { minLength: 12, maxLength: 12 },
);

/** How `promise` settles: 'resolved', or the error it rejects with. A starter's NotImplemented is thrown as it is. */
async function outcome(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
    return 'resolved';
  } catch (error) {
    if (error instanceof Error && error.name === 'NotImplemented') throw error;
    return error;
  }
}

/** The waits onError makes for `errors` in turn (every one must be retried). */
async function waitsFor(errors: Error[], random: number[], maxBackoffMs?: number): Promise<number[]> {
  const clock = new VirtualClock();
  const env = virtualEnv(clock, random);
  const state = startRetry(env);
  for (const error of errors) await onError(error, state, env, maxBackoffMs === undefined ? {} : { maxBackoffMs });
  return clock.sleeps;
}

describe('onError', () => {
  test.prop([draws, fc.integer({ min: 1, max: 12 })])(
    'after n conflicts the waits are 10 ms doubling, capped at 1 s, each times a random draw',
    async (random, n) => {
      const sleeps = await waitsFor(
        Array.from({ length: n }, () => new NotCommitted('test')),
        random,
      );
      const want = Array.from(
        { length: n },
        (_, i) => Math.min(DEFAULT_BACKOFF_MS * BACKOFF_GROWTH_RATE ** i, DEFAULT_MAX_BACKOFF_MS) * random[i]!,
      );
      expect(sleeps, `the waits after ${n} conflicts with draws ${random.slice(0, n).join(', ')}`).toEqual(want);
    },
  );

  test.prop([draws, fc.integer({ min: DEFAULT_BACKOFF_MS, max: 400 })])(
    'the backoff never grows past maxBackoffMs',
    async (random, cap) => {
      const sleeps = await waitsFor(
        Array.from({ length: 12 }, () => new CommitUnknownResult('test')),
        random,
        cap,
      );
      sleeps.forEach((ms, i) =>
        expect(ms, `wait ${i} (draw ${random[i]}) with a cap of ${cap} ms`).toBeLessThanOrEqual(cap),
      );
      expect(sleeps[11], `the 12th wait is the cap times its draw`).toBe(cap * random[11]!);
    },
  );

  it('too_old and future_version wait a fixed 10 ms and do not grow the backoff', async () => {
    const sleeps = await waitsFor(
      [new TransactionTooOld('t'), new FutureVersion('t'), new TransactionTooOld('t'), new NotCommitted('t')],
      [0.5],
    );
    expect(sleeps, 'three fixed waits, then the first conflict backoff (10 ms times 0.5)').toEqual([
      FUTURE_VERSION_RETRY_DELAY_MS,
      FUTURE_VERSION_RETRY_DELAY_MS,
      FUTURE_VERSION_RETRY_DELAY_MS,
      DEFAULT_BACKOFF_MS * 0.5,
    ]);
  });

  test.prop([fc.constantFrom(...NOT_RETRYABLE)])(
    'an error that is not retryable is thrown as it is, without waiting',
    async (name) => {
      const clock = new VirtualClock();
      const env = virtualEnv(clock);
      const error = new FdbError(name, 'test');
      expect(await outcome(onError(error, startRetry(env), env)), `${name} must be rethrown`).toBe(error);
      expect(clock.sleeps, `no wait before rethrowing ${name}`).toEqual([]);
    },
  );

  it('a plain TypeError is thrown as it is', async () => {
    const env = virtualEnv(new VirtualClock());
    const error = new TypeError('a bug in the transaction function');
    expect(await outcome(onError(error, startRetry(env), env)), 'a non-FoundationDB error must be rethrown').toBe(
      error,
    );
  });

  test.prop([fc.constantFrom(...RETRYABLE)])('each retryable error is retried', async (name) => {
    const env = virtualEnv(new VirtualClock());
    expect(await outcome(onError(new FdbError(name, 'test'), startRetry(env), env)), `${name} must be retried`).toBe(
      'resolved',
    );
  });
});

/** A fake transaction whose commit throws the next error of `errors`, then succeeds. */
function flakyDatabase(errors: Error[]) {
  const made: { committed: boolean }[] = [];
  return {
    made,
    create: () => {
      const tr = {
        committed: false,
        commit: async () => {
          const error = errors.shift();
          if (error !== undefined) throw error;
          tr.committed = true;
        },
      };
      made.push(tr);
      return tr;
    },
  };
}

describe('run', () => {
  test.prop([fc.integer({ min: 0, max: 8 })])(
    'run retries conflicts with a new transaction each time and returns what the committing attempt returned',
    async (conflicts) => {
      const db = flakyDatabase(Array.from({ length: conflicts }, () => new NotCommitted('test')));
      const env = virtualEnv(new VirtualClock());
      let attempts = 0;
      const result = await run(db.create, async () => ++attempts, env);
      expect(result, 'the value of the attempt that committed').toBe(conflicts + 1);
      expect(db.made.length, 'one new transaction per attempt').toBe(conflicts + 1);
      expect(db.made.at(-1)!.committed, 'the last transaction committed before run returned').toBe(true);
    },
  );

  test.prop([fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 3 })])(
    'with retryLimit n, run makes n retries and then throws the last error',
    async (limit, extra) => {
      const errors = Array.from({ length: limit + 1 + extra }, (_, i) => new NotCommitted(`attempt ${i}`));
      const last = errors[limit]!;
      const db = flakyDatabase([...errors]);
      const env = virtualEnv(new VirtualClock());
      expect(await outcome(run(db.create, async () => 0, env, { retryLimit: limit })), `retryLimit ${limit}`).toBe(
        last,
      );
      expect(db.made.length, `retryLimit ${limit}: the first attempt and ${limit} retries`).toBe(limit + 1);
    },
  );

  it('with retryLimit n and n conflicts, run still commits', async () => {
    const db = flakyDatabase([new NotCommitted('1'), new NotCommitted('2')]);
    expect(
      await outcome(run(db.create, async () => 'done', virtualEnv(new VirtualClock()), { retryLimit: 2 })),
      'two retries are allowed',
    ).toBe('resolved');
  });

  test.prop([fc.integer({ min: 1, max: 3000 }), draws])(
    'a run that keeps conflicting ends with transaction_timed_out at its timeout, counted from the first attempt',
    async (timeoutMs, random) => {
      const clock = new VirtualClock();
      const start = clock.now();
      const db = flakyDatabase(Array.from({ length: 10_000 }, () => new NotCommitted('again')));
      const error = await outcome(run(db.create, async () => 0, virtualEnv(clock, random), { timeoutMs }));
      expect(error instanceof FdbError && error.code, `the error after a timeout of ${timeoutMs} ms`).toBe(1031);
      expect(clock.now() - start, 'the run gave up exactly at its timeout, not later and not earlier').toBe(timeoutMs);
    },
  );

  it('a run whose function takes longer than the timeout times out before the next attempt', async () => {
    const clock = new VirtualClock();
    const db = flakyDatabase([new NotCommitted('1'), new NotCommitted('2')]);
    const slow = async () => {
      clock.time += 60;
      return 'late';
    };
    const error = await outcome(run(db.create, slow, virtualEnv(clock, [0, 0, 0]), { timeoutMs: 100 }));
    expect(error instanceof FdbError && error.codeName, 'two attempts of 60 ms pass a 100 ms timeout').toBe(
      'transaction_timed_out',
    );
    expect(db.made.length, 'no third attempt is started after the timeout').toBe(2);
  });

  it('a function that throws a plain error is not retried', async () => {
    const db = flakyDatabase([]);
    const error = new Error('bug');
    expect(
      await outcome(
        run(
          db.create,
          async () => {
            throw error;
          },
          virtualEnv(new VirtualClock()),
        ),
      ),
      'the bug comes out',
    ).toBe(error);
    expect(db.made.length, 'one attempt only').toBe(1);
  });
});
