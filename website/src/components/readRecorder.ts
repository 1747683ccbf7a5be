// A file system that reports every read of the files it opens: how a picture shows which bytes
// (or which tables) a lookup read, without changing the code it watches.
import type { FileSystem, ReadFile } from '@support/fs.ts';
import { ForwardingFileSystem } from '@support/forwarding-fs.ts';

/** Called for every read: the file's path, the offset and the length. */
export type ReadListener = (path: string, offset: number, length: number) => void;

export class ReadRecorder extends ForwardingFileSystem {
  constructor(
    inner: FileSystem,
    private readonly onRead: ReadListener,
  ) {
    super(inner);
  }

  override async openRead(path: string): Promise<ReadFile> {
    const file = await this.inner.openRead(path);
    const onRead = this.onRead;
    return {
      path: file.path,
      get size() {
        return file.size;
      },
      read(offset: number, length: number) {
        onRead(file.path, offset, length);
        return file.read(offset, length);
      },
      close: () => file.close(),
    };
  }
}
