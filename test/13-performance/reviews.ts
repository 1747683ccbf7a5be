import type { Reviews } from '../review.ts';

export const reviews: Reviews = {
  'the cache counts blocks instead of bytes': {
    pr: 'The cache now counts entries rather than bytes: blocks are all about blockSize, so a count is a good enough proxy and avoids tracking lengths.',
    why: 'Data blocks are similar in size, so counting them looks equivalent. Index and filter blocks can be many times larger, and a limit in blocks is then no limit on memory.',
    see: 'README.md: Why must the cache count bytes, not blocks?',
  },
  'the cache forgets the bytes of a block it evicts': {
    pr: 'Eviction removes the least recently used block from the map; I dropped the separate used-bytes bookkeeping there since the map is the source of truth.',
    why: 'The map does hold the blocks, but usedBytes is a running total kept beside it. Without the subtraction the total only grows, and the cache evicts everything as if it were full.',
    see: 'README.md: `usedBytes` adds up the blocks held',
  },
  'the cache forgets the bytes of a block it replaces': {
    pr: 'When a key is set again, the old block is simply overwritten in the map; the replacement takes its place, so no other bookkeeping is needed.',
    why: "Overwriting a map entry looks self-contained. The old block's bytes were counted in usedBytes, and without subtracting them the total drifts above what the cache holds.",
    see: 'README.md: `usedBytes` adds up the blocks held',
  },
  'a get does not make the block the most recently used': {
    pr: 'get now returns the block without re-inserting it into the map: a read should not change the cache, and it saves two map operations per hit.',
    why: 'Reads that change state feel wrong, but an LRU cache works exactly that way. Without the refresh, the blocks read most often are evicted first, in insertion order.',
    see: 'README.md: the block just used is the last to go',
  },
  'the cache key leaves out the file (two tables share offsets)': {
    pr: "The cache key is now offset and length: every table's blocks live at distinct offsets in practice, and dropping the file id makes keys shorter.",
    why: "Within one table offsets are unique, which makes them look like a key. Every table has a block at offset 0, and another table's block is then served from the cache.",
    see: 'README.md: Why does the cache key carry a number per open file rather than the path?',
  },
  'the cache key leaves out the length': {
    pr: 'A block is identified by where it starts, so I key the cache on file and offset; the length is implied by the block.',
    why: 'For a table read block by block this is true. The footer and other reads can start at the same offset with another length, and the cache then returns bytes of the wrong size.',
    see: 'README.md: Cached reads return the same bytes as uncached reads, for every file, offset and length',
  },
  'the compression flag is ignored on read (every chunk inflated)': {
    pr: 'decodeChunk always inflates: with deflate on, nearly every chunk is compressed, so the stored case was a branch we hardly ever take.',
    why: 'On repetitive data every chunk does shrink. Chunks that do not shrink are stored as they are, and inflating them fails or gives garbage.',
    see: 'README.md: flag (0 stored, 1 deflate-raw), then the bytes',
  },
  'the compression flag is ignored on read (every chunk taken as stored)': {
    pr: 'The flag check in decodeChunk now returns the body for either flag; inflating is done further up where the chunk is assembled.',
    why: 'Moving work to another layer is a reasonable refactor, but here nothing further up inflates. Compressed chunks are handed to the reader as they are on disk.',
    see: 'README.md: flag (0 stored, 1 deflate-raw), then the bytes',
  },
  'a read spanning two chunks stops at the end of the first': {
    pr: 'In CompressedReadFile.read, each step copies the remaining length from the current chunk; the chunk loop takes care of moving on.',
    why: "A read that fits in one chunk works either way. A read across a chunk boundary copies past the end of the chunk's data, so the rest of the range is missing.",
    see: 'README.md: any range, across chunks',
  },
  'chunks are never compressed': {
    pr: 'Compressing chunks that barely shrink wastes CPU on every read, so encodeChunk stores every chunk as it is for now; the format still allows deflate later.',
    why: 'Storing is always correct, so every read test passes. The lesson promises that repetitive data takes less room, which is the point of the layer.',
    see: 'README.md: repetitive data takes less room',
  },
  'group commit acknowledges a write before the shared sync': {
    pr: "Writers are now resolved as soon as their batch is queued: the group will be written shortly anyway, and callers no longer wait for other writers' syncs.",
    why: 'Lower latency is the goal of group commit, so resolving early looks like the last step of it. A write acknowledged before its sync can be lost in a crash.',
    see: 'README.md: Why is it wrong to resolve a writer as soon as its batch is queued?',
  },
  'group commit acknowledges the group when it starts, before it is written': {
    pr: "The drain resolves a group's writers as it hands the group to writeGroup, so their callers can carry on while the sync runs.",
    why: 'The group is already committed to being written, which makes it feel done. Until writeGroup resolves, nothing is durable, and a crash or failure loses writes that were acknowledged.',
    see: 'README.md: no write is acknowledged before its group is written',
  },
  'group commit writes one batch at a time (a queue of one)': {
    pr: 'I simplified the drain to take one batch per group: groups of one are easier to reason about and the queue still keeps writers in order.',
    why: 'Order is kept and every write is durable, so nothing looks broken. But there is no sharing of syncs any more, which is all group commit is for.',
    see: 'README.md: writes submitted together go out together',
  },
  'group commit starts a second drain while one is running': {
    pr: 'submit() now always starts a drain: if one is running, the second one finds the queue as it is and the work is shared.',
    why: 'Kicking the drain on every submit is a common pattern. Two drains then take groups from the queue at once, and groups are written concurrently, out of order.',
    see: 'README.md: one group at a time',
  },
  'a failed group is not reported to its writers': {
    pr: "When writeGroup fails, the drain logs nothing and resolves the group's writers, so that a transient error does not bubble up into every caller.",
    why: 'Shielding callers from transient errors sounds kind. Their writes were not made durable, and telling them otherwise is the worst answer a database can give.',
    see: 'README.md: A failed group fails only its own writes',
  },
  'the append buffer syncs the file before writing the buffer out': {
    pr: 'sync() now syncs the file first and then flushes the buffer, so that the expensive fsync starts as early as possible.',
    why: 'Starting the slow call first is a natural speed-up. But an fsync only covers what is already in the file; the buffered bytes written after it are not durable.',
    see: "README.md: In `BufferedAppendFile.sync`, why flush before the file's sync and not after?",
  },
  'the append buffer forgets buffered bytes in its size': {
    pr: "size now reports the file's own size: the buffered bytes are not in the file yet, so they should not be counted.",
    why: "The file's size is the honest number for the disk. Callers use size as the offset of their next append (the log writer does), and leaving the buffer out puts records at the wrong place.",
    see: 'README.md: class BufferedAppendFile implements AppendFile { readonly size: number;',
  },
  'close drops the bytes still in the append buffer': {
    pr: 'close() now just closes the underlying file; callers that care about their bytes call sync() first anyway.',
    why: 'Careful callers do sync first, so the flush in close looks redundant. A file closed without a sync must still hold every byte appended.',
    see: 'README.md: closing a buffered file writes out every byte appended',
  },
  'set replaces a block without making it the most recently used': {
    pr: 'Replacing a block now overwrites it in place in the map instead of deleting and re-inserting it; its byte count is still updated.',
    why: 'Overwriting looks equivalent to delete-then-set. In a Map, only re-insertion moves the key to the newest position; an overwritten block keeps its old place and is evicted early.',
    see: 'README.md: `set` (replace, skip what cannot fit, evict least recently used)',
  },
  'a failed group also fails every write still waiting in the queue': {
    pr: 'When a group fails, the writes still queued are rejected with the same error: the disk is in trouble, so they would probably fail too.',
    why: 'Failing fast after an error seems prudent. But the queued writes were never tried, and the next group may well succeed; rejecting them tells callers a write failed that was never attempted.',
    see: 'README.md: A failed group fails only its own writes, however many writes are waiting behind it',
  },
  'a failed group stops the drain, so the writes queued behind it are never written': {
    pr: 'After a failed group the drain returns: continuing to write right after an error seemed unwise, and the next submit starts a new drain anyway.',
    why: 'Pausing after an error looks cautious. But the writes already waiting are left hanging until some unrelated write arrives, possibly forever.',
    see: 'README.md: and the waiting writes go out in the next group',
  },
  "the append buffer keeps the caller's array until it is written out, instead of copying it": {
    pr: "append() now keeps references to the caller's arrays and copies them into the buffer only when it is flushed, which avoids a copy for appends that are flushed right away.",
    why: 'Deferring the copy saves work in the common case. The caller may reuse its array as soon as append() resolves, and the file then gets whatever the array holds by the flush.',
    see: 'README.md: The append buffer copies what it is given',
  },
  "the append buffer copies from the start of the view's ArrayBuffer, not from the view": {
    pr: 'append copies `new Uint8Array(bytes.buffer, 0, bytes.length)` into the buffer, which avoids a subarray when the input is a plain array.',
    why: 'For an array that owns its buffer, offset 0 is right. An append given a view into a bigger buffer then copies the bytes in front of the view.',
    see: 'README.md: an append that is a view into a bigger buffer',
  },
  'sync writes the buffer out and syncs the file at the same time': {
    pr: "sync() runs the flush and the file's sync with Promise.all: two independent I/O calls can overlap.",
    why: 'They look independent, but the sync only covers bytes already written. Run together, the fsync can finish before the buffer reaches the file.',
    see: 'README.md: `sync()` does not sync the file, or resolve, until the buffered bytes have been written to it',
  },
  'the cache refuses a block exactly as large as its capacity': {
    pr: 'set skips any block that would fill the whole cache: caching it would evict everything else for one block.',
    why: 'Refusing giant blocks is sensible, and "at least the capacity" reads as giant. A block of exactly the capacity does fit, and the rule is to skip only what cannot.',
    see: "README.md: Blocks whose sizes add up to exactly the cache's capacity are all kept.",
  },
  'a read buffer is cut where the last one was, not after it': {
    pr: 'take() hands out a view at the current position of the slab; the position only matters when a new slab starts, so I dropped the bump after each cut.',
    why: 'Without the bump every read gets the same bytes of the slab. The next read lands in the block the cache already holds, and that block silently turns into another one.',
    see: "README.md: Cuts never share a byte: a caller that writes into one read's bytes changes no other.",
  },
  'a full slab is recycled from its start instead of replaced': {
    pr: 'When a slab is full, take() starts again at its beginning instead of allocating another 64 KiB: the same memory is reused, so no new allocation at all.',
    why: 'Reusing looks like the point of a pool, but the earlier cuts are still alive: the cache holds decoded blocks that are views into them. Writing over the slab changes those blocks under the cache.',
    see: 'README.md: A slab is never reused: it lives until no cut of it is referenced',
  },
  'a new slab is started only once the old one is already overfull': {
    pr: 'take() starts a new slab when the used bytes pass the end of the old one; the check on the length asked for was redundant.',
    why: 'The test must ask whether this cut fits, not whether the last one did: with only the position checked, a cut near the end runs past the slab and the view cannot be made.',
    see: 'README.md: and starts a new slab when a cut does not fit',
  },
  'a read bigger than a slab is cut from one': {
    pr: 'Only reads above four slabs get a buffer of their own: a read of a few slabs is rare and can start a fresh slab like any other.',
    why: 'A fresh slab is 64 KiB, so a read bigger than that never fits in one, and the view past its end cannot be made.',
    see: 'README.md: a read bigger than a quarter slab gets its own buffer',
  },
  'a read inside one page returns the rest of the page': {
    pr: 'read() returns page.subarray(from): the caller asked for a range starting there, and a view that runs on costs nothing extra.',
    why: 'A file must give exactly the bytes asked for. The table reader decodes what it gets as one block, so the extra bytes become a block whose trailer is in the wrong place.',
    see: "README.md: Paged reads give the file's bytes for any range, across page edges and at the end of the file,",
  },
  'each piece of a read across pages is copied to the start of the result': {
    pr: "A read across pages copies each page's piece into the result with out.set(piece, 0); the pieces are in order anyway.",
    why: 'Each piece belongs at its own offset in the result, from - offset. Copied to 0, the second piece overwrites the first and the tail of the result stays whatever the slab held.',
    see: 'README.md: A read across a page edge is a copy of its pieces, cut from a read slab.',
  },
  'the page of a read is found by rounding': {
    pr: 'The first page is Math.round(offset / PAGE_BYTES): the nearest page to the offset.',
    why: 'Page i covers [i * PAGE_BYTES, (i + 1) * PAGE_BYTES). Rounding picks the next page for any offset in the second half of a page, and the bytes returned come from the wrong place.',
    see: 'README.md: A table is cut into pages of `PAGE_BYTES` (64 KiB) from offset 0',
  },
  'the last page a read touches is found from the offset just past it': {
    pr: "The last page is Math.floor((offset + length) / PAGE_BYTES), the page of the read's end.",
    why: 'offset + length is the byte after the read. For a read that ends exactly at a page edge it names the next page, which is then read from the file and held although nothing asked for it.',
    see: "dialogue.md: The page of a read's last byte is the page of `offset + length - 1`.",
  },
  'a read across pages falls back to the file from the page that was refused': {
    pr: 'When a page of a read across pages cannot be held, read() reads from the file starting at that page; the pages before it were already copied.',
    why: 'The pieces before it were copied into out, but the fallback returns what the file gives instead of out, so the result starts at the wrong offset. The rule is simpler: if any page is refused, read the whole range from the file.',
    see: 'README.md: A page that does not fit is not held, and a read that needs it goes to the file exactly as it was asked.',
  },
  'the last page of a file is read as a whole page': {
    pr: 'page() always reads PAGE_BYTES: every page is the same size, which keeps the arithmetic simple.',
    why: 'The last page is what is left of the file, usually less than a page. Reading a whole page there asks for bytes past the end of the file, and the read fails.',
    see: 'README.md: A table is cut into pages of `PAGE_BYTES` (64 KiB) from offset 0; the last page is what is left of the file.',
  },
  'a page is held even when the budget refuses it': {
    pr: 'page() asks the budget with tryTake, but holds the page either way: a table that is already open might as well be read from memory.',
    why: 'The budget is the only bound on the memory the pages take. Holding what it refused makes it a count, not a limit, and a large database would hold every table in memory.',
    see: 'README.md: With no room for a page, every read goes to the file exactly as it was asked.',
  },
  'a page is remembered only once its read is done': {
    pr: 'page() puts the page into this.pages when its bytes arrive, in the then() of the read: storing a promise in the map as well was redundant.',
    why: 'Until the read is done, a second read of the same page finds nothing and starts its own read. The page is read twice and charged to the budget twice, and only one of the charges is ever given back.',
    see: 'README.md: Two reads at once that need the same page wait for the same read of it',
  },
  'a page held is not counted among the bytes close() gives back': {
    pr: "page() takes the page's bytes from the budget; tracking them again in this.held duplicated what the budget already knows.",
    why: 'The budget is shared by every file, so it cannot say which bytes are whose. Without held, close() gives back nothing, and the budget fills with the pages of tables long closed.',
    see: 'README.md: Closing a file gives its pages back to the budget.',
  },
  'a failed page read keeps its bytes of the budget': {
    pr: 'When a page read fails, page() removes it from this.pages so the next read tries again.',
    why: 'Removing it from the map is half of it: the bytes were taken from the budget before the read started. Without giving them back, every failed read shrinks the budget for good.',
    see: 'README.md: A failed page read takes nothing from the budget, and the next read of that page tries again.',
  },
  'a failed page read stays remembered': {
    pr: 'A failed page read is only cleaned up when the file was closed meanwhile; otherwise the rejected promise stays, so waiting reads all see the same error.',
    why: 'The reads waiting for it see the error either way. But the rejected promise stays in this.pages, so every later read of that page fails with the old error, even once the disk works again.',
    see: 'dialogue.md: Take it out and give its bytes back to the budget, and the next read tries again.',
  },
  'a get asks only the LRU cache': {
    pr: 'PageBlocks.get now goes straight to the LRU cache: blocks beside pages are an implementation detail of set, and the LRU has every hot block anyway.',
    why: 'A block over a held page never enters the LRU, so a get that asks only the LRU misses every one of them: each read decodes and checksums its block again, and the blocks kept beside pages are only kept, never used.',
    see: 'README.md: A get asks beside the pages first, then the LRU cache',
  },
  'every block goes to the LRU cache, over a held page or not': {
    pr: 'Simpler: every block goes to the LRU cache. The LRU already bounds memory, and one place for blocks means one place to look.',
    why: "A block over a held page is then counted twice, once by the page budget and once by the LRU, and the 8 MiB LRU holds a fraction of the blocks the pages hold. That double count is what this piece removes, and the LRU's bytes show it.",
    see: 'README.md: A block whose bytes are a view of a held page is kept beside that page, outside the LRU, and costs only itself',
  },
  'every block is kept beside pages, over a held page or not': {
    pr: 'Blocks are small once decoded, so I keep every block beside the pages, keyed by its own bytes when no page holds it: no LRU bookkeeping at all.',
    why: 'A block read from the file (the budget was full) or copied across a page edge owns its bytes, and nothing releases them: kept outside the LRU, such blocks are never evicted, and memory grows with every table ever read.',
    see: 'README.md: Every other block (read from the file because the budget was full, or copied across a page edge) goes to the LRU cache, counted in bytes, as before.',
  },
  "a set leaves the key's older block in the LRU cache": {
    pr: 'set no longer calls lru.delete: the reader only sets a block after a miss, so there is never an older copy in the LRU to drop.',
    why: 'Two gets that miss the same block at once both set it. If the first copy went to the LRU and the second beside its page, the stale LRU copy is hidden only until the page is released; then a get falls through to it.',
    see: 'dialogue.md: Dropping both first keeps "a get gives the block set last" true in every order.',
  },
  "a set leaves the key's older block beside its page": {
    pr: 'set only needs to clear the LRU before storing: a block kept beside a page is replaced by the next set of the same key anyway.',
    why: 'Only if the next block also goes beside a page. If it goes to the LRU, the older block stays beside its page, and get asks there first: the key answers with the block set before, not the one set last.',
    see: 'README.md: a set drops any older block under the same key from both places, so a get always gives the block set last.',
  },
  "a replaced block stays listed under its old page (releasing that page drops the key's new block)": {
    pr: "forgetKey removes the key from onPages; the page's key set is only used on release, where a missing key is harmless, so I stopped updating it.",
    why: 'The key stays listed under its old page. When that page is released, the key is deleted from onPages, and by then it names the new block beside another page: a block whose page is still held disappears.',
    see: 'dialogue.md: forget a replaced key there too, or releasing its old page drops its new block.',
  },
  'a released page leaves its blocks behind': {
    pr: 'On release I only drop the page from keysOf: its blocks belong to a closed table, and no reader will ever ask for them again.',
    why: 'That is exactly why they must go now: nothing will ever ask for them, so nothing will ever drop them. Each keeps its released page alive, outside every budget, for as long as the engine runs.',
    see: 'README.md: When a page is released (its file is closed), the blocks beside it go with it, so a block never keeps a released page alive.',
  },
  'nothing listens for released pages': {
    pr: 'The constructor no longer subscribes to onRelease; closed tables are rare, and a PageBlocks made in tests then has no side effect on the budget.',
    why: 'Without the listener, no page release ever reaches PageBlocks: every block of every table closed by compaction stays beside its page, and the engine test finds blocks kept after every table is closed.',
    see: 'README.md: `budget.onRelease(listener)` calls back for each page',
  },
  "the cache's delete leaves the block's bytes counted": {
    pr: 'BlockCache.delete removes the entry from the map; usedBytes is only an estimate for eviction, so I did not adjust it there.',
    why: "usedBytes is the cache's whole budget. A delete that keeps the bytes counted makes the cache think it is fuller than it is, and it evicts blocks it has room for; repeated, it evicts everything.",
    see: 'README.md: `BlockCache.delete` (yours) drops one block and its bytes.',
  },
  "the cache's delete keeps the block": {
    pr: "delete now only gives back the block's bytes; the entry itself ages out of the LRU on its own.",
    why: 'The entry is still there: a get finds it and hands back a block that was meant to be replaced, and its bytes, no longer counted, let the cache hold more than its capacity.',
    see: 'README.md: `BlockCache.delete` (yours) drops one block and its bytes.',
  },
  'a view is taken as inside a held page when it is anywhere in its buffer': {
    pr: "pageHolding returns the first held page with the view's buffer: a page owns its buffer, so the range check is redundant.",
    why: "Most pages do, but the last page of a small table is cut from a read slab, next to reads that are not pages. A block read into that slab would be kept beside a page it is not part of, and it would outlive nothing or the wrong page's release.",
    see: 'README.md: a view merely of the same buffer is not enough',
  },
  "a view that runs past a held page's end is taken as inside it": {
    pr: 'pageHolding checks that the view starts inside the page; a block never crosses a page edge, because a read across pages is copied.',
    why: "For the reads PagedFile hands out, yes. But pageHolding is asked about any view, and a view that starts in a page and runs into the next cut of the same slab is not the page's bytes.",
    see: 'dialogue.md: `pageHolding` checks that the view lies inside the page',
  },
  'a release tells no listener': {
    pr: 'release only updates the record of held pages; notifying listeners can be added when something needs it.',
    why: 'PageBlocks needs it: it learns that a page is gone only from the listener. Without it, the blocks beside every released page stay, each keeping its page alive.',
    see: 'README.md: `budget.onRelease(listener)` calls back for each page',
  },
  'releasing a page not held tells the listeners too': {
    pr: 'release tells the listeners even when the page was not recorded as held: telling twice is harmless, missing one is not.',
    why: 'A listener counts on hearing of each held page once. Told of a page never held, or told again, a listener that tracks pages, or frees something per page, does its work twice.',
    see: 'README.md: each release is told once',
  },
  "a file's page map never tells the budget a page is held": {
    pr: 'PageMap.set stores the page; recording it with the budget duplicates what the map already knows.',
    why: 'The map knows its own pages; the budget is the only place that knows them all. Without the record, pageHolding finds no page for any block, and every block goes to the LRU as if there were no pages.',
    see: "README.md: each file's pages live in a `PageMap`, which tells the",
  },
  'closing a file does not release its pages': {
    pr: 'clear() just empties the map: the file is closed, its pages are garbage, and the budget gets its bytes back in close().',
    why: 'The bytes come back, but the record does not: the budget still lists the pages as held, pageHolding still finds them, and no listener hears they are gone, so the blocks beside them stay for good.',
    see: 'README.md: When a page is released (its file is closed), the blocks beside it go with it, so a block never keeps a released page alive.',
  },
  'compaction returns at once while the worker has a job, however full level 0 is': {
    pr: 'compact now returns as soon as a job is on the worker: waiting for it on the background chain brings back exactly the stall the worker was meant to remove.',
    why: 'Not waiting is the point of the worker, so one more case of not waiting looks consistent. But with nothing that ever waits, a writer faster than compaction piles up level-0 tables without limit, and every read asks each of them.',
    see: 'README.md: level 0 would grow without bound',
  },
  'a job goes to the worker after every flush, due or not': {
    pr: 'compact now sends a job after every flush and lets lesson 12 decide on the worker whether there is anything to do: one place holds the rules, instead of a copy of them on the engine thread.',
    why: 'The answers are the same, since a job with nothing to do changes nothing. But every such job is a round trip between the threads, and the first one starts the worker: in a short run that never needs a compaction, booting it cost about 40% of the fill.',
    see: 'README.md: nothing to do still costs a round trip, and the first job starts the worker',
  },
  'only level 0 makes a compaction due': {
    pr: 'compactionDue only looks at level 0: deeper levels only grow when level 0 is compacted into them, and that job already follows.',
    why: 'A level-0 compaction can leave level 1 over its budget, and the job that moves the excess down is due then, with level 0 below its trigger. Without it nothing sends that job: the deeper levels stay over budget until the next level-0 compaction, and never settle once the writes stop.',
    see: 'README.md: or a level from 1 to 5 over its byte',
  },
  'a level at exactly its budget counts as due': {
    pr: 'A level at its budget is full, so compactionDue now counts it as due (>= rather than >), as LevelDB counts a score of 1.',
    why: "LevelDB's score does count a full level, but this check must agree with lesson 12's pick, which compacts a level only once it is over its budget. At exactly the budget a job is sent, the worker's pick finds nothing, and the answer asks for another compact: a round trip for every flush.",
    see: 'README.md: budget is not over it, and the last level has no budget',
  },
  'the last level is asked to keep a budget': {
    pr: 'compactionDue now checks every level from 1 to the last, so that the deepest level cannot grow without limit either.',
    why: 'Nothing lies below the last level, so there is nowhere to compact it to and lesson 12 never picks it. Once it outgrows its budget every flush sends a job that does nothing.',
    see: 'README.md: the last level has no budget, since nothing lies below it',
  },
  'a finished job waits for the next flush to be installed': {
    pr: 'The worker answer is picked up by the compact call that follows the next flush; I removed the extra scheduling call, since compaction already runs after every flush.',
    why: 'Under a steady stream of writes a flush comes soon, so the answer is installed a little later and nothing seems lost. When the writes stop, no flush comes: the finished job is never installed and reads keep asking the old level-0 tables.',
    see: 'README.md: asks for another `compact` on the',
  },
  "the worker's tables keep the worker's numbers": {
    pr: 'Tables the worker wrote keep the numbers the worker gave them: they are unique already, so renumbering them on the engine thread was redundant work.',
    why: "The worker's numbers are unique among its own tables, which makes them look usable. They name files in compacting/, not next to the other tables, and the engine's catalog and reads look for a table under its number in the database's folder.",
    see: 'README.md: Installing gives each one a number from `host.newFileNumber()`',
  },
  'a failed job on the worker is ignored': {
    pr: 'A failed job on the worker no longer stops the database: its inputs are still the live tables, so nothing is lost, and the next job can try again.',
    why: 'Nothing acknowledged is lost, which makes carrying on sound reasonable. But the error (a damaged table, a full disk) does not go away, compaction stops making progress silently, and the operator is never told.',
    see: 'README.md: which stops the database like any failed background work',
  },
  'what an earlier run left in compacting/ is kept': {
    pr: 'The first compaction no longer empties compacting/: the worker writes every table under a fresh name, so old files there cannot get in the way.',
    why: 'New names do avoid clashes. But the files from a crash or a close before an install are never named by any version, nothing else ever deletes them, and they take disk space forever.',
    see: 'README.md: is deleted at the first compaction after an open',
  },
  "the worker's answer is installed again at every compaction": {
    pr: 'I simplified compact: it installs whatever answer the worker last gave, without extra bookkeeping to clear it.',
    why: 'An answer looks like a value to read, not a message to consume. Applied a second time, its edits remove tables that are gone and add tables that are there already, and the catalog refuses the edit.',
    see: "README.md: job's edits remove only tables that are still there",
  },
  'closing drops the answer of the job it waited for': {
    pr: 'close only waits for the worker and stops it: the database is closing, and applying version edits during shutdown seemed risky, so the next open redoes the job.',
    why: 'Doing nothing at shutdown feels safe, and LevelDB does throw a half-done compaction away. But this job is finished: dropping it wastes all of its work, and the next open must compact again while it serves reads.',
    see: 'README.md: Closing waits for the job under way and installs it',
  },
  "the worker's file system ignores the engine's settings (compression)": {
    pr: 'The worker builds its file system from lesson 13 defaults: it only needs to read and write tables, and passing the engine settings across the thread boundary was one more thing to keep in sync.',
    why: 'Most settings only change speed, so defaults look harmless. Compression changes what a table file is: a worker that does not inflate reads compressed tables as garbage, and writes plain tables that the engine then tries to inflate.',
    see: 'README.md: reads and writes tables as the engine does: compressed, when compression is on',
  },
  'the typed-array list orders versions of one key oldest first': {
    pr: "compareNode now returns the node's sequence minus the target's, the same direction as the byte comparison above it: a smaller number first, everywhere.",
    why: 'Ascending is the natural order for numbers, and for user keys it is right. Internal keys put the NEWER version first, so a read at sequence s seeks to (key, s) and lands on the newest visible version; ascending, it lands on the oldest.',
    see: 'README.md: the newer sequence first, as compareInternalKeys',
  },
  'the typed-array list ignores sequence numbers (versions of one key collapse)': {
    pr: 'compareNode stops at the user key: two nodes with the same bytes are the same key, and set replaces the entry, which keeps one node per key and the memtable smaller.',
    why: 'The memtable keeps every version: a read at an older sequence number, and a delete that must hide older values in the tables below, need them all. Treating versions as equal makes the second write of a key replace the first.',
    see: 'README.md: the newer sequence first, as compareInternalKeys',
  },
  'the typed-array list puts a longer key before its own prefix': {
    pr: 'When one key is a prefix of the other, compareNode orders them by target length minus node length; the byte loop already decided every other case.',
    why: 'Which one comes first after a shared prefix is easy to flip. compareBytes puts the shorter key first ([1] before [1, 0]); a map that disagrees with it hands the flush keys out of order, and the table writer refuses them.',
    see: 'README.md: a key that is a prefix of the other comes first',
  },
  'the typed-array list compares bytes as signed numbers': {
    pr: "The byte loop reads both sides as signed 8-bit numbers, as C's char would, so the arena and the key compare the same way whatever array type holds them.",
    why: 'Signed or unsigned looks like a detail for ASCII keys. From 0x80 up it reverses the order: 0x80 sorts before 0x7f, and the memtable disagrees with every table on disk, which compare unsigned.',
    see: 'README.md: byte by byte as unsigned numbers',
  },
  'the typed-array list adds a version set twice as a second node': {
    pr: 'set always adds a node: a version set twice is rare (two writes of one key in one batch), and skipping the equality check saves a comparison per insert.',
    why: 'It is rare, but lesson 05 defines it: a key written twice at one sequence keeps the later write. With two nodes, get finds the first one linked, which is the older write half of the time, and the flush writes the same internal key twice.',
    see: 'README.md: must give it the new entry and stop',
  },
  'the typed-array list keeps the links array an iteration started with': {
    pr: 'entries() reads this.links once into a local before the loop: the field is read on every step otherwise, and the local is what V8 keeps in a register.',
    why: "The array is replaced, not grown in place, when the towers fill it. An iteration that holds the old one follows links frozen at that moment: it misses every node linked in after the list grew, which lesson 04's iterator promises to show.",
    see: 'README.md: from this.links as it is then',
  },
  'the typed-array list grows its arena by doubling even for a key longer than that': {
    pr: 'The arena doubles when a key does not fit, like the other arrays: doubling keeps the number of copies logarithmic.',
    why: 'Doubling is right for node arrays, which grow one slot at a time. A key can be longer than the whole arena so far (a 40-byte key into 16 bytes): after doubling it still does not fit, and the copy throws a RangeError mid-write.',
    see: 'README.md: The arena doubles (at least) when full',
  },
  "the typed-array list copies a key from its buffer without the view's offset": {
    pr: "addNode copies the key's bytes straight from its ArrayBuffer, which avoids going through the view.",
    why: "A key is often a view into a bigger buffer (a batch, a block, a Buffer from Node's pool). Its bytes start at byteOffset, not at 0: this copies the start of the buffer, another key's bytes.",
    see: 'README.md: Keys given as views into a bigger buffer are copied',
  },
  'the typed-array list hands out keys as views into its arena': {
    pr: 'keyOf returns a subarray of the arena instead of a slice: no copy per entry, and the bytes are the same.',
    why: "The bytes are the same until the caller writes to them. A subarray shares the arena, so a caller who reuses the key it was given rewrites the map's own key, and the list is out of order from then on.",
    see: "README.md: The node's key, as a copy",
  },
  'the worker runs every compaction that is due in one job': {
    pr: 'The worker now runs compactions until nothing is due before it answers: one round trip per burst instead of one per compaction, and the version is copied across the thread boundary less often.',
    why: 'Fewer round trips look cheaper, and the work is the same. But the worker compacts its copy of the version: the level-0 tables flushed during a long job are not in it, so level 0 fills up behind deeper compactions until the writes stop at level0StopTables.',
    see: 'README.md: One compaction per job',
  },
  'a restart still shares a prefix with the key before it': {
    pr: 'add computes the shared prefix for every entry: at a restart the previous key is still there, and sharing it makes the block smaller.',
    why: 'The block is smaller, and a read from its first entry still decodes it. But a seek jumps to a restart and expects a whole key there (shared 0): it finds a key with its first bytes missing, and lands on the wrong entry.',
    see: 'README.md: shared = 0 at a restart',
  },
  'restarts come one entry late': {
    pr: 'A restart now comes once more than restartInterval entries have been added since the last one: the counter is checked after it passes the interval.',
    why: "The blocks still decode, so it looks harmless. But the table is no longer lesson 07's: the restarts are at other offsets, a seek's binary search scans one entry more per restart, and the bytes differ from writeTable's.",
    see: 'README.md: for the same entries, the same bytes as `writeTable`, byte for byte',
  },
  'the key just added is not kept as the last key': {
    pr: 'Dropped the swap at the end of add: encodeKey writes the next key into this.key anyway, so the swap only moved buffers around.',
    why: 'The swap is what keeps the last key. Without it this.last never changes after the first entry, every later key shares its prefix with that stale key, and the block decodes to keys that were never written.',
    see: 'README.md: the key just added becomes the last',
  },
  "the value's length is written before the key's": {
    pr: "add writes the shared length, then the value length, then the key's unshared length: grouping the two lengths that describe bytes to copy.",
    why: "Any order decodes if the reader uses the same order. Lesson 06's reader expects shared, unshared, value length: written in another order, every entry's key and value are cut at the wrong places.",
    see: 'README.md: varints: shared, unshared, value length',
  },
  'the value is read from the start of its buffer, not from its view': {
    pr: 'The value is copied from value.buffer directly with its length: one typed-array view less per entry, and values are usually whole buffers.',
    why: "A value is often a view into a bigger buffer (a batch, a block read from disk). Its bytes start at byteOffset: reading from the buffer's start copies whatever sits before the value.",
    see: 'README.md: keys and values that are views into',
  },
  'a grown buffer loses the bytes written so far': {
    pr: 'roomFor makes the new buffer and skips copying the old one: finish copies the block out anyway, so the old bytes did not seem to matter.',
    why: 'They matter when the buffer grows in the middle of a block: the entries already written are in the old buffer, and the new one holds zeros where they were. That happens whenever a big value arrives after small ones.',
    see: 'README.md: values longer than the 8 KiB',
  },
  "the checksum leaves out the block's last byte": {
    pr: 'The checksum is taken over this.used - 1 bytes: the last byte written is the restart count, which the reader checks on its own.',
    why: "Lesson 06's checksum covers every byte before it, and its reader checks exactly that. A checksum over one byte less fails on every block, and a damaged count would go unseen.",
    see: 'README.md: `finish` returns a copy',
  },
  "finish keeps the last key (the next block's first key shares a prefix with it)": {
    pr: 'finish no longer resets lastLength: the first entry of a block is always at a restart, so the old last key is never compared with.',
    why: "The first entry of a block is at restart 0 without a restart being counted: sinceRestart is 0, not restartInterval. So add compares it with the last key, which must be empty; a stale one makes the block's first key share a prefix with the previous block's last key.",
    see: 'README.md: of the finished block and empties the builder',
  },
  "finish keeps the restarts (the next block's carry on from them)": {
    pr: 'finish resets used and count; the restarts array is rebuilt as entries come, so it does not need clearing.',
    why: "The restarts array only grows in add. Not cleared, the next block lists the previous block's restart offsets too, pointing into bytes of a block that is not there.",
    see: 'README.md: of the finished block and empties the builder',
  },
  "the sequence number's bytes are written least significant first": {
    pr: 'encodeKey writes the sequence number low byte first, the natural order for a number written byte by byte.',
    why: "Encoded keys are compared byte by byte, and the trailer must sort newer versions first: only most significant first does that. Low byte first also makes different bytes from encodeInternalKey, so the table is not lesson 07's.",
    see: 'README.md: user key then the 8-byte trailer',
  },
  'the filter is given every version of a key, not each key once': {
    pr: 'Every entry adds its key to the filter list: versions of one key hash to the same bits, so duplicates change nothing.',
    why: 'The bits are the same, but a bloom filter is sized by the number of keys it is given: with every version counted it is bigger than writeTable makes it, and the table differs from the one lesson 07 writes.',
    see: 'README.md: for the same entries, the same bytes as `writeTable`, byte for byte',
  },
  'a version written twice is accepted': {
    pr: 'The order check allows an equal sequence for one key: the memtable keeps one entry per version anyway, so an equal pair never comes.',
    why: 'From the memtable it never does, but writeTable takes any entries and refuses one version twice. A table with two entries for one version answers a read with either of them, depending on where a seek lands.',
    see: 'README.md: one version twice, with the `TableOrderError` writeTable',
  },
};
