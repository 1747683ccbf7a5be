// Copies of small byte arrays cut from slabs, as Node's Buffer pool cuts small Buffers from 8 KiB
// ones. Given code for every lesson; lesson 13's README measures why it exists.
//
// `Uint8Array.from(bytes)` of more than 64 bytes gives the copy an ArrayBuffer of its own,
// outside V8's heap: about half a microsecond to make, and more for the collector to track. A
// fill of a million keys made four copies per put, and a scan three per pair; cutting them from
// slabs made fillseq about a third faster here. `allocate` gives room to build output in place:
// lesson 02 writes each frame of the log into one.

/** The size of each slab that small copies are cut from (Node's Buffer pool uses the same). */
export const COPY_SLAB_BYTES = 8 * 1024;
/** Longer copies get their own buffer: cut from a slab, they would waste too much of it. */
export const MAX_SLAB_COPY_BYTES = 1024;

/**
 * Makes copies that share no byte with what they copy or with each other. A small copy is a view
 * into a slab that holds other copies of the same `SlabCopies`: its `.buffer` is shared, so a
 * caller who writes past its view (into the whole `.buffer`) changes those other copies. Keep
 * one `SlabCopies` per owner: copies kept inside the database and copies handed to callers must
 * never come from the same one. A slab is never reused: a copy kept for long keeps its slab alive.
 */
export class SlabCopies {
  private slab = new ArrayBuffer(0);
  private used = 0;

  /** A copy of `bytes`, as a plain Uint8Array. */
  copy(bytes: Uint8Array): Uint8Array {
    if (bytes.length > MAX_SLAB_COPY_BYTES) return Uint8Array.from(bytes);
    const out = this.allocate(bytes.length);
    out.set(bytes);
    return out;
  }

  /**
   * `length` zeroed bytes, cut from a slab as a copy is: room to build output in place (lesson 02
   * writes each frame of the log straight into one). Slabs are new and never reused, hence zeroed.
   */
  allocate(length: number): Uint8Array<ArrayBuffer> {
    if (length > MAX_SLAB_COPY_BYTES) return new Uint8Array(length);
    if (this.used + length > this.slab.byteLength) {
      this.slab = new ArrayBuffer(COPY_SLAB_BYTES);
      this.used = 0;
    }
    const out = new Uint8Array(this.slab, this.used, length);
    this.used += length;
    return out;
  }
}
