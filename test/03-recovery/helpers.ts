// Shared pieces of lesson 03's tests: arbitraries, a durability model of the sync policies,
// and small helpers that keep a starter's NotImplemented visible.
import { expect } from 'vitest';
import { fc } from '@fast-check/vitest';
import { deleteEntry, putEntry } from '@ferris/01-wal-entry/entry.ts';
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { decodeFrame, encodeFrame } from '@ferris/02-serialization/frame.ts';
import type { AppendFile, FileSystem } from '@support/fs.ts';
import type { SyncPolicy } from '@ferris/03-recovery/wal-writer.ts';

/** Entry contents; sequence numbers are given in order by `numbered`. */
export const entryBody = fc.record({
  key: fc.uint8Array({ maxLength: 12 }),
  value: fc.option(fc.uint8Array({ maxLength: 40 }), { nil: null, freq: 5 }),
});
export type EntryBody = { key: Uint8Array; value: Uint8Array | null };

let nextSequence = 1;
/** Makes entries with strictly increasing sequence numbers, so that each one is unique. */
export function numbered(bodies: readonly EntryBody[]): WalEntry[] {
  return bodies.map(({ key, value }) => {
    const sequence = nextSequence++;
    return value === null ? deleteEntry(sequence, key) : putEntry(sequence, key, value);
  });
}

export const entries = (options: { minLength?: number; maxLength?: number } = {}) =>
  fc.array(entryBody, { minLength: options.minLength ?? 0, maxLength: options.maxLength ?? 12 });

export const syncPolicy: fc.Arbitrary<SyncPolicy> = fc.oneof(
  fc.constant({ kind: 'every-append' } as const),
  fc.constant({ kind: 'manual' } as const),
  fc.record({ kind: fc.constant('every-n' as const), appends: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ kind: fc.constant('every-n' as const), bytes: fc.integer({ min: 1, max: 150 }) }),
  fc.record({
    kind: fc.constant('every-n' as const),
    appends: fc.integer({ min: 1, max: 5 }),
    bytes: fc.integer({ min: 1, max: 150 }),
  }),
);

export function describePolicy(policy: SyncPolicy): string {
  return JSON.stringify(policy);
}

/**
 * What a correct writer must have made durable, worked out from the policy alone: after each
 * append, is a sync due? Mirrors the rules in the README, not the writer's code.
 */
export class DurabilityModel {
  /** Entries appended in this writer session. */
  appended = 0;
  /** Of those, how many a correct writer has synced. */
  durable = 0;
  /** How many fsyncs a correct writer has made. */
  syncs = 0;
  private appendsSince = 0;
  private bytesSince = 0;

  constructor(private readonly policy: SyncPolicy) {}

  append(entry: WalEntry): void {
    this.appended += 1;
    this.appendsSince += 1;
    this.bytesSince += encodeFrame(entry).length;
    const p = this.policy;
    const due =
      p.kind === 'every-append' ||
      (p.kind === 'every-n' &&
        ((p.appends !== undefined && this.appendsSince >= p.appends) ||
          (p.bytes !== undefined && this.bytesSince >= p.bytes)));
    if (due) this.syncNow();
  }

  /** An explicit sync() or close(): syncs if anything is unsynced. */
  sync(): void {
    if (this.appendsSince > 0) this.syncNow();
  }

  private syncNow(): void {
    this.durable = this.appended;
    this.syncs += 1;
    this.appendsSince = 0;
    this.bytesSince = 0;
  }
}

/** The frames of `list`, back to back. */
export function framesOf(list: readonly WalEntry[]): Uint8Array {
  const frames = list.map(encodeFrame);
  const out = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
  let at = 0;
  for (const f of frames) {
    out.set(f, at);
    at += f.length;
  }
  return out;
}

/** The offset where each frame of `list` starts, plus the end. */
export function frameOffsets(list: readonly WalEntry[]): number[] {
  const offsets = [0];
  for (const e of list) offsets.push(offsets[offsets.length - 1]! + encodeFrame(e).length);
  return offsets;
}

/** Decodes every whole frame from the start of `bytes` with lesson 02, stopping at the first bad one. */
export function decodeAll(bytes: Uint8Array): WalEntry[] {
  const out: WalEntry[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    try {
      const { entry, nextOffset } = decodeFrame(bytes, offset);
      out.push(entry);
      offset = nextOffset;
    } catch {
      break;
    }
  }
  return out;
}

/** Writes `bytes` to `path` with the file system's own calls, synced, name synced. */
export async function writeLog(fs: FileSystem, path: string, bytes: Uint8Array): Promise<void> {
  const file = await fs.openAppend(path);
  await file.append(bytes);
  await file.sync();
  await file.close();
  const slash = path.lastIndexOf('/');
  await fs.syncDir(slash < 0 ? '' : path.slice(0, slash));
}

/** A short, readable description of entries for failure messages. */
export function show(list: readonly WalEntry[]): string {
  return `[${list.map((e) => `#${e.sequence}${e.value === null ? ' delete' : ''}`).join(', ')}]`;
}

/** Compares entries field by field, with a message that says which one differs. */
export function expectSameEntries(actual: readonly WalEntry[], expected: readonly WalEntry[], what: string): void {
  expect(
    actual.map((e) => e.sequence),
    `${what}: wrong entries, got ${show(actual)}, expected ${show(expected)}`,
  ).toEqual(expected.map((e) => e.sequence));
  actual.forEach((e, i) => {
    const want = expected[i]!;
    expect(e.key, `${what}: the key of entry #${want.sequence} changed`).toEqual(want.key);
    expect(e.value, `${what}: the value of entry #${want.sequence} changed`).toEqual(want.value);
  });
}

/**
 * Awaits `promise`, expecting it to reject with an instance of `type`; returns the error.
 * Any other error (a starter's NotImplemented, a bug) is rethrown as it is.
 */
export async function rejection<E extends Error>(
  promise: Promise<unknown>,
  type: abstract new (...args: never[]) => E,
  what: string,
): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  return expect.fail(`${what} succeeded, but it must throw a ${type.name}`);
}

/** A file system whose log file fails once: a short write then an error, or a failed fsync. */
export function failingOnce(fs: FileSystem, how: 'append' | 'sync'): FileSystem & { armed: boolean } {
  const wrapper = Object.create(fs) as FileSystem & { armed: boolean };
  wrapper.armed = false;
  wrapper.openAppend = async (path: string): Promise<AppendFile> => {
    const file = await fs.openAppend(path);
    return {
      path: file.path,
      get size() {
        return file.size;
      },
      append: async (bytes: Uint8Array) => {
        if (how === 'append' && wrapper.armed) {
          wrapper.armed = false;
          await file.append(bytes.subarray(0, bytes.length >> 1));
          throw new Error('ENOSPC: no space left on device (simulated)');
        }
        await file.append(bytes);
      },
      sync: async () => {
        if (how === 'sync' && wrapper.armed) {
          wrapper.armed = false;
          throw new Error('EIO: i/o error (simulated failed fsync)');
        }
        await file.sync();
      },
      close: () => file.close(),
    };
  };
  return wrapper;
}
