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

/** CLIENT_KNOBS->DEFAULT_MAX_OUTSTANDING_WATCHES. */
export const DEFAULT_MAX_OUTSTANDING_WATCHES = 10_000;

/** One watch: its key, and its promise (resolves when it fires, rejects when cancelled). */
export interface Watch {
  readonly key: Uint8Array;
  readonly fired: Promise<void>;
}

interface Entry {
  readonly watch: Watch;
  /** The value the watch compares with, once armed; undefined for "no value". */
  value: Uint8Array | undefined;
  armed: boolean;
  resolve(): void;
  reject(error: Error): void;
}

export class WatchRegistry {
  private readonly entries: Entry[] = [];

  constructor(readonly limit = DEFAULT_MAX_OUTSTANDING_WATCHES) {}

  /** Watches not yet fired or cancelled, armed or not. */
  get outstanding(): number {
    return this.entries.length;
  }

  /** A new, unarmed watch on `key` (a copy is kept). Throws too_many_watches (1032) at the limit. */
  create(key: Uint8Array): Watch {
    if (this.entries.length >= this.limit) {
      throw new FdbError(
        'too_many_watches',
        `${this.entries.length} watches are outstanding, and the limit is ${this.limit}`,
      );
    }
    let resolve = (): void => {};
    let reject = (_: Error): void => {};
    const fired = new Promise<void>((yes, no) => {
      resolve = yes;
      reject = no;
    });
    fired.catch(() => {}); // a cancelled watch nobody awaits is not an unhandled rejection
    const watch = { key: Uint8Array.from(key), fired };
    this.entries.push({ watch, value: undefined, armed: false, resolve, reject });
    return watch;
  }

  /** Starts `watch`, comparing with `value` (a copy is kept): from now on, changed() can fire it. */
  arm(watch: Watch, value: Uint8Array | undefined): void {
    const entry = this.entries.find((e) => e.watch === watch);
    if (entry === undefined) return;
    entry.value = value === undefined ? undefined : Uint8Array.from(value);
    entry.armed = true;
  }

  /** Ends `watch` without firing it: its promise rejects with `error`, and it stops counting. */
  cancel(watch: Watch, error: Error): void {
    const at = this.entries.findIndex((e) => e.watch === watch);
    if (at < 0) return;
    const [entry] = this.entries.splice(at, 1);
    entry!.reject(error);
  }

  /** Cancels every watch (the database is closing). */
  cancelAll(error: Error): void {
    for (const entry of this.entries.splice(0)) entry.reject(error);
  }

  /** The keys of the armed watches, for the database to look up after a commit. */
  armedKeys(): Uint8Array[] {
    return this.entries.filter((e) => e.armed).map((e) => e.watch.key);
  }

  /** `key` now holds `value` in the committed state: fires every armed watch on it that saw something else. */
  changed(key: Uint8Array, value: Uint8Array | undefined): void {
    for (const entry of [...this.entries]) {
      if (!entry.armed || !sameBytes(entry.watch.key, key) || sameValue(entry.value, value)) continue;
      this.entries.splice(this.entries.indexOf(entry), 1);
      entry.resolve();
    }
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function sameValue(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return a === undefined || b === undefined ? a === b : sameBytes(a, b);
}
