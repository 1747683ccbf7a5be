/**
 * Lesson 08: a bloom filter, so that a read can skip a table that cannot hold its key.
 *
 * A bloom filter is an array of m bits and k probe positions per key. Adding a key sets its k
 * bits; asking about a key checks them. If any is clear the key was never added ("no" is always
 * right); if all are set the key was probably added ("maybe"). With b bits per key and
 * k = b ln 2 probes, the chance of a wrong "maybe" is about 0.6185^b: 10 bits per key give 0.8 %.
 *
 * The k positions come from two 32-bit hashes by double hashing (Kirsch and Mitzenmacher):
 * position i is h1 + i * delta, reduced to the bit array. The filter is stored on disk inside a
 * table, so the hashing, the sizing and the byte layout below are a file format: every
 * implementation must produce exactly the same bits.
 */
import type { FilterPolicy } from '@ferris/07-sstable/format.ts';
import { murmur3_32 } from './murmur3.ts';
import { CorruptionError } from '@support/corruption-error.ts';

/** The fewest probes per key: with zero probes every key would "maybe" be present. */
export const MIN_PROBES = 1;
/** The most probes per key. Past about 30 a probe costs more than the rate it saves. */
export const MAX_PROBES = 30;
/** Every filter has at least this many bits, so that a table with a few keys still filters. */
export const MIN_FILTER_BITS = 64;
/** The most bits per key a filter may use: 100 bits per key is a rate of about 1e-21. */
export const MAX_BITS_PER_KEY = 100;
/** The largest bit array, in bytes (2^31 bits): a table with more keys than that is split. */
export const MAX_FILTER_BYTES = 2 ** 28;
/** The seed of the first hash, h1: where a key's probes start. */
export const HASH_SEED = 0xbc9f1d34;
/** The seed of the second hash, which gives delta: how far apart a key's probes are. */
export const DELTA_SEED = 0x9747b28c;

/** The check a stored filter failed: its length, or its probe-count byte. */
export type FilterCheck = 'length' | 'probes';

/** A stored filter could not be read: the check names what is wrong with its bytes. */
export class CorruptFilterError extends CorruptionError<FilterCheck> {
  override readonly name = 'CorruptFilterError';
  constructor(check: FilterCheck, message: string) {
    super(`Corrupt bloom filter (${check}): ${message}`, {
      check,
      advice: 'Do not use this filter (a table can be read without it); rebuild the table to get a good one.',
    });
  }
}

/** Throws a RangeError unless `bitsPerKey` is a finite number in (0, MAX_BITS_PER_KEY]. */
export function checkBitsPerKey(bitsPerKey: number): void {
  if (
    typeof bitsPerKey !== 'number' ||
    !Number.isFinite(bitsPerKey) ||
    bitsPerKey <= 0 ||
    bitsPerKey > MAX_BITS_PER_KEY
  ) {
    throw new RangeError(
      `bitsPerKey must be a number above 0 and at most MAX_BITS_PER_KEY = ${MAX_BITS_PER_KEY}, got ${String(bitsPerKey)}. ` +
        'Ten bits per key give a false-positive rate of about 1 %.',
    );
  }
}

/**
 * The false-positive rate theory predicts for a filter with `bitsPerKey` bits per key and
 * `probes` probes per key: (1 - e^(-probes / bitsPerKey))^probes.
 */
export function theoreticalFalsePositiveRate(bitsPerKey: number, probes: number): number {
  return (1 - Math.exp(-probes / bitsPerKey)) ** probes;
}

/**
 * The bits per key that give a false-positive rate of `rate` with the best number of probes:
 * -ln(rate) / (ln 2)^2. A rate of 0.01 needs about 9.6 bits per key.
 */
export function bitsPerKeyForRate(rate: number): number {
  if (typeof rate !== 'number' || !(rate > 0 && rate < 1)) {
    throw new RangeError(
      `the false-positive rate must be above 0 and below 1, got ${String(rate)}; 0.01 is a common choice.`,
    );
  }
  const bitsPerKey = -Math.log(rate) / (Math.LN2 * Math.LN2);
  checkBitsPerKey(bitsPerKey);
  return bitsPerKey;
}

/**
 * The number of probes per key for `bitsPerKey`: round(bitsPerKey * ln 2), which minimises the
 * false-positive rate, clamped to [MIN_PROBES, MAX_PROBES].
 */
export function probesForBitsPerKey(bitsPerKey: number): number {
  checkBitsPerKey(bitsPerKey);
  const probes = Math.round(bitsPerKey * Math.LN2);
  return Math.min(MAX_PROBES, Math.max(MIN_PROBES, probes));
}

/**
 * The `probes` bit positions of `key` in a filter of `bitCount` bits, in probe order.
 *
 * h = murmur3_32(key, HASH_SEED); delta = murmur3_32(key, DELTA_SEED) | 1; then for each probe
 * the position is h mod bitCount, and h becomes (h + delta) mod 2^32.
 */
