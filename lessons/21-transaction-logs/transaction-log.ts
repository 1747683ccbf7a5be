/**
 * Lesson 21: the transaction log role.
 *
 * A log holds every version the sequencer hands out, in order: it accepts version v only after
 * the version before it (`prevVersion`), appends it to its files, fsyncs, and only then replies,
 * as FoundationDB's TLog does (fdbserver/tlog/TLogServer.cpp, tLogCommit). Storage servers peek
 * their tag's versions and pop what they have made durable; once every tag has popped a
 * version, the log may forget it.
 */
import type { Boot, SimProcess } from '@ferris/19-faults/process.ts';
import {
  ENDPOINTS,
  type LogPushRequest,
  type PeekReply,
  type PeekRequest,
  type PopRequest,
  type Tag,
} from '@ferris/20-sequencer/protocol.ts';
import { UnknownTagError, VersionChainError } from './errors.ts';
import { LogFiles } from './log-files.ts';
import { NotifiedVersion } from '@ferris/20-sequencer/waiting.ts';
import { recoverLog } from './recovery.ts';
import { DEFAULT_LOG_DIR, DEFAULT_SEGMENT_BYTES } from './segments.ts';
import { checkPush, checkTags, checkVersion, copyMessages } from './requests.ts';
import type { TagIndex } from './tag-index.ts';
import { NotImplemented } from '@support/not-implemented.ts';

export interface TransactionLogOptions {
  /** The storage tags this log serves: pushes carry ops for them, and each must pop. */
  readonly tags: readonly Tag[];
  /** The folder of its files on the process's disk (default DEFAULT_LOG_DIR). */
  readonly dir?: string;
  /** Start a new segment past this many bytes (default DEFAULT_SEGMENT_BYTES). */
  readonly segmentBytes?: number;
}

/** One version of the chain: which version it follows. */
interface Link {
  readonly version: number;
  readonly prevVersion: number;
}

export class TransactionLog {
  /** The newest version taken in (its append may still be running): the chain's end. */
  private accepted: number;
  /** The versions this log took in and has not forgotten, oldest first: repeats are checked against them. */
  private readonly chain: Link[];

  private constructor(
    readonly process: SimProcess,
    private readonly files: LogFiles,
    private readonly index: TagIndex,
    /** The newest version on disk: every version up to here is fsynced. */
    readonly durable: NotifiedVersion,
    chain: Link[],
  ) {
    this.accepted = durable.get();
    this.chain = chain;
  }

  /** Reads the log back from the process's disk and opens it for pushes. */
  static async open(process: SimProcess, options: TransactionLogOptions): Promise<TransactionLog> {
    // TODO: make the folder (options.dir ?? DEFAULT_LOG_DIR) and read it back with recoverLog.
    // TODO: open the files (LogFiles.open, options.segmentBytes ?? DEFAULT_SEGMENT_BYTES).
    // TODO: fill a TagIndex with every recovered record; the chain with each (version, prevVersion).
    // TODO: the durable version is the last record's version (0 for an empty log):
    //       new NotifiedVersion(`${process.address}.durable`, last).
    void options;
    void [DEFAULT_LOG_DIR, DEFAULT_SEGMENT_BYTES, LogFiles, NotifiedVersion, recoverLog];
    throw new NotImplemented('21-transaction-logs', 'TransactionLog.open()');
  }

  /** The segment files, oldest first. */
  get segmentNumbers(): number[] {
    return this.files.segmentNumbers;
  }

  /**
   * Stores one version durably, then resolves. Waits until the version before it is taken in;
   * a version already held is acknowledged again once durable. Throws VersionChainError for a
   * push that fits neither way, UnknownTagError for a tag the log does not serve.
   */
  async push(request: LogPushRequest): Promise<void> {
    checkPush(request, this.process.address, (tag) => this.checkTag(tag));
    // TODO: make the log's own copy of the messages first (copyMessages): the sender may reuse
    //       its buffers once it has the reply.
    // TODO: wait until the predecessor is durable: this.durable.whenAtLeast(this.process, prevVersion).
    // TODO: if the chain ends at prevVersion, this is the next version: take it in at once
    //       (accepted, chain), append it, fsync, and only then add it to the index and raise
    //       `durable` (which wakes the next push, and lets peeks see it).
    // TODO: otherwise it must be a repeat of a version the log holds with the same prevVersion
    //       (else VersionChainError saying why); acknowledge it once it is durable.
    void [copyMessages, VersionChainError, this.accepted, this.chain, this.index];
    throw new NotImplemented('21-transaction-logs', 'TransactionLog.push()');
  }

  /** The tag's versions from `from` on, and `end`: the log holds every version below it. */
  peek(request: PeekRequest): PeekReply {
    checkVersion(request.from, 'from', this.process.address);
    this.checkTag(request.tag);
    // TODO: end is one past the newest durable version; the entries are the tag's versions in [from, end).
    throw new NotImplemented('21-transaction-logs', 'TransactionLog.peek()');
  }

  /** The tag no longer needs versions up to `upTo`; what no tag needs any more is forgotten. */
  async pop(request: PopRequest): Promise<void> {
    checkVersion(request.upTo, 'upTo', this.process.address);
    this.checkTag(request.tag);
    // TODO: pop the tag in the index; then forget, in the chain and in the files
    //       (forgetThrough), what every tag has popped. Keep the chain's last link.
    throw new NotImplemented('21-transaction-logs', 'TransactionLog.pop()');
  }

  private checkTag(tag: Tag): void {
    if (!this.index.serves(tag)) throw new UnknownTagError(this.process.address, tag, this.tags);
  }

  private get tags(): Tag[] {
    return this.index.tags;
  }
}

/**
 * The boot function of a transaction log: recovers from the process's disk, then answers
 * ENDPOINTS.push, peek and pop. Until recovery is done the endpoints do not exist, so requests
 * fail with broken_promise and their senders retry.
 */
export function transactionLog(options: TransactionLogOptions): Boot {
  checkTags(options.tags);
  return async (process) => {
    const log = await TransactionLog.open(process, options);
    process.handle(ENDPOINTS.push, (payload) => log.push(payload as LogPushRequest));
    process.handle(ENDPOINTS.peek, (payload) => log.peek(payload as PeekRequest));
    process.handle(ENDPOINTS.pop, (payload) => log.pop(payload as PopRequest));
  };
}
