/**
 * Lesson 17: versionstamps, the commit's position in the log written into a key or a value.
 *
 * A versionstamp is 10 bytes: the commit version as 8 bytes big-endian, then the transaction's
 * position in its commit batch as 2 bytes big-endian. Big-endian, so that stamps sort in byte
 * order exactly as commits happened: a key holding one is a log you can scan in commit order.
 *
 * setVersionstampedKey and setVersionstampedValue take a parameter whose last 4 bytes are a
 * little-endian offset: where, in the bytes before them, the 10 stamp bytes go. At commit those 4
 * bytes are dropped and the stamp is written at the offset (FoundationDB's API 520 and later).
 */
import { FdbError } from '@support/fdb-error.ts';
import { NotImplemented } from '@support/not-implemented.ts';

/** A versionstamp's length: 8 bytes of commit version, 2 of batch order. */
export const VERSIONSTAMP_BYTES = 10;
/** The offset at the end of a versionstamped parameter: a 32-bit little-endian integer. */
export const OFFSET_BYTES = 4;
/** The most transactions one batch can number (the order is 2 bytes). */
export const MAX_BATCH_ORDER = 0xffff;

/** The 10-byte versionstamp of the transaction at `order` in the batch committed at `version`. */
export function versionstamp(version: number, order: number): Uint8Array {
  // TODO: check version (safe integer from 0) and order (0..MAX_BATCH_ORDER): RangeError otherwise.
  // TODO: 10 bytes: the version as 8 bytes BIG-endian, then the order as 2 bytes big-endian (a DataView helps).
  throw new NotImplemented('17-retry-loop', 'versionstamp()');
}

/**
 * The offset a versionstamped parameter carries in its last 4 bytes (little-endian). Throws
 * client_invalid_operation (2000) unless the parameter has those 4 bytes and the 10 stamp bytes
 * at the offset fit inside the bytes before them.
 */
export function versionstampOffset(param: Uint8Array, where: string): number {
  // TODO: client_invalid_operation (2000) if param has fewer than OFFSET_BYTES bytes.
  // TODO: read the last 4 bytes as a signed 32-bit LITTLE-endian integer (mind param.byteOffset: it may be a view).
  // TODO: client_invalid_operation unless 0 <= offset and offset + 10 <= the length before the 4 bytes.
  throw new NotImplemented('17-retry-loop', 'versionstampOffset()');
}

/** The parameter without its last 4 bytes, with `stamp` written at its offset. A new array. */
export function placeVersionstamp(param: Uint8Array, stamp: Uint8Array, where: string): Uint8Array {
  // TODO: find the offset with versionstampOffset; copy param without its last 4 bytes; write the stamp at the offset.
  throw new NotImplemented('17-retry-loop', 'placeVersionstamp()');
}
