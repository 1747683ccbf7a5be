/**
 * Lesson 21: the log's versions in memory, by tag, for peeks.
 *
 * Each tag keeps the versions that carry ops for it, oldest first, until the tag pops them.
 */
import type { PeekEntry, Tag } from '@ferris/20-sequencer/protocol.ts';
import { NotImplemented } from '@support/not-implemented.ts';
import type { LogRecord } from './log-record.ts';

export class TagIndex {
  private readonly entries = new Map<Tag, PeekEntry[]>();
  private readonly popped = new Map<Tag, number>();

  /** An index for these tags, each with nothing popped. */
  constructor(tags: readonly Tag[]) {
    for (const tag of tags) {
      this.entries.set(tag, []);
      this.popped.set(tag, 0);
    }
  }

  /** The tags served, in the order given. */
  get tags(): Tag[] {
    return [...this.entries.keys()];
  }

  serves(tag: Tag): boolean {
    return this.entries.has(tag);
  }

  /** Adds a durable version, which follows every version added before. The record must be the log's own. */
  add(record: LogRecord): void {
    // TODO: for each tag in the record's messages, append { version, ops } to that tag's list.
    void record;
    throw new NotImplemented('21-transaction-logs', 'TagIndex.add()');
  }

  /** The tag's versions in [from, end), oldest first. */
  peek(tag: Tag, from: number, end: number): PeekEntry[] {
    // TODO: the entries of the tag with from <= version < end. The list is sorted by version:
    //       a binary search finds both ends.
    void tag;
    void from;
    void end;
    throw new NotImplemented('21-transaction-logs', 'TagIndex.peek()');
  }

  /** The tag needs no version up to `upTo` any more: forget them for this tag only. */
  pop(tag: Tag, upTo: number): void {
    // TODO: remember the tag's popped version (it never goes down), and drop the tag's entries
    //       at or below upTo. Other tags keep theirs.
    void tag;
    void upTo;
    throw new NotImplemented('21-transaction-logs', 'TagIndex.pop()');
  }

  /** The highest version every tag has popped: the log as a whole may forget up to here. */
  poppedByAll(): number {
    // TODO: the smallest popped version over all tags.
    throw new NotImplemented('21-transaction-logs', 'TagIndex.poppedByAll()');
  }
}
