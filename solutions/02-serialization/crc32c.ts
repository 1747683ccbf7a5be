/**
 * Lesson 02: CRC32C, the checksum that guards every frame of the log.
 *
 * CRC32C (Castagnoli) is the CRC that iSCSI, ext4, Btrfs, LevelDB and RocksDB use: it finds every
 * single-bit error, every burst of up to 32 flipped bits, and every odd number of flipped bits.
 * This is the table-driven form: one table lookup per byte, with the polynomial in its reflected
 * (least significant bit first) form, 0x82F63B78.
 */

/** The Castagnoli polynomial 0x1EDC6F41, bit-reflected: the form a least-significant-bit-first CRC uses. */
export const CRC32C_POLYNOMIAL = 0x82f63b78;

let table: Uint32Array | undefined;

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
 * The CRC32C of `bytes`, as an unsigned 32-bit integer (0 to 0xFFFFFFFF).
 *
 * `previous` continues a running checksum: `crc32c(b, crc32c(a))` equals the CRC32C of `a` then
 * `b`, so a frame's checksum can cover two separate arrays without joining them.
 * The check value: the CRC32C of the ASCII bytes "123456789" is 0xE3069283.
 */
export function crc32c(bytes: Uint8Array, previous = 0): number {
  table ??= makeTable();
  // The register starts as all ones (and ends inverted), so leading zero bytes still count.
  let crc = ~previous;
  for (let i = 0; i < bytes.length; i++) {
    crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  }
  // `>>> 0` makes the result unsigned; `| 0` would give negative numbers for half of all CRCs.
  return ~crc >>> 0;
}
