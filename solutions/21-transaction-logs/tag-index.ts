/**
 * Lesson 21: the log's versions in memory, by tag, for peeks.
 *
 * Each tag keeps the versions that carry ops for it, oldest first, until the tag pops them.
 */
import type { PeekEntry, Tag } from '@ferris/20-sequencer/protocol.ts';
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
    for (const { tag, ops } of record.messages) {
      this.entries.get(tag)!.push({ version: record.version, ops });
    }
  }

  /** The tag's versions in [from, end), oldest first. */
  peek(tag: Tag, from: number, end: number): PeekEntry[] {
    const list = this.entries.get(tag)!;
    return list.slice(firstAtOrAfter(list, from), firstAtOrAfter(list, end));
  }

  /** The tag needs no version up to `upTo` any more: forget them for this tag only. */
  pop(tag: Tag, upTo: number): void {
    if (upTo <= this.popped.get(tag)!) return;
    this.popped.set(tag, upTo);
    const list = this.entries.get(tag)!;
    list.splice(0, firstAtOrAfter(list, upTo + 1));
  }

  /** The highest version every tag has popped: the log as a whole may forget up to here. */
  poppedByAll(): number {
    return Math.min(...this.popped.values());
  }
}

/** The index of the first entry whose version is `version` or more (list.length if none). */
function firstAtOrAfter(list: readonly PeekEntry[], version: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]!.version < version) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
