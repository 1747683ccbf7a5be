// Byte helpers for the tests: text and hex in and out, comparison, little-endian numbers, and
// views into bigger buffers (for aliasing tests: a function given a view must read only the view;
// a function that keeps a view must copy it).

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The UTF-8 bytes of `text`. */
export const utf8 = (text: string): Uint8Array => encoder.encode(text);

/** `bytes` read as UTF-8 text. */
export const textOf = (bytes: Uint8Array): string => decoder.decode(bytes);

/** Lower-case hex, two digits a byte: "00ff10". */
export const hexOf = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** The bytes of a hex string written by `hexOf`. */
export const fromHex = (hex: string): Uint8Array => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));

/** Byte order (memcmp, then the shorter first): negative, 0 or positive. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/** Whether two byte strings hold the same bytes. */
export const sameBytes = (a: Uint8Array, b: Uint8Array): boolean => compareBytes(a, b) === 0;

/** The parts, one after the other, in a new array. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** `n` (0 to 2^32 - 1) as 4 bytes, little-endian. */
export function u32le(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n, true);
  return out;
}

/** `n` (0 to 2^53 - 1) as 8 bytes, little-endian. */
export function u64le(n: number): Uint8Array {
  return concat(u32le(n % 2 ** 32), u32le(Math.floor(n / 2 ** 32)));
}

/** Where a view sits in its bigger buffer: bytes before it, bytes after it, and what fills them. */
export interface Surroundings {
  readonly before: number;
  readonly after: number;
  /** The byte around the view (default 0xee, so that a read outside the view shows). */
  readonly fill?: number;
}

/**
 * A copy of `bytes` as a view into a bigger buffer, with `before` bytes in front of it and
 * `after` bytes behind, so that `byteOffset` is not 0 and the buffer is longer than the view.
 */
export function viewInto(bytes: Uint8Array, at: Surroundings): Uint8Array {
  const fill = at.fill ?? 0xee;
  return viewBetween(new Uint8Array(at.before).fill(fill), bytes, new Uint8Array(at.after).fill(fill));
}

/** A copy of `bytes` as a view into one buffer holding `before`, then `bytes`, then `after`. */
export function viewBetween(before: Uint8Array, bytes: Uint8Array, after: Uint8Array): Uint8Array {
  return concat(before, bytes, after).subarray(before.length, before.length + bytes.length);
}

/** Overwrites the whole buffer behind a view (the view itself included): what a caller reusing its buffer does. */
export function scribble(view: Uint8Array, byte = 0x5a): void {
  new Uint8Array(view.buffer, 0, view.buffer.byteLength).fill(byte);
}
