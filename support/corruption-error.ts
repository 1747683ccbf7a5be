/**
 * The family of corruption errors: bytes on disk (or handed to a decoder) that are not what their
 * format says. Every lesson's `Corrupt*Error` and lesson 03's `WalCorruptionError` extend
 * `CorruptionError`, so recovery code, tools and tests can treat them alike: which file, which
 * bytes, which check failed (each format names its own checks as a string-literal type), and what
 * to do about it. A corruption error is never retried: the same bytes fail the same check.
 */

/** Where the damage is and what was found; `file`, `offset` and `length` are left out when unknown. */
export interface CorruptionSite<Check extends string> {
  /** The damaged file. Left out by decoders handed bytes in memory (one frame, block or key). */
  readonly file?: string;
  /**
   * Where the damage starts, in bytes from the start of `file` (or of the bytes decoded). Left
   * out when it is found after decoding, where byte positions are gone.
   */
  readonly offset?: number;
  /** How many bytes the damaged stretch covers (a block, a frame, a record), when known. */
  readonly length?: number;
  /** The format's check that failed. */
  readonly check: Check;
  /** What the reader of the message should do, as a sentence. */
  readonly advice: string;
  readonly cause?: unknown;
}

export abstract class CorruptionError<Check extends string = string> extends Error {
  readonly file: string | undefined;
  readonly offset: number | undefined;
  readonly length: number | undefined;
  readonly check: Check;
  /** What to do about it (the message ends with it). */
  readonly advice: string;

  /** `description` says what is wrong and where; the message is the description, then the advice. */
  constructor(description: string, site: CorruptionSite<Check>) {
    super(`${description} ${site.advice}`, site.cause === undefined ? undefined : { cause: site.cause });
    this.file = site.file;
    this.offset = site.offset;
    this.length = site.length;
    this.check = site.check;
    this.advice = site.advice;
  }
}
