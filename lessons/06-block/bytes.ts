/**
 * Lesson 06 (given code): byte plumbing for the on-disk formats of Part 2.
 *
 * A growable output buffer, little-endian fixed-width integers, and varints. None of this is the
 * point of the lesson, so it is written for you; the block format in format.ts says where each
 * kind of number goes.
 */

/** The most bytes a varint32 takes: 32 bits at 7 bits per byte. */
export const MAX_VARINT32_BYTES = 5;

/** A DataView over exactly the bytes of `bytes` (which may be a window into a bigger buffer). */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The number of bytes `putVarint32` uses for `value`: 1 for 0..127, 2 for 128..16383, ... */
export function varint32Length(value: number): number {
  checkUint32(value, 'varint32Length');
  let length = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    length++;
  }
  return length;
}

/**
 * Reads a varint32 at `offset`, using no byte at or past `limit`.
 *
 * Returns `[value, offsetAfter]`, or `null` if the varint runs into `limit`, is longer than
 * MAX_VARINT32_BYTES, or holds more than 32 bits. The caller turns `null` into its own typed
 * error, with the offset and what it was reading.
 */
export function readVarint32(bytes: Uint8Array, offset: number, limit: number = bytes.length): [number, number] | null {
  const end = Math.min(limit, bytes.length);
  let value = 0;
  let scale = 1;
  for (let i = 0; i < MAX_VARINT32_BYTES; i++) {
    const at = offset + i;
    if (at >= end) return null;
    const byte = bytes[at]!;
    value += (byte & 0x7f) * scale;
    if ((byte & 0x80) === 0) return value > 0xffffffff ? null : [value, at + 1];
    scale *= 128;
  }
  return null;
}

/** Reads an unsigned 32-bit little-endian integer at `offset`. The caller checks the bounds. */
export function readUint32(bytes: Uint8Array, offset: number): number {
  return viewOf(bytes).getUint32(offset, true);
}

/**
 * Reads an unsigned 64-bit little-endian integer at `offset` as a number, or returns `null` if
 * it is larger than Number.MAX_SAFE_INTEGER (no file offset here is that large).
 */
export function readUint64(bytes: Uint8Array, offset: number): number | null {
  const view = viewOf(bytes);
  const low = view.getUint32(offset, true);
  const high = view.getUint32(offset + 4, true);
  if (high > 0x1fffff) return null;
  return high * 0x1_0000_0000 + low;
}

function checkUint32(value: number, where: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`${where}: ${value} is not an unsigned 32-bit integer`);
  }
}

/** An output buffer that grows as bytes are appended. */
export class ByteSink {
  private buffer: Uint8Array;
  private used = 0;

  constructor(initialCapacity = 256) {
    this.buffer = new Uint8Array(Math.max(16, initialCapacity));
  }

  /** How many bytes were appended so far. */
  get length(): number {
    return this.used;
  }

  private reserve(extra: number): void {
    const needed = this.used + extra;
    if (needed <= this.buffer.length) return;
    let capacity = this.buffer.length * 2;
    while (capacity < needed) capacity *= 2;
    const grown = new Uint8Array(capacity);
    grown.set(this.buffer.subarray(0, this.used));
    this.buffer = grown;
  }

  /** Appends the bytes. */
  bytes(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
    return this;
  }

  /** Appends one byte (0..255). */
  byte(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0xff) throw new RangeError(`byte: ${value} is not 0..255`);
    this.reserve(1);
    this.buffer[this.used++] = value;
    return this;
  }

  /** Appends an unsigned 32-bit integer as 4 bytes, least significant first. */
  uint32(value: number): this {
    checkUint32(value, 'uint32');
    this.reserve(4);
    viewOf(this.buffer).setUint32(this.used, value, true);
    this.used += 4;
    return this;
  }

  /** Appends a whole number up to Number.MAX_SAFE_INTEGER as 8 bytes, least significant first. */
  uint64(value: number): this {
    if (!Number.isSafeInteger(value) || value < 0)
      throw new RangeError(`uint64: ${value} is not a safe unsigned integer`);
    this.reserve(8);
    const view = viewOf(this.buffer);
    view.setUint32(this.used, value % 0x1_0000_0000, true);
    view.setUint32(this.used + 4, Math.floor(value / 0x1_0000_0000), true);
    this.used += 8;
    return this;
  }

  /** Appends an unsigned 32-bit integer as a varint: 7 bits per byte, least significant group first, high bit set on every byte but the last. */
  varint32(value: number): this {
    checkUint32(value, 'varint32');
    this.reserve(MAX_VARINT32_BYTES);
    while (value >= 0x80) {
      this.buffer[this.used++] = (value & 0x7f) | 0x80;
      value = Math.floor(value / 128);
    }
    this.buffer[this.used++] = value;
    return this;
  }

  /** A copy of the bytes appended so far. */
  toBytes(): Uint8Array {
    return this.buffer.slice(0, this.used);
  }

  /** A view of the bytes appended so far (valid until the next append). */
  view(): Uint8Array {
    return this.buffer.subarray(0, this.used);
  }

  /** Forgets every byte, keeping the capacity. */
  clear(): void {
    this.used = 0;
  }
}
