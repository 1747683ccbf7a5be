/**
 * Lesson 03: recovery, the replay of the log after a restart or a crash.
 *
 * The log is a row of frames (lesson 02). After a crash its end may be damaged: the last write
 * may be cut short (a torn write) or hold garbage. Recovery reads every intact frame, decides
 * what the damage means, and cuts a damaged tail off, so that the next frame appended lands
 * right after the last good one.
 *
 * How damage is told apart: a crash can only damage the END of the log, the writes that were
 * not yet synced. So damage with no intact frame after it is a torn tail, and damage with an
 * intact frame after it is corruption inside data that was already there: a bad disk, a bug, a
 * stray write. What recovery does with each is the recovery mode.
 */
import { crc32c } from '@ferris/02-serialization/crc32c.ts';
import {
  KIND_AT,
  MAX_ENTRY_BYTES,
  MIN_ENTRY_BYTES,
  WAL_KIND_DELETE,
  WAL_KIND_PUT,
} from '@ferris/02-serialization/entry-codec.ts';
import {
  CorruptFrameError,
  decodeFrame,
  FRAME_HEADER_BYTES,
  LENGTH_BYTES,
  MIN_FRAME_BYTES,
  TruncatedFrameError,
  type FrameCheck,
} from '@ferris/02-serialization/frame.ts';
import { CorruptionError } from '@support/corruption-error.ts';
import type { WalEntry } from '@ferris/01-wal-entry/entry.ts';
import type { FileSystem } from '@support/fs.ts';

/**
 * What recovery does with damage, named after RocksDB's WAL recovery modes.
 * - 'tolerate-corrupted-tail' (the default): cut off a damaged tail; throw `WalCorruptionError`
 *   for damage that has an intact frame after it.
 * - 'absolute-consistency': throw for any damage, even a torn tail.
 * - 'point-in-time': stop at the first damage and cut the log there, even if intact frames
 *   follow (they are dropped, and listed in `damage`).
 * - 'skip-any-corrupted': salvage. Skip each damaged stretch, keep every intact frame, cut only a
 *   damaged tail. Skipped stretches stay in the file, and are listed in `damage`.
 */
export type RecoveryMode = 'tolerate-corrupted-tail' | 'absolute-consistency' | 'point-in-time' | 'skip-any-corrupted';

export const RECOVERY_MODES: readonly RecoveryMode[] = [
  'tolerate-corrupted-tail',
  'absolute-consistency',
  'point-in-time',
  'skip-any-corrupted',
];

export const DEFAULT_RECOVERY_MODE: RecoveryMode = 'tolerate-corrupted-tail';

export interface RecoveryOptions {
  readonly mode?: RecoveryMode;
}

/** The check a damaged stretch of a log failed: 'truncated' (the file ends inside the frame), or lesson 02's. */
export type WalCheck = 'truncated' | FrameCheck;

/** One damaged stretch of the log and what recovery did with it. */
export interface WalDamage {
  /** Where the damaged stretch starts: the offset of the frame that did not decode. */
  readonly offset: number;
  /** Its length in bytes, up to the next intact frame or the end of the file. */
  readonly length: number;
  /** Which check failed: 'truncated' (the file ends inside the frame), or lesson 02's check. */
  readonly check: WalCheck;
  /** 'truncated': cut off the end of the file. 'skipped': left in place and stepped over. */
  readonly action: 'truncated' | 'skipped';
}

export interface RecoveryResult {
  /** Every entry of every intact frame, in log order. */
  readonly entries: WalEntry[];
  /** The log's length after recovery: the next frame is appended here. */
  readonly validBytes: number;
  /** How many bytes were cut off the end of the log. */
  readonly truncatedBytes: number;
  /** Every damaged stretch found, in log order. Empty for a clean log. */
  readonly damage: WalDamage[];
}

/** The log is damaged in a way the recovery mode does not accept. Nothing was changed. */
export class WalCorruptionError extends CorruptionError<WalCheck> {
  override readonly name = 'WalCorruptionError';
  /** The log file. */
  declare readonly file: string;
  /** The offset of the first byte of the frame that did not decode. */
  declare readonly offset: number;
  constructor(
    file: string,
    offset: number,
    /** The check that failed: 'truncated', or lesson 02's check ('checksum', 'length', ...). */
    check: WalCheck,
    readonly mode: RecoveryMode,
    /** Whether an intact frame follows the damage (then it is not a torn tail). */
    readonly intactFramesFollow: boolean,
  ) {
    super(
      `WAL ${file} is damaged at byte ${offset} (${check} check failed)` +
        (intactFramesFollow
          ? ', and intact frames follow, so this is not a torn tail: entries that were synced may be behind it.'
          : `, and recovery mode '${mode}' accepts no damage, not even a torn tail.`),
      {
        file,
        offset,
        check,
        advice:
          'Keep the file. Restore it from a replica or backup, or read what is intact with ' +
          "recoverWal(fs, path, { mode: 'skip-any-corrupted' }).",
      },
    );
  }
}

/** The outcome of decoding one frame: the entry, or the check that failed. */
export type FrameAt = { ok: true; entry: WalEntry; nextOffset: number } | { ok: false; check: WalCheck };

/**
 * Decodes the frame at `offset`, turning lesson 02's two typed errors into a value: a frame the
 * file ends inside is `check: 'truncated'`; a corrupt frame names the check that failed. Any
 * other error is a bug and is rethrown.
 */