export function probePositions(key: Uint8Array, probes: number, bitCount: number): number[] {
  let h = murmur3_32(key, HASH_SEED);
  // An odd step never shares the factor 2 with bitCount (a multiple of 8), so the probes of one
  // key do not fall back onto the same few bits.
  const delta = (murmur3_32(key, DELTA_SEED) | 1) >>> 0;
  const positions: number[] = [];
  for (let i = 0; i < probes; i++) {
    positions.push(h % bitCount);
    h = (h + delta) >>> 0;
  }
  return positions;
}

/** The number of bytes of the bit array for `keyCount` keys at `bitsPerKey`. */
export function filterBytes(keyCount: number, bitsPerKey: number): number {
  const bits = Math.max(MIN_FILTER_BITS, Math.ceil(keyCount * bitsPerKey));
  return Math.ceil(bits / 8);
}

/**
 * A bloom filter: a bit array and a number of probes per key.
 *
 * On disk (`encode()`), a filter is the bit array followed by one byte holding the number of
 * probes. Bit p of the array is bit (p mod 8) of byte floor(p / 8), least significant first.
 */
export class BloomFilter {
  private constructor(
    /** The bit array; its length in bits is a multiple of 8 and at least MIN_FILTER_BITS. */
    readonly bits: Uint8Array,
    /** The number of probes per key, in [MIN_PROBES, MAX_PROBES]. */
    readonly probes: number,
  ) {}

  /** The number of bits in the array (8 per byte). */
  get bitCount(): number {
    return this.bits.length * 8;
  }

  /**
   * Builds a filter over `keys` with `bitsPerKey` bits per key: filterBytes(keys.length,
   * bitsPerKey) bytes of bits and probesForBitsPerKey(bitsPerKey) probes.
   */
  static build(keys: readonly Uint8Array[], bitsPerKey: number): BloomFilter {
    checkBitsPerKey(bitsPerKey);
    const byteCount = filterBytes(keys.length, bitsPerKey);
    if (byteCount > MAX_FILTER_BYTES) {
      throw new RangeError(
        `a filter for ${keys.length} keys at ${bitsPerKey} bits per key needs ${byteCount} bytes, over MAX_FILTER_BYTES = ${MAX_FILTER_BYTES}: write smaller tables.`,
      );
    }
    const filter = new BloomFilter(new Uint8Array(byteCount), probesForBitsPerKey(bitsPerKey));
    for (const key of keys) filter.add(key);
    return filter;
  }

  /** Reads a filter written by `encode()`. Throws CorruptFilterError if the bytes cannot be one. */
  static decode(bytes: Uint8Array): BloomFilter {
    if (bytes.length < MIN_FILTER_BITS / 8 + 1) {
      throw new CorruptFilterError(
        'length',
        `${bytes.length} bytes is too short: a filter has at least ${MIN_FILTER_BITS / 8} bytes of bits and 1 byte of probe count.`,
      );
    }
    const probes = bytes[bytes.length - 1]!;
    if (probes < MIN_PROBES || probes > MAX_PROBES) {
      throw new CorruptFilterError(
        'probes',
        `the probe count byte is ${probes}, outside ${MIN_PROBES}..${MAX_PROBES}.`,
      );
    }
    return new BloomFilter(bytes.subarray(0, bytes.length - 1), probes);
  }

  /** Sets the probe bits of `key`. */
  private add(key: Uint8Array): void {
    for (const position of probePositions(key, this.probes, this.bitCount)) {
      this.bits[position >>> 3]! |= 1 << (position & 7);
    }
  }

  /** False if `key` was certainly never added; true if it probably was. */
  mayContain(key: Uint8Array): boolean {
    for (const position of probePositions(key, this.probes, this.bitCount)) {
      if ((this.bits[position >>> 3]! & (1 << (position & 7))) === 0) return false;
    }
    return true;
  }

  /** The filter as bytes: the bit array, then one byte with the number of probes. */
  encode(): Uint8Array {
    const bytes = new Uint8Array(this.bits.length + 1);
    bytes.set(this.bits, 0);
    bytes[this.bits.length] = this.probes;
    return bytes;
  }
}

/** How a policy sizes its filters: bits per key, or a target false-positive rate. */
export type BloomOptions = { readonly bitsPerKey: number } | { readonly falsePositiveRate: number };

/**
 * The bloom filter as lesson 07's `FilterPolicy`: give it to `writeTable(..., { filterPolicy })`
 * and the table stores one filter over its keys, which reads consult before any data block.
 */
export class BloomFilterPolicy implements FilterPolicy {
  readonly name = 'ferris.bloom.murmur3.v1';
  readonly bitsPerKey: number;

  constructor(options: BloomOptions = { bitsPerKey: 10 }) {
    this.bitsPerKey = 'bitsPerKey' in options ? options.bitsPerKey : bitsPerKeyForRate(options.falsePositiveRate);
    checkBitsPerKey(this.bitsPerKey);
  }

  createFilter(keys: Uint8Array[]): Uint8Array {
    return BloomFilter.build(keys, this.bitsPerKey).encode();
  }

  mayContain(filter: Uint8Array, key: Uint8Array): boolean {
    return BloomFilter.decode(filter).mayContain(key);
  }
}
