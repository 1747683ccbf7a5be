/**
 * Lesson 17: watches. `tr.watch(key)` returns a promise that resolves once the key's committed
 * value differs from the value the transaction saw: its read version's, or its own write's made
 * before the watch. FoundationDB's rules (fdbclient/NativeAPI.actor.cpp, the watch docs):
 *
 * - a watch starts only when its transaction commits: until then, changes by others do not fire
 *   it; once committed, a change its own transaction made fires it;
 * - it compares values, so a write of the same value does not fire it, and a change and a change
 *   back between two looks may go unseen;
 * - each database allows at most `limit` outstanding watches (DEFAULT_MAX_OUTSTANDING_WATCHES);
 *   one more throws too_many_watches (1032). A watch stops counting when it fires or is cancelled.
 */
import { FdbError } from '@support/fdb-error.ts';
import { NotImplemented } from '@support/not-implemented.ts';

/** CLIENT_KNOBS->DEFAULT_MAX_OUTSTANDING_WATCHES. */
export const DEFAULT_MAX_OUTSTANDING_WATCHES = 10_000;

/** One watch: its key, and its promise (resolves when it fires, rejects when cancelled). */
export interface Watch {
  readonly key: Uint8Array;
  readonly fired: Promise<void>;
}

export class WatchRegistry {
  // TODO: keep the outstanding watches: each with its key, whether it is armed, the value it
  // compares with, and the resolve / reject functions of its promise.

  constructor(readonly limit = DEFAULT_MAX_OUTSTANDING_WATCHES) {}

  /** Watches not yet fired or cancelled, armed or not. */
  get outstanding(): number {
    // TODO: how many watches are kept.
    throw new NotImplemented('17-retry-loop', 'WatchRegistry.outstanding');
  }

  /** A new, unarmed watch on `key` (a copy is kept). Throws too_many_watches (1032) at the limit. */
  create(key: Uint8Array): Watch {
    // TODO: at `limit` outstanding already? throw new FdbError('too_many_watches', ...).
    // TODO: make a promise and keep its resolve and reject; add fired.catch(() => {}) so that a
    // cancelled watch nobody awaits is not an unhandled rejection. Keep the watch, unarmed.
    throw new NotImplemented('17-retry-loop', 'WatchRegistry.create()');
  }

  /** Starts `watch`, comparing with `value` (a copy is kept): from now on, changed() can fire it. */
  arm(watch: Watch, value: Uint8Array | undefined): void {
    // TODO: find it (a watch already fired or cancelled is ignored), keep a copy of value, arm it.
    throw new NotImplemented('17-retry-loop', 'WatchRegistry.arm()');
  }

  /** Ends `watch` without firing it: its promise rejects with `error`, and it stops counting. */
  cancel(watch: Watch, error: Error): void {
    // TODO: forget it, then reject its promise with error.
    throw new NotImplemented('17-retry-loop', 'WatchRegistry.cancel()');
  }

  /** Cancels every watch (the database is closing). */
  cancelAll(error: Error): void {
    // TODO: forget them all, rejecting each.
    throw new NotImplemented('17-retry-loop', 'WatchRegistry.cancelAll()');
  }

  /** The keys of the armed watches, for the database to look up after a commit. */
  armedKeys(): Uint8Array[] {
    // TODO: only the armed ones: a watch whose transaction has not committed sees nothing.
    throw new NotImplemented('17-retry-loop', 'WatchRegistry.armedKeys()');
  }

  /** `key` now holds `value` in the committed state: fires every armed watch on it that saw something else. */
  changed(key: Uint8Array, value: Uint8Array | undefined): void {
    // TODO: for each ARMED watch on this key whose value differs (undefined = no value; same bytes
    // = same value, no fire): forget it, then resolve its promise.
    throw new NotImplemented('17-retry-loop', 'WatchRegistry.changed()');
  }
}
