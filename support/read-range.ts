/**
 * The one check every `ReadFile.read` makes before it reads: the range must be whole numbers and
 * lie inside the file's size (fixed when the file was opened, see support/fs.ts). Shared by the
 * simulated disk, lesson 03's real one and lesson 13's compressed files, so they refuse the same
 * reads with the same error.
 */

/** A read asked for bytes outside the file: a bug in the reader, never a damaged file. */
export class ReadOutOfRangeError extends RangeError {
  override readonly name = 'ReadOutOfRangeError';
  constructor(
    readonly path: string,
    readonly offset: number,
    readonly length: number,
    /** The file's size when it was opened. */
    readonly size: number,
  ) {
    super(
      `read(${path}, offset ${offset}, length ${length}) is outside the file (${size} bytes). ` +
        'Reads take whole numbers and stay inside the size the file had when it was opened.',
    );
  }
}

/** Throws ReadOutOfRangeError unless `offset` and `length` are whole numbers with offset + length <= size. */
export function checkReadRange(path: string, offset: number, length: number, size: number): void {
  if (!Number.isInteger(offset) || !Number.isInteger(length) || offset < 0 || length < 0 || offset + length > size) {
    throw new ReadOutOfRangeError(path, offset, length, size);
  }
}
