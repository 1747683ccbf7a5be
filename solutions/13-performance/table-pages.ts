/**
 * Lesson 13: table files held in memory, page by page. Given code, except `PagedFile.read` and
 * `PagedFile.page` (README, "Your task", step 6).
 *
 * A block that misses the cache costs a pread: a system call that copies 4 KiB out of the
 * kernel's page cache. LevelDB on a 64-bit machine maps up to 1,000 table files into memory with
 * mmap instead, and a miss reads the mapped bytes without any call or copy. Node has no mmap, so
 * `tablePages` does what a mapping does, by hand: each table is cut into 64 KiB pages, a page is
 * read from the file (one pread) the first time a read touches it, and every later read inside it
 * is a view of the page's bytes: no call, no copy, no new buffer.
 *
 * A budget caps the bytes held across every file, as LevelDB caps the number of mappings. A page
 * the budget cannot hold is not held, and reads that need it go to the file as before. A closed
 * file gives its pages back to the budget.
 *
 * The views are shared: callers must not change them. Lesson 07's reader never does (a block keeps
 * the bytes it was decoded from, and `get` copies the value it returns). The price is memory: a
 * block kept anywhere keeps its whole page alive. So the budget records which pages are held, and
 * tells whoever asks when one is released: page-blocks.ts keeps decoded blocks beside their page
 * and drops them with it.
 */
import type { FileSystem, ReadFile } from '@support/fs.ts';
import { checkReadRange } from '@support/read-range.ts';
import { bind } from './compression.ts';
import { ReadSlabs } from './sync-reads.ts';

/** The bytes read from a table at a time, and held together. */
export const PAGE_BYTES = 64 * 1024;
/** Default budget for the pages of every table: a million of the benchmark's keys fit. */
export const DEFAULT_PAGED_BYTES = 256 * 1024 * 1024;

/** The bytes that every paged file together may hold. */
export class PageBudget {
  private used = 0;
  /** The pages held now, by the buffer they live in (a small last page may share a read slab). */
  private readonly held = new Map<ArrayBufferLike, Uint8Array[]>();
  private readonly listeners: Array<(page: Uint8Array) => void> = [];

  constructor(readonly limitBytes: number = DEFAULT_PAGED_BYTES) {
    if (!Number.isSafeInteger(limitBytes) || limitBytes < 0) {
      throw new RangeError(`A page budget must be a whole number of bytes, at least 0; got ${limitBytes}.`);
    }
  }

  /** The bytes held now: never more than `limitBytes`. */
  get usedBytes(): number {
    return this.used;
  }

  /** Takes `bytes` if they fit and says true; otherwise takes nothing and says false. */
  tryTake(bytes: number): boolean {
    if (this.used + bytes > this.limitBytes) return false;
    this.used += bytes;
    return true;
  }

  /** Gives back bytes taken earlier. */
  give(bytes: number): void {
    this.used -= bytes;
  }

  /** Records `page` as held: a file's PageMap does, once the page's bytes are read. */
  hold(page: Uint8Array): void {
    const pages = this.held.get(page.buffer);
    if (pages === undefined) this.held.set(page.buffer, [page]);
    else if (!pages.includes(page)) pages.push(page);
  }

  /** Records that `page` is no longer held, and tells every listener (see `onRelease`). */
  release(page: Uint8Array): void {
    const pages = this.held.get(page.buffer);
    const at = pages === undefined ? -1 : pages.indexOf(page);
    if (pages === undefined || at < 0) return;
    pages.splice(at, 1);
    if (pages.length === 0) this.held.delete(page.buffer);
    for (const listener of this.listeners) listener(page);
  }

  /** The held page that `bytes` is a view into, or undefined if it is in none. */
  pageHolding(bytes: Uint8Array): Uint8Array | undefined {
    const start = bytes.byteOffset;
    const end = start + bytes.byteLength;
    for (const page of this.held.get(bytes.buffer) ?? []) {
      if (start >= page.byteOffset && end <= page.byteOffset + page.byteLength) return page;
    }
    return undefined;
  }

  /** Calls `listener` with every page released from now on, once it is released. */
  onRelease(listener: (page: Uint8Array) => void): void {
    this.listeners.push(listener);
  }
}

/** A page: its bytes once read, the read while it is under way. */
type Page = Uint8Array | Promise<Uint8Array>;

