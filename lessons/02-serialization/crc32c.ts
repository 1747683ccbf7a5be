/**
 * Lesson 02: CRC32C, the checksum that guards every frame of the log.
 *
 * CRC32C (Castagnoli) is the CRC that iSCSI, ext4, Btrfs, LevelDB and RocksDB use: it finds every
 * single-bit error, every burst of up to 32 flipped bits, and every odd number of flipped bits.
 * This is the table-driven form: one table lookup per byte, with the polynomial in its reflected
 * (least significant bit first) form, 0x82F63B78.
 *
 * Your task: write makeTable() and crc32c(). The README's "Background" explains the algorithm;
 * the tests check it against published values (npm run lesson -- 02).
 */
import { NotImplemented } from '@support/not-implemented.ts';

/** The Castagnoli polynomial 0x1EDC6F41, bit-reflected: the form a least-significant-bit-first CRC uses. */
export const CRC32C_POLYNOMIAL = 0x82f63b78;

let table: Uint32Array | undefined;

/** The 256 remainders: entry n is the CRC register after shifting the byte n through it. */
function makeTable(): Uint32Array {
  // TODO: for each n in 0..255, start with c = n and shift it right 8 times; whenever the bit
  //       shifted out is 1, XOR CRC32C_POLYNOMIAL into c. Store c (a Uint32Array keeps it unsigned).
  throw new NotImplemented('02-serialization', 'makeTable()');
}

/**
 * The CRC32C of `bytes`, as an unsigned 32-bit integer (0 to 0xFFFFFFFF).
 *
 * `previous` continues a running checksum: `crc32c(b, crc32c(a))` equals the CRC32C of `a` then
 * `b`, so a frame's checksum can cover two separate arrays without joining them.
 * The check value: the CRC32C of the ASCII bytes "123456789" is 0xE3069283.
 */
export function crc32c(bytes: Uint8Array, previous = 0): number {
  // TODO: build the table once (table ??= makeTable()).
  // TODO: start the register at the inverse of `previous` (~previous), so that a fresh checksum
  //       starts from all ones and a continued one picks up where the last call stopped.
  // TODO: for each byte: crc = table[(crc ^ byte) & 0xff] ^ (crc >>> 8). Which shift keeps the sign bit out?
  // TODO: return the inverse of the register as an UNSIGNED number. Is `| 0` or `>>> 0` unsigned?
  throw new NotImplemented('02-serialization', 'crc32c()');
}
