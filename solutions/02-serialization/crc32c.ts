/**
 * Lesson 02: CRC32C, the checksum that guards every frame of the log.
 *
 * CRC32C (Castagnoli) is the CRC that iSCSI, ext4, Btrfs, LevelDB and RocksDB use: it finds every
 * single-bit error, every burst of up to 32 flipped bits, and every odd number of flipped bits.
 * This is the table-driven form: one table lookup per byte, with the polynomial in its reflected
 * (least significant bit first) form, 0x82F63B78. The reference also takes eight bytes per step
 * where it can ("slicing-by-8", the README's "Going further"): lesson 13 found the checksum of
 * each block read a sixth of the time of a random read.
 */

/** The Castagnoli polynomial 0x1EDC6F41, bit-reflected: the form a least-significant-bit-first CRC uses. */
export const CRC32C_POLYNOMIAL = 0x82f63b78;

let table: Uint32Array | undefined;
let slices: Uint32Array | undefined;

/** The 256 remainders: entry n is the CRC register after shifting the byte n through it. */
function makeTable(): Uint32Array {
  const result = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let bit = 0; bit < 8; bit++) {
      c = c & 1 ? (c >>> 1) ^ CRC32C_POLYNOMIAL : c >>> 1;
    }
    result[n] = c;
  }
  return result;
}

/**
 * Slicing-by-8: eight tables of 256, one after the other. Entry n of slice k is the register after
 * the byte n and then k zero bytes went through it, so that eight lookups, one per byte, each in
 * the slice for the number of bytes that follow it, advance the register by eight bytes at once.
 */
function makeSlices(base: Uint32Array): Uint32Array {
  const result = new Uint32Array(8 * 256);
  result.set(base);
  for (let k = 1; k < 8; k++) {
    for (let n = 0; n < 256; n++) {
      const before = result[(k - 1) * 256 + n]!;
      result[k * 256 + n] = base[before & 0xff]! ^ (before >>> 8);
    }
  }
  return result;
}

/**
 * The CRC32C of `bytes`, as an unsigned 32-bit integer (0 to 0xFFFFFFFF).
 *
 * `previous` continues a running checksum: `crc32c(b, crc32c(a))` equals the CRC32C of `a` then
 * `b`, so a frame's checksum can cover two separate arrays without joining them.
 * The check value: the CRC32C of the ASCII bytes "123456789" is 0xE3069283.
 */
export function crc32c(bytes: Uint8Array, previous = 0): number {
  table ??= makeTable();
  slices ??= makeSlices(table);
  // The register starts as all ones (and ends inverted), so leading zero bytes still count.
  let crc = ~previous;
  let i = 0;
  // Eight bytes per step: the register is folded into the first four (little-endian, as the
  // byte loop would meet them), then each byte is looked up in the slice for the bytes after it.
  for (const lastStep = bytes.length - 8; i <= lastStep; i += 8) {
    const low = crc ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24));
    crc =
      slices[7 * 256 + (low & 0xff)]! ^
      slices[6 * 256 + ((low >>> 8) & 0xff)]! ^
      slices[5 * 256 + ((low >>> 16) & 0xff)]! ^
      slices[4 * 256 + (low >>> 24)]! ^
      slices[3 * 256 + bytes[i + 4]!]! ^
      slices[2 * 256 + bytes[i + 5]!]! ^
      slices[256 + bytes[i + 6]!]! ^
      slices[bytes[i + 7]!]!;
  }
  // The last few bytes (and short inputs), one at a time.
  for (; i < bytes.length; i++) {
    crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  }
  // `>>> 0` makes the result unsigned; `| 0` would give negative numbers for half of all CRCs.
  return ~crc >>> 0;
}
