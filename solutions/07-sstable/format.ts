/**
 * Lesson 07: the table's file format: block handles, the footer, and the errors.
 *
 *   data block 0 | ... | data block n-1 | meta block | index block | footer (40 bytes)
 *
 * Every block is a lesson-06 block, with its own CRC32C. The index block maps the last key of
 * each data block to that block's handle; the meta block maps "filter.<policy name>" to a filter.
 * The footer, at the very end, is the one thing at a known place:
 *
 *   meta handle (12) | index handle (12) | format version (4) | CRC32C of the 28 bytes before (4) | magic (8)
 *
 * A handle is the block's offset (8 bytes) and size (4 bytes). Every number is little-endian.
 */
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import { crc32c } from '@ferris/02-serialization/crc32c.ts';
import { ByteSink, readUint32, readUint64 } from '@ferris/06-block/bytes.ts';
import { EMPTY_BLOCK_BYTES, showKey } from '@ferris/06-block/format.ts';
import { CorruptionError } from '@support/corruption-error.ts';

/** The last 8 bytes of every table: the ASCII letters "FERRISST" (FerrisDB sorted table). */
export const MAGIC: Uint8Array = Uint8Array.of(0x46, 0x45, 0x52, 0x52, 0x49, 0x53, 0x53, 0x54);
/** The version of the format this code writes and the only one it reads. */
export const FORMAT_VERSION = 1;
/** A block handle: offset (u64) then size (u32). */
export const BLOCK_HANDLE_BYTES = 12;
/** Where each footer field starts. */
export const FOOTER_META_AT = 0;
export const FOOTER_INDEX_AT = FOOTER_META_AT + BLOCK_HANDLE_BYTES;
export const FOOTER_VERSION_AT = FOOTER_INDEX_AT + BLOCK_HANDLE_BYTES;
export const FOOTER_CHECKSUM_AT = FOOTER_VERSION_AT + 4;
export const FOOTER_MAGIC_AT = FOOTER_CHECKSUM_AT + 4;
/** The footer's size: two handles, the version, the checksum, the magic. */
export const FOOTER_BYTES = FOOTER_MAGIC_AT + MAGIC.length;
/** The size data blocks are cut at (LevelDB's default): a block is finished once it reaches this. */
export const DEFAULT_BLOCK_SIZE = 4096;
/** The smallest and largest target block sizes a writer accepts. */
export const MIN_BLOCK_SIZE = 64;
export const MAX_BLOCK_SIZE = 16 * 1024 * 1024;
/** The meta block's key for a filter is this prefix followed by the policy's name. */
export const FILTER_KEY_PREFIX = 'filter.';
/** A temporary file is the table's path with this suffix, until it is renamed into place. */
export const TEMP_SUFFIX = '.tmp';

/** Where a block is in the file. */
export interface BlockHandle {
  readonly offset: number;
  readonly size: number;
}

/** The footer's contents. */
export interface Footer {
  readonly meta: BlockHandle;
  readonly index: BlockHandle;
}

/**
 * Builds a filter over a table's user keys, and answers from it. Lesson 08's BloomFilterPolicy is
 * one; a table records the policy's name next to the filter and ignores filters of other names.
 */
export interface FilterPolicy {
  /** Names the filter's format; a reader uses a stored filter only if the names match. */
  readonly name: string;
  /** One filter over `keys` (each user key of the table once, in order). */
  createFilter(keys: Uint8Array[]): Uint8Array;
  /** False only if `key` is certainly not one of the keys the filter was made from. */
  mayContain(filter: Uint8Array, key: Uint8Array): boolean;
}

/** Which check a table failed. */
export type TableCheck =
  /** The file is shorter than a footer. */
  | 'too-short'
  /** The last 8 bytes are not MAGIC: not a table, or a table cut short. */
  | 'magic'
  /** The footer's CRC32C does not match. */
  | 'checksum'
  /** A format version this code does not read. */
  | 'version'
  /** A block handle points outside the region its block must be in. */
  | 'handle'
  /** A block failed lesson 06's checks (its CRC32C, most often). */
  | 'block'
  /** A key in a block is not an encoded internal key. */
  | 'key';

/**
 * A table's bytes are not a valid table. Names the file, the damaged range (`offset` and
 * `length`, in the file) and the check that failed.
 */