/**
 * One file's pages by index (held, or their read under way): a Map that tells the budget which
 * pages are held, so that whatever keeps views of a page can learn when it goes.
 */
class PageMap {
  private readonly pages = new Map<number, Page>();

  constructor(private readonly budget: PageBudget) {}

  get size(): number {
    return this.pages.size;
  }

  get(index: number): Page | undefined {
    return this.pages.get(index);
  }

  set(index: number, page: Page): this {
    this.releaseAt(index, page);
    this.pages.set(index, page);
    if (page instanceof Uint8Array) this.budget.hold(page);
    return this;
  }

  delete(index: number): boolean {
    this.releaseAt(index);
    return this.pages.delete(index);
  }

  clear(): void {
    for (const index of this.pages.keys()) this.releaseAt(index);
    this.pages.clear();
  }

  private releaseAt(index: number, unless?: Page): void {
    const old = this.pages.get(index);
    if (old instanceof Uint8Array && old !== unless) this.budget.release(old);
  }
}

/** `fs` with every file opened for reading held in memory page by page, within `budget`. */
export function tablePages(fs: FileSystem, budget: PageBudget): FileSystem {
  const slabs = new ReadSlabs();
  return { ...bind(fs), openRead: async (path) => new PagedFile(await fs.openRead(path), budget, slabs) };
}

export class PagedFile implements ReadFile {
  /** The pages held or being read, by index; a page not here was never touched or not held. */
  private readonly pages: PageMap;
  /** The bytes this file has taken from the budget, given back by close(). */
  private held = 0;
  private closed = false;

  constructor(
    private readonly file: ReadFile,
    private readonly budget: PageBudget,
    private readonly slabs: ReadSlabs,
  ) {
    this.pages = new PageMap(budget);
  }

  get path(): string {
    return this.file.path;
  }

  get size(): number {
    return this.file.size;
  }

  /** How many pages are held or being read now. */
  get pageCount(): number {
    return this.pages.size;
  }

  /**
   * Reads exactly `length` bytes at `offset`. A range inside one page is a view of that page (do
   * not write into it); a range across a page edge is a copy of the pieces. If a page the range
   * touches cannot be held, the whole range is read from the file instead.
   */
  async read(offset: number, length: number): Promise<Uint8Array> {
    checkReadRange(this.path, offset, length, this.size);
    if (this.closed) throw new Error(`read(${this.path}): the file is closed.`);
    if (length === 0) return new Uint8Array(0);
    const first = Math.floor(offset / PAGE_BYTES);
    const last = Math.floor((offset + length - 1) / PAGE_BYTES);
    if (first === last) {
      const page = await this.page(first);
      if (page === null) return this.file.read(offset, length);
      const from = offset - first * PAGE_BYTES;
      return page.subarray(from, from + length);
    }
    const out = this.slabs.take(length);
    for (let index = first; index <= last; index++) {
      const page = await this.page(index);
      if (page === null) return this.file.read(offset, length);
      const start = index * PAGE_BYTES;
      const from = Math.max(offset, start);
      const to = Math.min(offset + length, start + page.length);
      out.set(page.subarray(from - start, to - start), from - offset);
    }
    return out;
  }

  /**
   * Page `index`, read from the file the first time it is asked for, once however many reads wait
   * for it; null if the budget cannot hold it. A failed read takes nothing from the budget.
   */
  private page(index: number): Page | null {
    const known = this.pages.get(index);
    if (known !== undefined) return known;
    const start = index * PAGE_BYTES;
    const bytes = Math.min(PAGE_BYTES, this.size - start);
    if (!this.budget.tryTake(bytes)) return null;
    this.held += bytes;
    const reading = this.file.read(start, bytes).then(
      (page) => {
        if (!this.closed) this.pages.set(index, page);
        return page;
      },
      (error: unknown) => {
        if (!this.closed) this.forget(index, bytes);
        throw error;
      },
    );
    this.pages.set(index, reading);
    return reading;
  }

  /** Drops page `index` and gives its bytes back to the budget. */
  private forget(index: number, bytes: number): void {
    this.pages.delete(index);
    this.held -= bytes;
    this.budget.give(bytes);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pages.clear();
    this.budget.give(this.held);
    this.held = 0;
    await this.file.close();
  }
}
