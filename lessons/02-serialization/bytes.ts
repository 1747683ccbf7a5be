/**
 * Lesson 02: a small helper for reading and writing numbers inside byte arrays.
 */

/**
 * A DataView over exactly the bytes of `bytes`.
 *
 * A Uint8Array is often a window into a bigger buffer (a `subarray`, a chunk of a file), so the
 * view must start at `bytes.byteOffset`; `new DataView(bytes.buffer)` would read the wrong bytes.
 */
export function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