export class CorruptTableError extends CorruptionError<TableCheck> {
  override readonly name = 'CorruptTableError';
  declare readonly file: string;
  /** The first byte, in the file, of the footer or block that failed its check. */
  declare readonly offset: number;
  /** How many bytes that footer or block has. */
  declare readonly length: number;
  constructor(
    file: string,
    offset: number,
    length: number,
    check: TableCheck,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Corrupt table ${file} (${check}) in bytes ${offset}..${offset + length - 1}: ${detail}`, {
      file,
      offset,
      length,
      check,
      advice: 'The table cannot be trusted: restore it from a replica or rebuild it from the log.',
      cause: options?.cause,
    });
  }
}

/** The entries given to writeTable are not in internal-key order, or repeat a version. */
export class TableOrderError extends Error {
  override readonly name = 'TableOrderError';
  constructor(
    readonly entry: WalEntry,
    readonly previous: WalEntry,
    /** How many entries were accepted before this one. */
    readonly index: number,
  ) {
    super(
      `Entry ${index} (key ${showKey(entry.key)}, sequence ${entry.sequence}) does not sort after the entry before it ` +
        `(key ${showKey(previous.key)}, sequence ${previous.sequence}). A table needs internal-key order: ` +
        'user keys ascending, and for one key, sequence numbers descending, each version once (MemTable.entries() gives this order).',
    );
  }
}

/** Appends a handle: offset as 8 bytes, size as 4, little-endian. */
export function encodeBlockHandle(handle: BlockHandle, sink: ByteSink = new ByteSink(BLOCK_HANDLE_BYTES)): ByteSink {
  return sink.uint64(handle.offset).uint32(handle.size);
}

/** Reads a handle at `at`; null if the bytes are too short or the offset is not a safe integer. */
export function decodeBlockHandle(bytes: Uint8Array, at = 0): BlockHandle | null {
  if (at < 0 || at + BLOCK_HANDLE_BYTES > bytes.length) return null;
  const offset = readUint64(bytes, at);
  if (offset === null) return null;
  return { offset, size: readUint32(bytes, at + 8) };
}

/** The 40 footer bytes: the meta handle, the index handle, FORMAT_VERSION, a CRC32C of those 28 bytes, MAGIC. */
export function encodeFooter(footer: Footer): Uint8Array {
  const sink = new ByteSink(FOOTER_BYTES);
  encodeBlockHandle(footer.meta, sink);
  encodeBlockHandle(footer.index, sink);
  sink.uint32(FORMAT_VERSION);
  sink.uint32(crc32c(sink.view()));
  sink.bytes(MAGIC);
  return sink.toBytes();
}

/**
 * Reads and checks the footer of a table of `fileSize` bytes, from its last FOOTER_BYTES bytes.
 * Checks, in this order: the magic, the checksum, the version, then that both handles lie inside
 * the file before the footer and are at least an empty block long. Throws CorruptTableError
 * naming `file`, the footer's offset, and the check that failed.
 */
export function decodeFooter(bytes: Uint8Array, file: string, fileSize: number): Footer {
  const at = fileSize - FOOTER_BYTES;
  const fail = (check: TableCheck, detail: string): CorruptTableError =>
    new CorruptTableError(file, at, FOOTER_BYTES, check, detail);
  if (bytes.length !== FOOTER_BYTES)
    throw fail('too-short', `a footer has ${FOOTER_BYTES} bytes, got ${bytes.length}.`);
  for (let i = 0; i < MAGIC.length; i++) {
    if (bytes[FOOTER_MAGIC_AT + i] !== MAGIC[i]) {
      throw fail(
        'magic',
        'the file does not end with the magic number "FERRISST": it is not a table, or it was cut short.',
      );
    }
  }
  const stored = readUint32(bytes, FOOTER_CHECKSUM_AT);
  const actual = crc32c(bytes.subarray(0, FOOTER_CHECKSUM_AT));
  if (stored !== actual) throw fail('checksum', `the footer's CRC32C is ${stored} but its bytes give ${actual}.`);
  const version = readUint32(bytes, FOOTER_VERSION_AT);
  if (version !== FORMAT_VERSION) {
    throw fail('version', `the table has format version ${version}; this code reads version ${FORMAT_VERSION} only.`);
  }
  const handle = (name: string, offsetInFooter: number): BlockHandle => {
    const h = decodeBlockHandle(bytes, offsetInFooter);
    if (h === null || h.size < EMPTY_BLOCK_BYTES || h.offset + h.size > at) {
      throw fail(
        'handle',
        `the ${name} block handle (${h ? `offset ${h.offset}, size ${h.size}` : 'unreadable'}) is not inside the ${at} bytes before the footer.`,
      );
    }
    return h;
  };
  return { meta: handle('meta', FOOTER_META_AT), index: handle('index', FOOTER_INDEX_AT) };
}

/** One field of the table format, for documentation and the website's picture. */
export interface TableField {
  readonly name: string;
  readonly bytes: number | 'variable';
  readonly meaning: string;
}

/** The table's regions in file order, and the footer field by field. */
export const TABLE_LAYOUT: { readonly regions: readonly TableField[]; readonly footer: readonly TableField[] } = {
  regions: [
    {
      name: 'data blocks',
      bytes: 'variable',
      meaning: 'the entries, in internal-key order, cut into lesson-06 blocks of about blockSize bytes',
    },
    {
      name: 'meta block',
      bytes: 'variable',
      meaning: 'a lesson-06 block: "filter.<policy name>" -> the filter over the user keys (empty without a policy)',
    },
    {
      name: 'index block',
      bytes: 'variable',
      meaning: 'a lesson-06 block: the last key of each data block -> its handle (offset, size)',
    },
    {
      name: 'footer',
      bytes: FOOTER_BYTES,
      meaning: 'where the meta and index blocks are, the format version, a checksum, the magic',
    },
  ],
  footer: [
    { name: 'meta offset', bytes: 8, meaning: 'where the meta block starts' },
    { name: 'meta size', bytes: 4, meaning: "the meta block's size" },
    { name: 'index offset', bytes: 8, meaning: 'where the index block starts' },
    { name: 'index size', bytes: 4, meaning: "the index block's size" },
    { name: 'format version', bytes: 4, meaning: `${FORMAT_VERSION}` },
    { name: 'checksum', bytes: 4, meaning: 'CRC32C of the 28 footer bytes before it' },
    { name: 'magic', bytes: MAGIC.length, meaning: 'the ASCII letters FERRISST' },
  ],
};
