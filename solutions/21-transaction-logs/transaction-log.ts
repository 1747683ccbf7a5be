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
import { TagIndex } from './tag-index.ts';

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
    const dir = options.dir ?? DEFAULT_LOG_DIR;
    await process.disk.mkdir(dir);
    const { records, segments } = await recoverLog(process.disk, dir);
    const files = await LogFiles.open(process.disk, dir, segments, options.segmentBytes ?? DEFAULT_SEGMENT_BYTES);
    const index = new TagIndex(options.tags);
    for (const record of records) index.add(record);
    const last = records.at(-1)?.version ?? 0;
    const durable = new NotifiedVersion(`${process.address}.durable`, last);
    const chain = records.map(({ version, prevVersion }) => ({ version, prevVersion }));
    return new TransactionLog(process, files, index, durable, chain);
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
    const where = this.process.address;
    checkPush(request, where, (tag) => this.checkTag(tag));
    // Our own copy, now: the sender owns its payload and may reuse its buffers once we reply.
    const record = { version: request.version, prevVersion: request.prevVersion, messages: copyMessages(request) };
    const { version, prevVersion } = record;
    await this.durable.whenAtLeast(this.process, prevVersion);
    if (this.accepted === prevVersion) {
      this.accepted = version;
      this.chain.push({ version, prevVersion });
      await this.files.append(record);
      await this.files.sync();
      this.index.add(record);
      this.durable.set(version);
      return;
    }
    this.checkRepeat(version, prevVersion);
    await this.durable.whenAtLeast(this.process, version);
  }

  /** The tag's versions from `from` on, and `end`: the log holds every version below it. */
  peek(request: PeekRequest): PeekReply {
    checkVersion(request.from, 'from', this.process.address);
    this.checkTag(request.tag);
    const end = this.durable.get() + 1;
    return { entries: this.index.peek(request.tag, request.from, end), end };
  }

  /** The tag no longer needs versions up to `upTo`; what no tag needs any more is forgotten. */
  async pop(request: PopRequest): Promise<void> {
    checkVersion(request.upTo, 'upTo', this.process.address);
    this.checkTag(request.tag);
    this.index.pop(request.tag, request.upTo);
    const forget = this.index.poppedByAll();
    while (this.chain.length > 1 && this.chain[0]!.version <= forget) this.chain.shift();
    await this.files.forgetThrough(forget);
  }

  /** A push whose predecessor is behind the chain's end: it must be a version the log holds. */
  private checkRepeat(version: number, prevVersion: number): void {
    const fail = (detail: string) => new VersionChainError(this.process.address, version, prevVersion, detail);
    if (version > this.accepted) throw fail(`the log already went on from ${prevVersion} to a later version`);
    const held = this.chain.find((link) => link.version === version);
    if (held === undefined) {
      // The chain is contiguous: what it forgot is at or below its first link's predecessor.
      const forgotten = this.chain[0]?.prevVersion ?? 0;
      if (version > forgotten) throw fail('the log holds no such version');
      return; // forgotten: every tag popped it, so it was durable here
    }
    if (held.prevVersion !== prevVersion) throw fail(`the log holds it after ${held.prevVersion}`);
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
