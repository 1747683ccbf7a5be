// The one forwarding file system of the tests and benchmarks: every call it passes on goes
// through one hook first. Counting, recording, pausing and crashing at step N are all that hook
// (see crashing-fs.ts, pausing-fs.ts, recording-fs.ts); write a new wrapper as a hook, not as
// another class that spells out the ten calls of FileSystem.
//
// A "step" is one call the hook sees, numbered from 0. By default the steps are the calls that
// change the disk or read it by name (the ten calls of FileSystem) and `append` and `sync` on a
// file opened for appending. `close` of any file, the `size` of any file and `read` of a file
// opened for reading are steps only when the options name them, so that adding one to a test
// never shifts the step numbers of another test by accident.
import { ForwardingFileSystem } from '@support/forwarding-fs.ts';
import type { AppendFile, FileSystem, ReadFile } from '@support/fs.ts';

/** One call through the file system, as the hook sees it. `path` is the file (or the directory) it is about. */
export type FsCall =
  | {
      readonly op: 'openAppend' | 'openRead' | 'readFile' | 'remove' | 'list' | 'mkdir' | 'syncDir' | 'exists';
      readonly path: string;
    }
  | { readonly op: 'truncate'; readonly path: string; readonly length: number }
  | { readonly op: 'rename'; readonly path: string; readonly to: string }
  | { readonly op: 'append'; readonly path: string; readonly bytes: Uint8Array }
  | { readonly op: 'sync' | 'close' | 'size'; readonly path: string }
  | {
      readonly op: 'read';
      readonly path: string;
      readonly offset: number;
      readonly length: number;
      readonly fileSize: number;
    };

/** The calls that are steps only when chosen. */
export type OptionalStep = 'close' | 'size' | 'read';

export interface SteppingOptions {
  /** Which of `close`, `size` and `read` are steps too (none by default). */
  readonly also?: readonly OptionalStep[];
  /** Only calls about paths for which this is true are steps (default: every path). */
  readonly paths?: (path: string) => boolean;
}

/**
 * The hook: runs before the call it is given, which happens only if the hook returns (or its
 * promise resolves). Throwing stops the call (a crash); awaiting holds it (a pause). A `size`
 * step cannot be held: its hook runs synchronously, and a promise it returns is not awaited.
 */
export type StepHook = (call: FsCall, step: number) => void | Promise<void>;

/** A call in words, for failure messages: "append(db/000003.log, 40 bytes)". */
export function describeCall(call: FsCall): string {
  switch (call.op) {
    case 'truncate':
      return `truncate(${call.path}, ${call.length} bytes)`;
    case 'rename':
      return `rename(${call.path}, ${call.to})`;
    case 'append':
      return `append(${call.path}, ${call.bytes.length} bytes)`;
    case 'read':
      return `read(${call.path}, bytes ${call.offset} to ${call.offset + call.length - 1}, ${call.length} bytes)`;
    default:
      return `${call.op}(${call.path})`;
  }
}

/** The error a test's hook throws in place of a call: an I/O failure, not a crash. */
export class InjectedFailure extends Error {
  override readonly name = 'InjectedFailure';
  constructor(readonly call: FsCall) {
    super(`injected failure of ${describeCall(call)}`);
  }
}

/** Forwards every call to `inner`, calling the hook before each step. */
export class SteppingFileSystem extends ForwardingFileSystem {
  /** How many steps the hook has seen. */
  steps = 0;
  private readonly optional: ReadonlySet<OptionalStep>;

  constructor(
    inner: FileSystem,
    private readonly hook: StepHook = () => {},
    private readonly options: SteppingOptions = {},
  ) {
    super(inner);
    this.optional = new Set(options.also ?? []);
  }

  /** The hook; subclasses override this one method. */
  protected onStep(call: FsCall, step: number): void | Promise<void> {
    return this.hook(call, step);
  }

  private isStep(call: FsCall): boolean {
    if ((call.op === 'close' || call.op === 'size' || call.op === 'read') && !this.optional.has(call.op)) return false;
    return this.options.paths?.(call.path) ?? true;
  }

  /** Runs the hook for `call` if it is a step; synchronous where the hook is. */
  private before(call: FsCall): void | Promise<void> {
    if (this.isStep(call)) return this.onStep(call, this.steps++);
  }

  /** The hook, then the call. No extra tick when the hook is synchronous, so that wrapping a
   * file system does not change how background work interleaves with the test. */
  private through<T>(call: FsCall, run: () => Promise<T>): Promise<T> {
    let held: void | Promise<void>;
    try {
      held = this.before(call);
    } catch (error) {
      return Promise.reject(error);
    }
    return held ? held.then(run) : run();
  }

  private sizeOf(path: string, file: { readonly size: number }): number {
    const held = this.before({ op: 'size', path });
    held?.catch(() => {}); // a size cannot wait; see StepHook
    return file.size;
  }

  /** What both kinds of open file have: the path, the size (a step if chosen) and close. */
  private handle(path: string, file: AppendFile | ReadFile) {
    const self = this;
    return {
      path: file.path,
      get size() {
        return self.sizeOf(path, file);
      },
      close: () => this.through({ op: 'close', path }, () => file.close()),
    };
  }

  override async openAppend(path: string): Promise<AppendFile> {
    const file = await this.through({ op: 'openAppend', path }, () => this.inner.openAppend(path));
    return Object.assign(this.handle(path, file), {
      append: (bytes: Uint8Array) => this.through({ op: 'append', path, bytes }, () => file.append(bytes)),
      sync: () => this.through({ op: 'sync', path }, () => file.sync()),
    });
  }
  override async openRead(path: string): Promise<ReadFile> {
    const file = await this.through({ op: 'openRead', path }, () => this.inner.openRead(path));
    return Object.assign(this.handle(path, file), {
      read: (offset: number, length: number) =>
        this.through({ op: 'read', path, offset, length, fileSize: file.size }, () => file.read(offset, length)),
    });
  }
  override readFile(path: string): Promise<Uint8Array> {
    return this.through({ op: 'readFile', path }, () => this.inner.readFile(path));
  }
  override truncate(path: string, length: number): Promise<void> {
    return this.through({ op: 'truncate', path, length }, () => this.inner.truncate(path, length));
  }
  override rename(from: string, to: string): Promise<void> {
    return this.through({ op: 'rename', path: from, to }, () => this.inner.rename(from, to));
  }
  override remove(path: string): Promise<void> {
    return this.through({ op: 'remove', path }, () => this.inner.remove(path));
  }
  override list(dir: string): Promise<string[]> {
    return this.through({ op: 'list', path: dir }, () => this.inner.list(dir));
  }
  override mkdir(dir: string): Promise<void> {
    return this.through({ op: 'mkdir', path: dir }, () => this.inner.mkdir(dir));
  }
  override syncDir(dir: string): Promise<void> {
    return this.through({ op: 'syncDir', path: dir }, () => this.inner.syncDir(dir));
  }
  override exists(path: string): Promise<boolean> {
    return this.through({ op: 'exists', path }, () => this.inner.exists(path));
  }
}
