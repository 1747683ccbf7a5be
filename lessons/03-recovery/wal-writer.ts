/**
 * Lesson 03: the WAL writer. It appends one frame (lesson 02) per entry to the log file and
 * decides, by its sync policy, when to pay for an fsync.
 *
 * Durability contract: when `append()` resolves under the 'every-append' policy, the entry
 * survives a crash. Under the other policies an entry survives once a sync that followed it has
 * resolved: the Nth append of 'every-n', an explicit `sync()`, or `close()`.
 *
 * Your task: `open`, `append`, `sync`, `close` and the policy check `syncDue`, marked TODO.
 */
import { encodeFrame } from '@ferris/02-serialization/frame.ts';
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { parentDir } from '@support/fs.ts';
import type { AppendFile, FileSystem } from '@support/fs.ts';
import { NotImplemented } from '@support/not-implemented.ts';

/**
 * When the writer syncs.
 * - 'every-append': after every append, before `append()` resolves. Nothing acknowledged is lost.
 * - 'every-n': after `appends` appends or `bytes` bytes since the last sync, whichever comes
 *   first (give one or both). A crash may lose up to that much acknowledged work.
 * - 'manual': only when `sync()` or `close()` is called.
 */
export type SyncPolicy =
  | { readonly kind: 'every-append' }
  | { readonly kind: 'every-n'; readonly appends?: number; readonly bytes?: number }
  | { readonly kind: 'manual' };

export interface WalWriterOptions {
  readonly sync: SyncPolicy;
}

/** The writer cannot be used: it was closed, or an earlier append or sync failed. */
export class WalWriterStateError extends Error {
  override readonly name = 'WalWriterStateError';
  constructor(
    readonly path: string,
    readonly reason: 'closed' | 'failed',
    cause?: unknown,
  ) {
    super(
      reason === 'closed'
        ? `The WAL writer of ${path} is closed. Open a new one with WalWriter.open().`
        : `An earlier append or sync of ${path} failed, so the end of the log may hold a partial ` +
            'frame and the unsynced bytes may never reach the disk. Do not write after it: ' +
            'recover the log with recoverWal() and open a new writer.',
      cause === undefined ? undefined : { cause },
    );
  }
}

/** Checks a sync policy and returns it; throws RangeError saying what is wrong. Given. */
export function checkSyncPolicy(policy: SyncPolicy): SyncPolicy {
  if (policy?.kind === 'every-append' || policy?.kind === 'manual') return policy;
  if (policy?.kind === 'every-n') {
    const { appends, bytes } = policy;
    if (appends === undefined && bytes === undefined) {
      throw new RangeError("A sync policy { kind: 'every-n' } needs appends, bytes, or both.");
    }
    for (const [name, n] of [
      ['appends', appends],
      ['bytes', bytes],
    ] as const) {
      if (n !== undefined && (!Number.isInteger(n) || n < 1)) {
        throw new RangeError(`A sync policy's ${name} must be a whole number of at least 1, got ${n}.`);
      }
    }
    return policy;
  }
  throw new RangeError(
    `Unknown sync policy ${JSON.stringify(policy)}: use { kind: 'every-append' }, { kind: 'every-n', appends, bytes } or { kind: 'manual' }.`,
  );
}

/** Appends WAL entries to one log file. Use `WalWriter.open`; await each call before the next. */
export class WalWriter {
  // The writer's state, given. Add fields if you need more.
  private currentSize: number;
  private appendsSinceSync = 0;
  private bytesSinceSync = 0;
  private state: 'open' | 'closed' | 'failed' = 'open';
  private failure: unknown = undefined;

  private constructor(
    readonly path: string,
    private readonly file: AppendFile,
    private readonly policy: SyncPolicy,
  ) {
    this.currentSize = file.size;
  }

  /**
   * Opens the log at `path` for appending, creating it if it is missing. A new log's name is made
   * durable (syncDir of its directory) before this resolves. Run `recoverWal` first on a log
   * that exists: appending after a torn tail would bury the new frames behind garbage.
   */
  static async open(fs: FileSystem, path: string, options: WalWriterOptions): Promise<WalWriter> {
    // TODO: check the policy with checkSyncPolicy (it throws a RangeError for you).
    // TODO: remember whether the file existed, then fs.openAppend(path).
    // TODO: a NEW file's name is not durable until its directory is synced: fs.syncDir(parentDir(path)).
    // TODO: return new WalWriter(path, file, policy).
    throw new NotImplemented('03-recovery', 'WalWriter.open()');
  }

  /** The log's size in bytes: where the next frame will start. */
  get size(): number {
    return this.currentSize;
  }

  /**
   * Appends one entry as one frame, and syncs if the policy says so. If the file's append or
   * sync throws, the writer is failed: rethrow, and refuse every later call with
   * WalWriterStateError(path, 'failed', cause). A closed writer throws WalWriterStateError(path, 'closed').
   */
  async append(entry: WalEntry): Promise<void> {
    // TODO: refuse if closed or failed.
    // TODO: encodeFrame(entry), append it, then count it (size, appends and bytes since the last sync).
    // TODO: if this.syncDue(), sync the file and reset the counters. Write first, sync second.
    // TODO: on any error: this.state = 'failed', keep the error, rethrow it.
    throw new NotImplemented('03-recovery', 'WalWriter.append()');
  }

  /** Makes every entry appended so far durable. Does nothing if nothing is unsynced. */
  async sync(): Promise<void> {
    // TODO: refuse if closed or failed; return if nothing was appended since the last sync;
    // TODO: otherwise sync the file and reset the counters (an error fails the writer).
    throw new NotImplemented('03-recovery', 'WalWriter.sync()');
  }

  /** Syncs what is unsynced and closes the file. Closing twice does nothing; a closed writer refuses every other call. */
  async close(): Promise<void> {
    // TODO: sync if open (not if failed), then close the file; afterwards state is 'closed'.
    throw new NotImplemented('03-recovery', 'WalWriter.close()');
  }

  /** Whether the policy asks for a sync now, given the appends and bytes since the last one. */
  private syncDue(): boolean {
    // TODO: 'every-append' always; 'manual' never; 'every-n' when appendsSinceSync reaches
    // TODO: policy.appends or bytesSinceSync reaches policy.bytes (either one that is set).
    throw new NotImplemented('03-recovery', 'WalWriter.syncDue()');
  }
}
