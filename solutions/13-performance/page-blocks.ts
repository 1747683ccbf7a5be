/**
 * Lesson 13: decoded blocks kept for as long as the page under them is held (README, "Your task",
 * step 7).
 *
 * A block read through `tablePages` is decoded from a view of a held page: its bytes are already
 * counted by the page budget. Counting them again in the LRU cache's budget is what made most
 * random gets at a million keys decode and checksum a block that was in memory all along: the 8 MiB
 * cache held 2,000 of the 28,000 blocks that the pages held. So such a block is kept outside the
 * LRU, next to its page, and costs only itself (the Block object and its restart array). When the
 * page goes (its file is closed), its blocks go too, so they never keep a released page alive.
 *
 * Every other block (its bytes were read from the file, or copied across a page edge) goes to the
 * LRU cache, counted in bytes, as before.
 */
import type { Block } from '@ferris/06-block/block.ts';
import type { DecodedBlockCache } from '@ferris/07-sstable/table-reader.ts';
import type { BlockCache } from './block-cache.ts';
import type { PageBudget } from './table-pages.ts';

/** A block kept beside the held page its bytes are a view of. */
interface PageBlock {
  readonly block: Block;
  readonly page: Uint8Array;
}

export class PageBlocks implements DecodedBlockCache {
  /** Blocks over held pages, by cache key. */
  private readonly onPages = new Map<string, PageBlock>();
  /** The keys of each held page's blocks, to forget them when the page is released. */
  private readonly keysOf = new Map<Uint8Array, Set<string>>();

  constructor(
    readonly lru: BlockCache<Block>,
    readonly pages: PageBudget,
  ) {
    pages.onRelease((page) => this.forgetPage(page));
  }

  /** How many blocks are kept beside held pages (the LRU cache's blocks are not counted). */
  get size(): number {
    return this.onPages.size;
  }

  /** The block stored last under `key`: beside its page, or in the LRU cache. */
  get(key: string): Block | undefined {
    return this.onPages.get(key)?.block ?? this.lru.get(key);
  }

  /**
   * Stores `block` under `key`: beside its page if its bytes are a view of a held page, in the
   * LRU cache otherwise. Either way an older block under `key`, wherever it was, is dropped.
   */
  set(key: string, block: Block): void {
    this.forgetKey(key);
    this.lru.delete(key);
    const page = this.pages.pageHolding(block.bytes);
    if (page === undefined) {
      this.lru.set(key, block);
      return;
    }
    this.onPages.set(key, { block, page });
    const keys = this.keysOf.get(page);
    if (keys === undefined) this.keysOf.set(page, new Set([key]));
    else keys.add(key);
  }

  private forgetKey(key: string): void {
    const held = this.onPages.get(key);
    if (held === undefined) return;
    this.onPages.delete(key);
    const keys = this.keysOf.get(held.page);
    keys?.delete(key);
    if (keys?.size === 0) this.keysOf.delete(held.page);
  }

  private forgetPage(page: Uint8Array): void {
    for (const key of this.keysOf.get(page) ?? []) this.onPages.delete(key);
    this.keysOf.delete(page);
  }
}
