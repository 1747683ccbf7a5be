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
 *
 * Your task: write murmur3_32 (the README gives the algorithm step by step). The tests check
 * it against published vectors (npm run lesson -- 08).
 */
import { NotImplemented } from '@support/not-implemented.ts';

/** The block constants of MurmurHash3_x86_32. */
export const C1 = 0xcc9e2d51;
export const C2 = 0x1b873593;

/** Rotates the unsigned 32-bit `x` left by `r` bits (0 < r < 32). */
export function rotl32(x: number, r: number): number {
  return ((x << r) | (x >>> (32 - r))) >>> 0;
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
  // TODO: h = seed. For each whole 4-byte block, read it little-endian into k (bytes[i] is the
  //       least significant), scramble it (k *= C1, rotate left 15, k *= C2), then
  //       h ^= k; h = rotl32(h, 13); h = h * 5 + 0xe6546b64 (kept unsigned 32-bit).
  // TODO: the 1 to 3 bytes left over (the tail): build k from them little-endian, scramble it
  //       the same way and h ^= k (no rotation and no * 5 for the tail).
  // TODO: h ^= length in bytes, then return fmix32(h) (given above).
  // Multiply with Math.imul, never with *, and use >>> for right shifts.
  throw new NotImplemented('08-bloom-filter', 'murmur3_32()');
}
