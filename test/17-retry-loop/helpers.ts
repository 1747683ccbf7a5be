// Shared pieces of lesson 17's tests (not a test file): a virtual clock for the retry loop, a
// fresh database on a simulated disk, and little-endian numbers as BigInt for the atomic model.
import { openDatabase, type Database, type DatabaseOptions } from '@ferris/17-retry-loop/database.ts';
import type { RetryEnv } from '@ferris/17-retry-loop/retry.ts';
import { FdbError } from '@support/fdb-error.ts';
import { SimulatedFileSystem } from '@support/sim-fs.ts';

/** A clock that moves only when someone sleeps on it, and records every sleep. */
export class VirtualClock {
  time = 1_000;
  readonly sleeps: number[] = [];

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new RangeError(`sleep(${ms}): a wait is a number of ms from 0`);
    this.sleeps.push(ms);
    this.time += ms;
    return Promise.resolve();
  }
}

/** A RetryEnv on `clock` whose random() returns `draws` in turn (then 0.5), and records how many it gave. */
export function virtualEnv(clock: VirtualClock, draws: readonly number[] = []): RetryEnv & { drawn: number } {
  const env = {
    drawn: 0,
    now: () => clock.now(),
    sleep: (ms: number) => clock.sleep(ms),
    random: () => draws[env.drawn++] ?? 0.5,
  };
  return env;
}

/** A database on a fresh simulated disk, with a virtual clock for run(). */
export async function freshDatabase(options: DatabaseOptions = {}): Promise<{ db: Database; clock: VirtualClock }> {
  const clock = new VirtualClock();
  const fs = new SimulatedFileSystem({ seed: 1 });
  const db = await openDatabase(fs, 'db', { env: virtualEnv(clock), ...options });
  return { db, clock };
}

/** Runs `body` with a fresh database and closes it afterwards, also on failure. */
export async function withDatabase(
  body: (db: Database, clock: VirtualClock) => Promise<void>,
  options: DatabaseOptions = {},
): Promise<void> {
  const { db, clock } = await freshDatabase(options);
  try {
    await body(db, clock);
  } finally {
    await db.close();
  }
}

/** Bytes read as a little-endian unsigned integer. */
export function fromLittleEndian(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

/** `n` modulo 2^(8 * length), as `length` bytes little-endian. */
export function toLittleEndian(n: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let rest = n;
  for (let i = 0; i < length; i++) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

/** Lets every queued commit and promise callback run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * `promise` raced with `settle()`: what it settled with, or 'still waiting'. A test of a promise that
 * must settle then fails at once, not at the test's timeout.
 */
export function settledOrWaiting<T>(promise: Promise<T>): Promise<T | 'still waiting'> {
  return Promise.race([promise, settle().then(() => 'still waiting' as const)]);
}

/** The code of the FdbError `run` throws or rejects with, or 'none'; any other error is thrown again. */
export async function codeOf(run: () => unknown): Promise<number | string> {
  try {
    await run();
    return 'none';
  } catch (error) {
    if (error instanceof FdbError) return error.code;
    throw error;
  }
}
