/**
 * Lesson 17, the retry loop on a virtual clock (never real time). Catches:
 *
 * - retrying an error that is not retryable (a TypeError, key_too_large, used_during_commit), or
 *   not retrying one that is (not_committed, commit_unknown_result, too_old, future_version,
 *   database_locked, process_behind): every FoundationDB error the course knows is tried;
 * - too_old / future_version waits not capped at maxBackoffMs, or that reset the backoff of the
 *   conflicts around them, or that the retry limit does not count;
 * - an error thrown by the transaction function (a read that was too old) not retried like a
 *   refused commit; onError that resolves before its wait is over (a sleep not awaited);
 * - a timeout that is checked after "is it retryable?" or after the retry limit: once it has
 *   passed, every error ends the run with transaction_timed_out;
 * - a backoff that does not start at 10 ms, does not double, is not capped at the maximum, has
 *   no jitter (the wait must be backoff * random()), or grows on too_old / future_version (those
 *   wait a fixed 10 ms);
 * - a retry limit off by one (limit n: n retries, then the error itself), or one that throws
 *   something else than the last error;
 * - a timeout never checked, checked only between attempts, or counted from the last attempt
 *   instead of the first; a timed-out run that does not throw transaction_timed_out (1031); a
 *   wait that ends exactly at the timeout waited out and retried (`>` where the rule is "reaches"),
 *   so the run times out later without the last error as its cause;
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
  type RetryEnv,
} from '@ferris/17-retry-loop/retry.ts';
import {
  CommitUnknownResult,
  FDB_ERRORS,
  FdbError,
  FutureVersion,
  NotCommitted,
  TransactionTooOld,
  type FdbErrorName,
} from '@support/fdb-error.ts';
import { settle, VirtualClock, virtualEnv } from './helpers.ts';

/** FoundationDB's retryable errors (fdb_error_predicate RETRYABLE) among those the course knows. */
const RETRYABLE: FdbErrorName[] = [
  'not_committed',
  'commit_unknown_result',
  'transaction_too_old',
  'future_version',
  'database_locked',
  'process_behind',
];
/** The two that wait a fixed delay instead of the growing backoff. */
const VERSION_ERRORS: FdbErrorName[] = ['transaction_too_old', 'future_version'];
const EVERY_ERROR = Object.keys(FDB_ERRORS) as FdbErrorName[];
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

  it('a plain TypeError is thrown as it is', async () => {
    const env = virtualEnv(new VirtualClock());
    const error = new TypeError('a bug in the transaction function');
    expect(await outcome(onError(error, startRetry(env), env)), 'a non-FoundationDB error must be rethrown').toBe(
      error,
    );
  });

  test.prop([fc.constantFrom(...EVERY_ERROR)])(
    'exactly the retryable FoundationDB errors are retried, every other one is thrown as it is',
    async (name) => {
      const clock = new VirtualClock();
      const env = virtualEnv(clock);
      const error = new FdbError(name, 'test');
      const retryable = RETRYABLE.includes(name);
      expect(
        await outcome(onError(error, startRetry(env), env)),
        `${name} (${FDB_ERRORS[name].code}) ${retryable ? 'must be retried' : 'must be rethrown'}`,
      ).toBe(retryable ? 'resolved' : error);
      expect(clock.sleeps.length, `${name}: ${retryable ? 'one wait' : 'no wait'}`).toBe(retryable ? 1 : 0);
    },
  );

  test.prop([
    fc.array(fc.constantFrom(...RETRYABLE), { minLength: 1, maxLength: 12 }),
    fc.double({ min: 0, max: 0.999999, noNaN: true }),
    fc.integer({ min: DEFAULT_BACKOFF_MS, max: 400 }),
  ])(
    'too_old and future_version wait a fixed delay between conflicts and neither grow nor reset their backoff',
    async (names, draw, cap) => {
      const sleeps = await waitsFor(
        names.map((name) => new FdbError(name, 'test')),
        Array.from({ length: names.length }, () => draw),
        cap,
      );
      let backoff = DEFAULT_BACKOFF_MS;
      const want = names.map((name) => {
        if (VERSION_ERRORS.includes(name)) return FUTURE_VERSION_RETRY_DELAY_MS;
        const wait = backoff * draw;
        backoff = Math.min(backoff * BACKOFF_GROWTH_RATE, cap);
        return wait;
      });
      expect(sleeps, `the waits for ${names.join(', ')} (draw ${draw}, cap ${cap} ms)`).toEqual(want);
    },
  );

  test.prop([
    fc.array(fc.constantFrom(...VERSION_ERRORS), { minLength: 1, maxLength: 4 }),
    fc.integer({ min: 0, max: 9 }),
  ])('the fixed wait of too_old and future_version is capped at maxBackoffMs too', async (names, cap) => {
    const sleeps = await waitsFor(
      names.map((name) => new FdbError(name, 'test')),
      [],
      cap,
    );
    expect(sleeps, `${names.join(', ')} with a cap of ${cap} ms`).toEqual(names.map(() => cap));
  });

  test.prop([
    fc.constantFrom(...EVERY_ERROR),
    fc.integer({ min: 1, max: 1000 }),
    fc.integer({ min: 0, max: 500 }),
    fc.boolean(),
  ])(
    'once the timeout has passed, every error ends the run with transaction_timed_out, even at the retry limit',
    async (name, timeoutMs, late, atLimit) => {
      const clock = new VirtualClock();
      const env = virtualEnv(clock);
      const state = startRetry(env);
      clock.time += timeoutMs + late;
      const error = await outcome(
        onError(new FdbError(name, 'test'), state, env, { timeoutMs, retryLimit: atLimit ? 0 : -1 }),
      );
      expect(
        error instanceof FdbError && error.codeName,
        `${name} ${timeoutMs + late} ms into a run with a timeout of ${timeoutMs} ms${atLimit ? ', retry limit reached' : ''}`,
      ).toBe('transaction_timed_out');
    },
  );

  test.prop([
    fc.constantFrom('transaction_too_old', 'future_version') as fc.Arbitrary<'transaction_too_old' | 'future_version'>,
    fc.integer({ min: FUTURE_VERSION_RETRY_DELAY_MS + 1, max: 1000 }),
    fc.oneof(
      fc.constant(0),
      fc.integer({ min: -FUTURE_VERSION_RETRY_DELAY_MS + 1, max: FUTURE_VERSION_RETRY_DELAY_MS }),
    ),
  ])(
    'a wait that would reach the timeout ends the run at the timeout, exactly at it too, with the error as the cause of transaction_timed_out',
    async (name, timeoutMs, past) => {
      const clock = new VirtualClock();
      const env = virtualEnv(clock);
      const state = startRetry(env);
      // The fixed 10 ms wait of too_old and future_version ends `past` ms after the timeout.
      const leftBefore = FUTURE_VERSION_RETRY_DELAY_MS - past;
      clock.time += timeoutMs - leftBefore;
      const error = new FdbError(name, 'test');
      const result = await outcome(onError(error, state, env, { timeoutMs }));
      const where = `${name} ${leftBefore} ms before a timeout of ${timeoutMs} ms (its wait is ${FUTURE_VERSION_RETRY_DELAY_MS} ms)`;
      if (past < 0) {
        expect(result, `${where}: the wait ends before the timeout, so onError resolves after it`).toBe('resolved');
        return;
      }
      expect(
        result instanceof FdbError && result.codeName,
        `${where}: the wait reaches the timeout, so the run ends there`,
      ).toBe('transaction_timed_out');
      expect((result as Error).cause, `${where}: transaction_timed_out carries the last error as its cause`).toBe(
        error,
      );
      expect(clock.now() - state.startedAt, `${where}: onError gives up at the timeout, not after`).toBe(timeoutMs);
    },
  );

  it('onError resolves only once its wait is over', async () => {
    const sleeps: number[] = [];
    let wake = (): void => {};
    const env: RetryEnv = {
      now: () => 1_000,
      sleep: (ms) => {
        sleeps.push(ms);
        return new Promise<void>((resolve) => {
          wake = resolve;
        });
      },
      random: () => 0.5,
    };
    let done = false;
    const handled = onError(new NotCommitted('test'), startRetry(env), env);
    handled.then(() => (done = true)).catch(() => {});
    await Promise.race([handled, settle()]); // an error from onError itself comes out here
    expect(sleeps, 'onError asked for one wait of backoff times the draw').toEqual([DEFAULT_BACKOFF_MS * 0.5]);
    expect(done, 'onError must not resolve while its wait is still running').toBe(false);
    wake();
    await handled;
    expect(done, 'onError resolves once the wait is over').toBe(true);
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

  test.prop([
    fc.integer({ min: 0, max: 6 }),
    fc.integer({ min: 0, max: 3 }),
    fc.array(fc.constantFrom(...RETRYABLE), { minLength: 10, maxLength: 10 }),
  ])(
    'with retryLimit n, run makes n retries of any retryable error and then throws the last error',
    async (limit, extra, names) => {
      const errors = Array.from({ length: limit + 1 + extra }, (_, i) => new FdbError(names[i]!, `attempt ${i}`));
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
      // One error, refused again and again: far more refusals than attempts fit in the timeout.
      const refused = new NotCommitted('again');
      const db = flakyDatabase(Array.from({ length: 10_000 }, () => refused));
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

  test.prop([fc.constantFrom(...RETRYABLE), fc.integer({ min: 1, max: 4 })])(
    'a retryable error thrown by the function itself is retried like a refused commit',
    async (name, failures) => {
      const db = flakyDatabase([]);
      let attempts = 0;
      const fn = async () => {
        attempts++;
        if (attempts <= failures) throw new FdbError(name, `a read in attempt ${attempts}`);
        return attempts;
      };
      const result = await outcome(run(db.create, fn, virtualEnv(new VirtualClock())));
      expect(result, `${failures} attempts whose function threw ${name}, then one that works`).toBe('resolved');
      expect(db.made.length, 'one new transaction per attempt').toBe(failures + 1);
      expect(
        db.made.map((tr) => tr.committed),
        'only the attempt whose function returned was committed',
      ).toEqual(db.made.map((_, i) => i === failures));
    },
  );

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