export function frameAt(bytes: Uint8Array, offset: number): FrameAt {
  try {
    const { entry, nextOffset } = decodeFrame(bytes, offset);
    return { ok: true, entry, nextOffset };
  } catch (error) {
    if (error instanceof TruncatedFrameError) return { ok: false, check: 'truncated' };
    if (error instanceof CorruptFrameError) return { ok: false, check: error.check };
    throw error;
  }
}

/**
 * What a quick look at the bytes at `offset` says, before any decoding: 'candidate' when an
 * intact frame may start there, or the first quick check that rules it out.
 */
export type FrameScreen = 'candidate' | 'header' | 'length' | 'end' | 'kind' | 'checksum';

/** The unsigned little-endian 32-bit number in the four bytes at `at`. Given: no DataView per call. */
export function uint32At(bytes: Uint8Array, at: number): number {
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
}

/**
 * The scan's quick look at `offset`: rules out, without throwing and without decoding, an offset
 * where no intact frame can start. The checks, in this order (the first that fails is the answer):
 * - 'header': fewer than FRAME_HEADER_BYTES bytes from `offset` to the end of `bytes`;
 * - 'length': the length field is outside MIN_ENTRY_BYTES..MAX_ENTRY_BYTES;
 * - 'end': the frame that length describes runs past the end of `bytes`;
 * - 'kind': the body's first byte is neither WAL_KIND_PUT nor WAL_KIND_DELETE;
 * - 'checksum': the stored checksum is not the CRC32C of the length field, then the body.
 * Every intact frame is a 'candidate'. A candidate may still fail lesson 02's body checks, so
 * decode it (frameAt) before trusting it.
 */
export function screenFrame(bytes: Uint8Array, offset: number): FrameScreen {
  if (bytes.length - offset < FRAME_HEADER_BYTES) return 'header';
  // Four byte reads and two comparisons: most damaged offsets (zeros, random bytes) stop here.
  const length = uint32At(bytes, offset);
  if (length < MIN_ENTRY_BYTES || length > MAX_ENTRY_BYTES) return 'length';
  const bodyStart = offset + FRAME_HEADER_BYTES;
  const end = bodyStart + length;
  if (end > bytes.length) return 'end';
  const kind = bytes[bodyStart + KIND_AT];
  if (kind !== WAL_KIND_PUT && kind !== WAL_KIND_DELETE) return 'kind';
  // Only now the checksum, the one check that costs a pass over the frame.
  const computed = crc32c(bytes.subarray(bodyStart, end), crc32c(bytes.subarray(offset, offset + LENGTH_BYTES)));
  return computed === uint32At(bytes, offset + LENGTH_BYTES) ? 'candidate' : 'checksum';
}

/**
 * The offset of the first intact frame that starts at or after `from`, or -1 if there is none.
 * Tries every offset: after damage nothing says where the next frame starts, and a false match
 * needs a checksum to agree by chance (about 1 in 4 billion per offset). Each offset gets the
 * quick look first (screenFrame); only a candidate is decoded, so the scan throws nothing.
 */
export function nextIntactFrame(bytes: Uint8Array, from: number): number {
  // No frame is shorter than MIN_FRAME_BYTES, so none starts closer than that to the end.
  for (let offset = from; offset + MIN_FRAME_BYTES <= bytes.length; offset++) {
    if (screenFrame(bytes, offset) === 'candidate' && frameAt(bytes, offset).ok) return offset;
  }
  return -1;
}

/**
 * Reads the log at `path` and returns its entries. Cuts a damaged tail off the file (durably),
 * so that appending afterwards is safe. A missing log is an empty one.
 * Throws `WalCorruptionError` (file, offset, check) for damage the mode does not accept.
 */
export async function recoverWal(fs: FileSystem, path: string, options: RecoveryOptions = {}): Promise<RecoveryResult> {
  const mode = options.mode ?? DEFAULT_RECOVERY_MODE;
  if (!RECOVERY_MODES.includes(mode)) {
    throw new RangeError(`Unknown recovery mode '${String(mode)}'; use one of: ${RECOVERY_MODES.join(', ')}.`);
  }
  if (!(await fs.exists(path))) return { entries: [], validBytes: 0, truncatedBytes: 0, damage: [] };

  const bytes = await fs.readFile(path);
  const entries: WalEntry[] = [];
  const damage: WalDamage[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const frame = frameAt(bytes, offset);
    if (frame.ok) {
      entries.push(frame.entry);
      offset = frame.nextOffset;
      continue;
    }
    const next = nextIntactFrame(bytes, offset + 1);
    if (mode === 'absolute-consistency') {
      throw new WalCorruptionError(path, offset, frame.check, mode, next >= 0);
    }
    if (next < 0) {
      // Nothing intact after it: a torn or damaged tail, what a crash leaves. Cut it off.
      damage.push({ offset, length: bytes.length - offset, check: frame.check, action: 'truncated' });
      break;
    }
    if (mode === 'tolerate-corrupted-tail') {
      throw new WalCorruptionError(path, offset, frame.check, mode, true);
    }
    if (mode === 'point-in-time') {
      damage.push({ offset, length: bytes.length - offset, check: frame.check, action: 'truncated' });
      break;
    }
    damage.push({ offset, length: next - offset, check: frame.check, action: 'skipped' });
    offset = next;
  }

  const truncatedBytes = bytes.length - offset;
  // Durable before we return: a writer appending after garbage would bury its frames behind it.
  if (truncatedBytes > 0) await fs.truncate(path, offset);
  return { entries, validBytes: offset, truncatedBytes, damage };
}
