import type { Reviews } from '../review.ts';

const ORDER =
  'README.md: Internal keys sort by user key ascending, then by sequence number **descending**, so that all the';
const BYTES =
  'README.md: Keys compare as **unsigned bytes**, left to right, with a proper prefix first: `[]` before `[0]`';
const SNAPSHOT =
  'README.md: Every read takes an optional `atSequence` and sees exactly the writes with a sequence number at';
const TOMBSTONE =
  'README.md: tombstone must never be stepped over: returning the version *under* a tombstone brings a deleted';
const SCAN =
  'README.md: visible at `atSequence`. Versions newer than `atSequence` are skipped; the first visible version of';
const FOLD =
  'README.md: - **The order of the log matters.** A fold applies entries in order. Two writes of one key at one';
const SIZE = 'README.md: MemTable.entrySize(entry) = entry.key.length + (entry.value?.length ?? 0) + 16';

export const reviews: Reviews = {
  'versions ordered by sequence ascending (get finds the oldest version)': {
    pr: 'compareInternalKeys now orders the versions of a key by sequence number ascending, the same direction as the user keys. One rule for the whole key is easier to remember.',
    why: 'Ascending everywhere looks consistent. But a read seeks to the first version at or below its snapshot, which only works when the newest version of each key comes first.',
    see: ORDER,
  },
  'sequence numbers compared in 32 bits (`| 0`)': {
    pr: 'The sequence comparison now ends in `| 0`, so compareInternalKeys always returns a small integer, which V8 handles faster in sort-heavy code.',
    why: "Coercing a comparator's result to an int is a known micro-optimisation. But sequence numbers go up to 2^53 - 1, and a difference past 2^31 wraps around to the wrong sign.",
    see: 'README.md:   - `compareInternalKeys(a, b)`: user key ascending, then sequence number descending. Keep the',
  },
  'sequence compared before the user key': {
    pr: 'compareInternalKeys now compares the sequence first, since it is the cheaper comparison (two numbers), and falls back to the bytes only when the sequences are equal.',
    why: 'Cheapest check first is good practice for equality tests, but not for an ordering: it sorts the memtable by time instead of by key, and scans come out in write order.',
    see: ORDER,
  },
  'byte strings compared by length first (shortlex)': {
    pr: 'compareBytes now returns early when the lengths differ, shorter first. Most keys differ in length, so we skip the byte loop for them.',
    why: 'Shorter-first is a real order (shortlex) and it is consistent, so a skip list built on it works. But it is not memcmp order: [1] sorts before [0, 0], and every later lesson expects memcmp.',
    see: BYTES,
  },
  'byte strings compared as decoded text': {
    pr: "compareBytes now decodes both keys and compares the strings, which delegates to the engine's optimised string comparison and gives the order users expect for text keys.",
    why: 'Keys are usually text, so comparing text looks natural. But invalid UTF-8 decodes to U+FFFD, so different keys compare equal, and UTF-16 order is not byte order anyway.',
    see: 'README.md: `compareBytes`. Do not compare decoded strings: `TextDecoder` turns invalid UTF-8 into U+FFFD,',
  },
  'byte strings compared as signed bytes (0x80 before 0x7f)': {
    pr: "I changed the byte difference in compareBytes to match how Java and Go's older code compare bytes, for compatibility with the tools I test against.",
    why: 'Signed bytes are the default in several languages, so it is easy to carry over. For ASCII keys nothing changes; keys with bytes of 0x80 and above sort before the rest.',
    see: BYTES,
  },
  'a prefix compares equal to the longer key': {
    pr: 'When one key runs out, compareBytes now says the keys are equal as far as they go. The common bytes are the ones we compared, so that is all we can say.',
    why: 'After the loop the common part is indeed equal. But the shorter key must sort first, or "app" and "apple" are the same key in the memtable.',
    see: BYTES,
  },
  'size counter updated with a non-atomic read-add-write': {
    pr: 'SizeCounter.add now reads the total, adds, and writes it back with plain indexing. It is easier to read than the Atomics call, and the numbers come out the same in my tests.',
    why: 'In one thread the two are identical, so every single-threaded test passes. With several workers, two reads of the same total lose one of the adds.',
    see: 'README.md: Shared memory brings the classic bug. `view[0] = view[0] + n` is three steps, read, add, write,',
  },
  'add returns the old total (what Atomics.add returns)': {
    pr: 'add now returns what Atomics.add returns, without extra arithmetic. Fewer conversions on the hot path.',
    why: 'It is natural to return what the primitive returns. But Atomics.add returns the value before the add, and the API promises the new total.',
    see: 'README.md: replaced (so the new total is that plus `n`). `Atomics.load` reads the current value. The view is',
  },
  'the count kept in a private field instead of the shared buffer': {
    pr: 'SizeCounter now keeps its total in a private field, which is faster than going through Atomics on every add and read.',
    why: 'A private field is faster, and in one thread indistinguishable. But the whole point of the counter is that other threads wrapping the same buffer see the same count.',
    see: 'README.md: - **The counter:** its value is the sum of every add and `add` returns the new total; two',
  },
  'a 32-bit counter (Int32Array) that wraps around at 2 GiB': {
    pr: 'I made the counter 32-bit, like most Atomics examples. No single memtable gets near 2 GiB, and 32-bit atomics are cheaper than BigInt ones.',
    why: 'A single memtable is indeed small. But the counter is shared by every memtable of every thread, and their total can pass 2 GiB, where a 32-bit count turns negative.',
    see: 'README.md: a `BigInt64Array`, because a budget for many memtables can pass 2 GiB, where an `Int32Array`',
  },
  'a plain ArrayBuffer accepted': {
    pr: 'The SizeCounter constructor now also accepts a plain ArrayBuffer, so single-threaded callers and tests do not need a SharedArrayBuffer.',
    why: 'Accepting more input looks friendly. But a plain buffer is copied when posted to a worker, so each thread counts alone and the shared budget silently stops working.',
    see: 'README.md: buffer in `workerData` or a message). A plain `ArrayBuffer` is refused with a `TypeError`:',
  },
  'size formula forgets the key length': {
    pr: 'entrySize now counts the value and the fixed overhead. Keys are small next to values, so counting them was noise in the flush decision.',
    why: 'Keys are often small, so leaving them out changes little in casual tests. But the size promises the bytes on disk, and a memtable of many keys with short values is far larger than it claims.',
    see: SIZE,
  },
  'size formula forgets the fixed overhead': {
    pr: 'entrySize now counts the bytes the user wrote, key and value. The fixed overhead is an implementation detail that depends on the format.',
    why: 'Counting only user bytes feels honest. But every entry costs its sequence, kind and lengths on disk, and a memtable of tiny entries would be flushed far too late.',
    see: 'README.md: | overhead | `ENTRY_OVERHEAD_BYTES` = 16 | 8 for the sequence number and kind (LevelDB packs both into one 64-bit tag), 4 for each of the two lengths |',
  },
  'the memtable does not charge the counter it was given': {
    pr: "apply now keeps the memtable's own size only. Charging the shared counter is the engine's job, which knows about every memtable.",
    why: 'Moving a responsibility up a layer can look cleaner. But the lesson has every memtable charge the counter it was given, and nothing else will.',
    see: 'README.md:   - `apply(entry)`: the order check, the skip list, `lastSequence`, and the size (yours and the',
  },
  "approximateSize reports the counter's (shared) value": {
    pr: 'approximateSize now reads the counter, which already holds the total, so the memtable does not need a separate field.',
    why: "With one memtable per counter the two agree. When the counter is shared, it holds every memtable's bytes, and this memtable reports all of them as its own.",
    see: 'README.md: dropped. `approximateSize` is the sum of `entrySize` over every entry applied. It approximates',
  },
  'a write older than the last one accepted (no order check)': {
    pr: 'apply no longer insists on increasing sequence numbers; the skip list orders the versions anyway, so late arrivals land in the right place.',
    why: 'The skip list does sort them, so reads look fine. But the memtable is fed from the log, which only grows; an older write means a wrong replay, and it should fail loudly.',
    see: 'README.md: `apply` refuses an entry whose sequence number is *below* the last one applied, with a',
  },
  "put stores the caller's buffers instead of a lesson 01 entry": {
    pr: 'put now builds its entry object directly instead of going through putEntry, which saves two copies per write.',
    why: "Skipping the copies is a real saving. But the memtable then keeps the caller's arrays, which they may reuse, and lesson 01's validation is skipped too.",
    see: "README.md: nothing; several keys may share a sequence number; `put` keeps copies of the caller's buffers",
  },
  'get ignores atSequence (sees writes from the future)': {
    pr: 'get now seeks to the newest version of the key and reads it, which is what almost every caller wants. The atSequence parameter stays for compatibility.',
    why: 'Most reads want the latest value, so the shortcut passes casual tests. A snapshot read then sees writes made after its snapshot.',
    see: SNAPSHOT,
  },
  'get seeks to (key, 0), the oldest possible version': {
    pr: "get now seeks to the key with sequence 0, the lowest possible, so it starts from the very beginning of that key's versions.",
    why: 'Zero feels like "the start". But versions are newest first, so sequence 0 sorts last: the seek lands after every version of the key.',
    see: ORDER,
  },
  'get skips a tombstone and returns the older value under it': {
    pr: 'get now steps over tombstones to the first version that has a value, so a read gets the most recent actual data.',
    why: '"Find the latest data" sounds like the job. But a tombstone is the latest word on the key, and stepping over it brings a deleted value back.',
    see: TOMBSTONE,
  },
  "get reports a tombstone as 'missing' instead of 'deleted'": {
    pr: 'get now answers missing for a tombstone. Both mean there is no value, and callers only have to handle one case.',
    why: 'From inside one memtable the two look alike. But missing sends the engine on to older tables, where it finds the value that was deleted.',
    see: "README.md: The difference between `'deleted'` and `'missing'` is everything: once older tables exist, a",
  },
  "get returns the next key's version when the key has none": {
    pr: 'get now trusts the seek: the first entry at or after the key and snapshot is the answer, so I dropped the key comparison after it.',
    why: 'The seek lands on the target when it exists. When it does not, it lands on the next key, and without the check its value is returned for a key that was never written.',
    see: "README.md: | `'missing'` | this memtable has no visible version of the key | looks in older data, the tables on disk |",
  },
  'scan end inclusive': {
    pr: 'scan now includes its end key, so "from a to m" gives both a and m, which is what people expect when they name a range.',
    why: 'Inclusive ranges match how people talk. The lesson defines end as exclusive, like Array.slice, so adjacent ranges do not overlap.',
    see: 'README.md: (inclusive) to `end` (exclusive, like `Array.slice`), one per live key: its newest version',
  },
  'scan returns several versions of one key': {
    pr: 'scan now yields each visible version; callers that want only the newest can take the first per key, and others get the history for free.',
    why: 'More information looks harmless. But scan promises one pair per live key, and a caller building a map from it gets the older value last.',
    see: SCAN,
  },
  'scan shows a tombstone (as an empty value)': {
    pr: 'scan now yields deleted keys with an empty value instead of leaving them out, so a caller can see that the key existed.',
    why: 'An empty value looks like "nothing here". But it is a legal value, so the caller sees a key that was deleted as a key with an empty value.',
    see: 'README.md: a key decides it; the older ones are skipped; and a key whose deciding version is a tombstone is',
  },
  'scan skips a tombstone and shows the older value under it': {
    pr: 'scan now skips tombstones as it walks, next to the snapshot check, which keeps all the skipping in one place.',
    why: 'Skipping deletes in a scan is right, but only for the key as a whole. Skipping just the tombstone lets the older version under it decide the key, and a deleted key comes back.',
    see: TOMBSTONE,
  },
  'scan ignores atSequence': {
    pr: 'scan no longer checks the snapshot on each entry; the seek already starts at the snapshot, so I removed what looked like a redundant check.',
    why: 'The seek positions only the first key. Later keys have versions newer than the snapshot too, and without the check they are visible.',
    see: SNAPSHOT,
  },
  'scan seeks to (start, 0), skipping the newer versions of start': {
    pr: 'scan now seeks to the start key at sequence 0, so the walk begins at the very first entry for that key.',
    why: 'Versions sort newest first, so sequence 0 is the last version of the start key, not the first. Every newer version of start is skipped.',
    see: ORDER,
  },
  'scan leaves out the start key (start exclusive)': {
    pr: 'scan now starts after its start key, so consecutive pages of a scan (each starting at the last key seen) do not repeat a key.',
    why: "Pagination is a real use, and the trick is common. But the lesson's start is inclusive; a caller scanning from a key expects that key.",
    see: 'README.md: (inclusive) to `end` (exclusive, like `Array.slice`), one per live key: its newest version',
  },
  'entries() drops tombstones (a flush would lose the deletes)': {
    pr: 'entries() now yields only the versions with values. Tombstones take space and carry nothing, so the flush writes less.',
    why: 'A tombstone does look like nothing. But once on disk it is what hides the older value in older tables; drop it, and the deleted key comes back.',
    see: 'README.md: because that is what a flush must write to disk (lesson 10). A flush that dropped tombstones would',
  },
  'replay applies the entries out of order (sorted by key)': {
    pr: 'replayLog now sorts the entries by key first, so the skip list inserts are in order, which is the fastest way to build it.',
    why: 'Sorted insertion is faster for many structures. But replay is a fold over the log, and the order decides which of two writes at the same sequence wins.',
    see: FOLD,
  },
  'replay applies the entries backwards': {
    pr: 'replayLog now applies the newest entries first, so the versions a reader is most likely to want are in place soonest.',
    why: 'Newest first sounds like a nice property. But apply refuses older sequences after newer ones, and a fold in reverse gives a different state.',
    see: FOLD,
  },
  'replay skips tombstones': {
    pr: 'replayLog now leaves out deletes: a fresh memtable has nothing to delete, so replaying them is wasted work.',
    why: "In an empty memtable a delete looks like a no-op. But the tombstone is the memtable's state too, and it must hide the key from older data.",
    see: 'README.md: The tests state this as a property: replaying a log gives a memtable equal to the one the writes',
  },
  'scan lets a version newer than atSequence decide its key (the key vanishes from old snapshots)': {
    pr: 'In scan I moved the snapshot check after the version bookkeeping, so every key gets marked as seen exactly once whatever its versions.',
    why: 'The order of two continue statements looks unimportant. But a version from after the snapshot then decides the key and is skipped, so the key vanishes from old snapshots.',
    see: SCAN,
  },
  'replayLog ignores its options (a replayed memtable does not charge the shared counter)': {
    pr: 'replayLog now builds its memtable with the defaults. Replay is a recovery path and it should not depend on runtime options.',
    why: 'Defaults for recovery sound safe. But the options carry the shared counter, and a replayed memtable that does not charge it is invisible to the flush budget.',
    see: 'README.md:   - `replayLog(entries, options?)`.',
  },
  'versions with the same key and sequence never compare equal (a rewrite adds a second version)': {
    pr: 'compareInternalKeys now returns -1 or 1 for the sequence part, never 0, which avoids a subtraction and keeps the result in a small range.',
    why: 'A comparator that never says "equal" looks fine for sorting. But the skip list relies on equality to replace, so a second write at the same key and sequence becomes a second version.',
    see: 'README.md: all its keys at one version in Part 3). For the same key at the same sequence, the later write',
  },
  "compareBytes wraps each key's whole backing buffer (Buffer.from(a.buffer)), ignoring a view's offset and length": {
    pr: 'compareBytes now hands the comparison to Buffer.compare, which is native code and much faster than a JavaScript loop.',
    why: 'Buffer.compare is fast and correct, but Buffer.from(a.buffer) wraps the whole underlying buffer. For a key that is a view into a bigger buffer, it compares the bytes around the key too.',
    see: "README.md:   as a scan's `start` and `end`, read exactly like copies: keys compare by their own bytes.",
  },
  'the memtable ignores options.versions and makes its own skip list': {
    pr: 'The memtable always makes its own SkipList: the map is an implementation detail of the memtable, and keeping it private means nobody can hand in one that breaks the ordering.',
    why: 'Owning the map looks safer. But the option is how a later lesson gives the memtable a faster map (lesson 13 keeps the versions in typed arrays); ignored, the memtable stays on the skip list and nothing says so.',
    see: 'README.md:   (lesson 13 passes a faster map), else a `SkipList<InternalKey, WalEntry>` ordered by',
  },
};
