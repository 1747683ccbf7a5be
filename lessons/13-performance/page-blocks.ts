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
import { NotImplemented } from '@support/not-implemented.ts';

/** A block kept beside the held page its bytes are a view of. */
interface PageBlock {
  readonly block: Block;
  readonly page: Uint8Array;
}

export class PageBlocks implements DecodedBlockCache {
  // TODO: keep the blocks over held pages by key, each with its page (a Map of PageBlock), and
  //       for each page the keys of its blocks, so that a released page can take them with it.

  constructor(
    readonly lru: BlockCache<Block>,
    readonly pages: PageBudget,
  ) {
    // TODO: ask `pages` to call you back when a page is released (onRelease), and forget every
    //       block kept beside that page then.
  }

  /** How many blocks are kept beside held pages (the LRU cache's blocks are not counted). */
  get size(): number {
    // TODO: the number of blocks kept beside pages.
    throw new NotImplemented('13-performance', 'PageBlocks.size');
  }

  /** The block stored last under `key`: beside its page, or in the LRU cache. */
  get(key: string): Block | undefined {
    // TODO: a block kept beside its page, else whatever the LRU cache has.
    throw new NotImplemented('13-performance', 'PageBlocks.get()');
  }

  /**
   * Stores `block` under `key`: beside its page if its bytes are a view of a held page, in the
   * LRU cache otherwise. Either way an older block under `key`, wherever it was, is dropped.
   */
  set(key: string, block: Block): void {
    // TODO: drop any older block under `key`, from beside its page and from the LRU (delete).
    // TODO: `this.pages.pageHolding(block.bytes)` names the held page the bytes are a view of.
    // TODO: no page: into the LRU cache. A page: keep it beside the page, and list its key there.
    throw new NotImplemented('13-performance', 'PageBlocks.set()');
  }
}
