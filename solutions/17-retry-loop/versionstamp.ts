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

/** A versionstamp's length: 8 bytes of commit version, 2 of batch order. */
export const VERSIONSTAMP_BYTES = 10;
/** The offset at the end of a versionstamped parameter: a 32-bit little-endian integer. */
export const OFFSET_BYTES = 4;
/** The most transactions one batch can number (the order is 2 bytes). */
export const MAX_BATCH_ORDER = 0xffff;

/** The 10-byte versionstamp of the transaction at `order` in the batch committed at `version`. */
export function versionstamp(version: number, order: number): Uint8Array {
  if (!Number.isSafeInteger(version) || version < 0)
    throw new RangeError(`versionstamp: a version is a whole number from 0, got ${version}.`);
  if (!Number.isInteger(order) || order < 0 || order > MAX_BATCH_ORDER) {
    throw new RangeError(`versionstamp: the batch order is a whole number from 0 to ${MAX_BATCH_ORDER}, got ${order}.`);
  }
  const stamp = new Uint8Array(VERSIONSTAMP_BYTES);
  const view = new DataView(stamp.buffer);
  view.setBigUint64(0, BigInt(version), false);
  view.setUint16(8, order, false);
  return stamp;
}

/**
 * The offset a versionstamped parameter carries in its last 4 bytes (little-endian). Throws
 * client_invalid_operation (2000) unless the parameter has those 4 bytes and the 10 stamp bytes
 * at the offset fit inside the bytes before them.
 */
export function versionstampOffset(param: Uint8Array, where: string): number {
  if (param.length < OFFSET_BYTES) {
    throw new FdbError(
      'client_invalid_operation',
      `${where}: a versionstamped parameter ends with a ${OFFSET_BYTES}-byte offset, and this one has ${param.length} bytes`,
    );
  }
  const body = param.length - OFFSET_BYTES;
  const offset = new DataView(param.buffer, param.byteOffset + body, OFFSET_BYTES).getInt32(0, true);
  if (offset < 0 || offset + VERSIONSTAMP_BYTES > body) {
    throw new FdbError(
      'client_invalid_operation',
      `${where}: the versionstamp at offset ${offset} needs ${VERSIONSTAMP_BYTES} bytes, and the parameter has ${body} before its offset`,
    );
  }
  return offset;
}

/** The parameter without its last 4 bytes, with `stamp` written at its offset. A new array. */
export function placeVersionstamp(param: Uint8Array, stamp: Uint8Array, where: string): Uint8Array {
  const offset = versionstampOffset(param, where);
  const out = param.slice(0, param.length - OFFSET_BYTES);
  out.set(stamp, offset);
  return out;
}
