// Shared generators and helpers for lesson 02's tests (not a test file itself).
import { expect } from 'vitest';
import { fc } from '@fast-check/vitest';
import { deleteEntry, MAX_SEQUENCE, putEntry, type WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { crc32c } from '@ferris/02-serialization/crc32c.ts';
import { CorruptFrameError, TruncatedFrameError } from '@ferris/02-serialization/frame.ts';

/** Sequence numbers, with the edges of the two 32-bit halves well represented. */
export const sequence = fc.oneof(
  fc.nat(1000),
  fc.maxSafeNat(),
  fc.constantFrom(0, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, 2 ** 52 + 3, MAX_SEQUENCE),
);
export const key = fc.uint8Array({ maxLength: 24 });
export const value = fc.uint8Array({ maxLength: 40 });

/** Puts (some with empty values) and deletes, small enough to flip every bit of. */
export const entry: fc.Arbitrary<WalEntry> = fc.oneof(
  fc.tuple(sequence, key, value).map(([s, k, v]) => putEntry(s, k, v)),
  fc.tuple(sequence, key).map(([s, k]) => putEntry(s, k, new Uint8Array(0))),
  fc.tuple(sequence, key).map(([s, k]) => deleteEntry(s, k)),
);

/** Bytes that are not part of the frame under test, to put before or after it. */
export const junk = fc.uint8Array({ maxLength: 20 });

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * A copy of `bytes` that is a window into a bigger buffer (byteOffset `shift`), the way a chunk
 * of a file often is: decoding must read through `byteOffset`, not from the buffer's start.
 */
export function inLargerBuffer(bytes: Uint8Array, shift = 5): Uint8Array {
  const buffer = new Uint8Array(shift + bytes.length + 3).fill(0xa5);
  buffer.set(bytes, shift);
  return buffer.subarray(shift, shift + bytes.length);
}

export function u32le(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, true);
  return out;
}

/**
 * A frame built by hand around any body: the length field (the body's length unless given) and
 * a correct CRC32C of the length field and body. Lets a test reach the checks after the checksum.
 */
export function frameAround(body: Uint8Array, lengthField = body.length): Uint8Array {
  const length = u32le(lengthField);
  return concat(length, u32le(crc32c(concat(length, body))), body);
}

/** A body written by hand: kind, sequence as two u32 halves, key length, key, then optional value length and value. */
export function bodyOf(kind: number, seq: number, k: Uint8Array, v?: Uint8Array): Uint8Array {
  const parts = [Uint8Array.of(kind), u32le(seq % 2 ** 32), u32le(Math.floor(seq / 2 ** 32)), u32le(k.length), k];
  if (v !== undefined) parts.push(u32le(v.length), v);
  return concat(...parts);
}

export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}

/** The error `run` throws if it is one of `types`; any other error (NotImplemented too) is rethrown as it is. */
function caught<E extends Error>(
  run: () => unknown,
  types: Array<abstract new (...args: never[]) => E>,
  what: string,
): E | undefined {
  try {
    run();
  } catch (error) {
    if (types.some((type) => error instanceof type)) return error as E;
    throw error;
  }
  expect.fail(what);
}

/** The TruncatedFrameError or CorruptFrameError `run` throws; fails in words if it returns. */
export function frameError(run: () => unknown, what: string): TruncatedFrameError | CorruptFrameError {
  return caught<TruncatedFrameError | CorruptFrameError>(
    run,
    [TruncatedFrameError, CorruptFrameError],
    `${what} decoded to an entry, but it must throw TruncatedFrameError or CorruptFrameError`,
  )!;
}

/** The CorruptFrameError `run` throws; fails in words if it returns or reports truncation. */
export function corruption(run: () => unknown, what: string): CorruptFrameError {
  const error = frameError(run, what);
  if (error instanceof TruncatedFrameError) {
    expect.fail(
      `${what} was reported as truncated (needs ${error.needed} bytes, has ${error.available}), but it is corrupt: no bytes added after it could make it valid`,
    );
  }
  return error;
}

/** The TruncatedFrameError `run` throws; fails in words if it returns or reports corruption. */
export function truncation(run: () => unknown, what: string): TruncatedFrameError {
  const error = frameError(run, what);
  if (error instanceof CorruptFrameError) {
    expect.fail(
      `${what} was reported as corrupt (${error.check} check), but it is only cut short: it is the start of a good frame`,
    );
  }
  return error;
}

/** The RangeError `run` throws; fails in words if it returns. */
export function rangeError(run: () => unknown, what: string): RangeError {
  return caught<RangeError>(run, [RangeError], `${what} was accepted, but it must throw a RangeError`)!;
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
