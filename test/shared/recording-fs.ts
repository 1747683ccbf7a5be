// A file system that records every read of an open file, and every read outside the file.
import type { FileSystem } from '@support/fs.ts';
import { SteppingFileSystem, type FsCall } from './stepping-fs.ts';

export interface Read {
  readonly path: string;
  readonly offset: number;
  readonly length: number;
}

/** Forwards to another file system and records each `read` of a file opened for reading. */
export class ReadRecordingFileSystem extends SteppingFileSystem {
  readonly reads: Read[] = [];
  /** Reads that asked for bytes outside the file, in words: a reader must never make one. */
  readonly outside: string[] = [];

  constructor(inner: FileSystem) {
    super(inner, undefined, { also: ['read'] });
  }

  /** The reads recorded since the last call, and forgets them. */
  takeReads(): Read[] {
    return this.reads.splice(0, this.reads.length);
  }

  protected override onStep(call: FsCall): void {
    if (call.op !== 'read') return;
    const { path, offset, length, fileSize } = call;
    if (!(offset >= 0 && length >= 0 && offset + length <= fileSize)) {
      this.outside.push(`read(offset ${offset}, length ${length}) of ${path}, which has ${fileSize} bytes`);
    }
    this.reads.push({ path, offset, length });
  }
}
