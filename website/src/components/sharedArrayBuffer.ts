// The reference MemTable (lesson 05) counts its bytes in a SizeCounter, whose 8 bytes live in a
// SharedArrayBuffer so that worker threads can share one memory budget. Browsers define
// SharedArrayBuffer only on cross-origin-isolated pages (served with the COOP and COEP headers),
// which a static host of this site does not send, so `new MemTable()` throws a ReferenceError in
// a picture. A picture runs in one thread: an ordinary ArrayBuffer is as shared as it needs to be,
// and Atomics works on it. This names one SharedArrayBuffer, only where the browser left it
// undefined; the reference code is not changed.

/** Makes `SharedArrayBuffer` exist in this (single-threaded) page. Call it before using a MemTable. */
export function ensureSharedArrayBuffer(): void {
  const scope = globalThis as { SharedArrayBuffer?: unknown };
  if (typeof scope.SharedArrayBuffer === 'function') return;
  class SingleThreadSharedArrayBuffer extends ArrayBuffer {}
  scope.SharedArrayBuffer = SingleThreadSharedArrayBuffer;
}
