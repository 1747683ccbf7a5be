/**
 * Lesson 08: MurmurHash3, the 32-bit x86 variant, for the bloom filter's probes.
 *
 * Austin Appleby's MurmurHash3_x86_32, as published with SMHasher: the input is read as
 * little-endian 32-bit blocks, each block is mixed into the state, the last 0 to 3 bytes are
 * mixed in as a partial block, and a final avalanche ("fmix32") spreads every input bit over
 * every output bit. It is fast and well distributed, and it is not a cryptographic hash.
 *
 * JavaScript numbers are doubles, so every step keeps the state an unsigned 32-bit integer:
 * `Math.imul` multiplies modulo 2^32, and `>>> 0` turns a signed 32-bit result back into an
 * unsigned one.
 */

/** The block constants of MurmurHash3_x86_32. */
export const C1 = 0xcc9e2d51;
export const C2 = 0x1b873593;

/** Rotates the unsigned 32-bit `x` left by `r` bits (0 < r < 32). */
export function rotl32(x: number, r: number): number {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
}

/** Mixes one 32-bit block before it joins the state. */
function scramble(k: number): number {
  k = Math.imul(k, C1);
  k = rotl32(k, 15);
  return Math.imul(k, C2);
}

/** The final avalanche ("fmix32"): every input bit affects every output bit. Returns it unsigned. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * MurmurHash3_x86_32 of `bytes` (exactly the bytes of the view, not of its whole buffer) with
 * `seed` (an unsigned 32-bit integer). Returns an unsigned 32-bit integer.
 */
export function murmur3_32(bytes: Uint8Array, seed = 0): number {
  const length = bytes.length;
  const blocks = length >>> 2;
  let h = seed >>> 0;
  for (let i = 0; i < blocks; i++) {
    const at = i * 4;
    const k = bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24);
    h ^= scramble(k);
    h = rotl32(h, 13);
    h = (Math.imul(h, 5) + 0xe6546b64) >>> 0;
  }
  const tail = blocks * 4;
  let k = 0;
  switch (length & 3) {
    case 3:
      k ^= bytes[tail + 2]! << 16;
    // falls through
    case 2:
      k ^= bytes[tail + 1]! << 8;
    // falls through
    case 1:
      k ^= bytes[tail]!;
      h ^= scramble(k);
  }
  h ^= length;
  return fmix32(h);
}
