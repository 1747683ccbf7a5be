import type { Reviews } from '../review.ts';

export const reviews: Reviews = {
  'the sequence number is written little-endian': {
    pr: 'The rest of the format (block handles, the footer) is little-endian, so I write the sequence number little-endian too, lowest byte first; one byte order for the whole file.',
    why: 'Consistency is a good instinct, and everywhere else in the file the order does not matter. In the trailer it does: keys are compared as bytes, and only big-endian bytes compare like the numbers.',
    see: 'README.md: Why big-endian?',
  },
  'the sequence number is cut to 32 bits (>>> on a 53-bit number)': {
    pr: 'I replaced `Math.floor(rest / 256)` with `rest >>> 8` in the trailer loop: a shift says what we mean and avoids a floating-point division per byte.',
    why: 'Shifting is how byte splitting is written in most languages. In JavaScript `>>>` first cuts its operand to 32 bits, so a sequence number of 2^32 or more loses its high part.',
    see: 'dialogue.md: Faster, yes, and wrong.',
  },
  'trailers compare ascending (the oldest version first)': {
    pr: 'compareEncodedKeys now compares the trailers in the same direction as the user keys, a plain ascending comparison on both parts, which is easier to read.',
    why: 'Two comparisons in one function, one of them reversed, look like a slip to fix. The reversal is the point: newer versions must come first for a seek to find the newest visible one.',
    see: 'dialogue.md: trailers descending, newest first',
  },
  'whole encoded keys are compared as bytes (the trailer is compared with the next user key byte)': {
    pr: 'Since the user key is at the front of an encoded key, comparing the whole arrays orders by user key first anyway, so I compare the full ranges and dropped the split into key and trailer.',
    why: 'It holds whenever the user keys have the same length. When one user key is a prefix of the other, a trailer byte is compared with a key byte, and the order then depends on sequence numbers.',
    see: 'dialogue.md: Only when the user keys have the same length.',
  },
  'compareEncodedKeyAt reads the user key from the start of the array, not from start': {
    pr: 'compareEncodedKeyAt now reads the user key from index 0 for its length; keys handed to a comparator start at 0 in every call I traced.',
    why: 'Keys made by encodeInternalKey do start at 0, so the tests of the order pass. A block compares its keys where they lie, at an offset inside the block, and then reads the bytes before the key.',
    see: 'README.md: You write the order once, as a range comparator (lesson 06): `compareEncodedKeyAt(bytes, start,',
  },
  'compareEncodedKeyAt splits the key at the end of the array, not at end': {
    pr: 'The trailer is the last 8 bytes, so compareEncodedKeyAt now splits at bytes.length - 8, which is where the trailer always is.',
    why: 'For an array holding one key it is. Inside a block the key is followed by its value and other entries, so the split lands in the middle of those.',
    see: 'README.md: You write the order once, as a range comparator (lesson 06): `compareEncodedKeyAt(bytes, start,',
  },
  'compareEncodedKeyAt lets a key shorter than a trailer split before its start': {
    pr: 'The split is now max(0, end - 8): a short key gives a split of 0, the same clamp compareEncodedKeys always had.',
    why: 'At offset 0 the two clamps agree. At any other offset, a key shorter than a trailer splits before its own start, and its "user key" is a negative range.',
    see: 'README.md: hand-made or damaged bytes are) has no user key: all of it is trailer, from `start` on.',
  },
  'compareEncodedKeyAt compares the trailers to the end of the array, not to end': {
    pr: 'The trailer comparison now runs to the end of the array, so an encoded key can never be compared short of its kind byte.',
    why: 'The kind byte is at end - 1, not at the end of the array. Inside a block, the bytes after end are the value and the next entries, and they decide equal trailers.',
    see: 'README.md: You write the order once, as a range comparator (lesson 06): `compareEncodedKeyAt(bytes, start,',
  },
  'the kinds are swapped (a put is 0, a delete 1)': {
    pr: 'I numbered the kinds so that a put is 0 and a delete 1: a put is the normal case, and 0 reads as the default.',
    why: 'The numbers look arbitrary, and any two distinct values tell the kinds apart. But the kind byte is part of the sort order, and the seek target `(k, s, put)` relies on a put sorting first at one sequence number.',
    see: 'README.md: | 1 | kind | 1 for a put, 0 for a delete |',
  },
  'decoding accepts any kind byte': {
    pr: 'decodeInternalKey maps the kind byte to put or delete without refusing other values; the blocks are checksummed, so a stray kind cannot come from disk.',
    why: 'Block checksums do catch damage, which makes the check look redundant. A block written by a broken writer passes its checksum, and a kind of 7 then turns into something it never was.',
    see: 'README.md: | 1 | kind | 1 for a put, 0 for a delete |',
  },
  'decoding accepts a sequence number past MAX_SEQUENCE': {
    pr: 'Seven bytes hold any sequence number we write, so decode no longer compares the result with MAX_SEQUENCE.',
    why: 'Every key we encode is within the limit, so the check never fires for good data. Seven bytes can hold numbers past 2^53, which JavaScript cannot represent exactly; such bytes are not a key we wrote.',
    see: 'README.md: | 7 | sequence | the sequence number, big-endian (most significant byte first) |',
  },
  'decoding accepts a key shorter than its trailer': {
    pr: 'The length check in decodeInternalKey went: every key in a block was written by encodeInternalKey, so it is always at least 8 bytes.',
    why: 'True for every table we write. A damaged or foreign block can hold a short key, and the decoder then reads the trailer from before the start of the array.',
    see: 'README.md: The last 8 bytes (the *trailer*)',
  },
  'the magic number is not checked': {
    pr: 'The footer has a CRC32C, so I let the checksum do the work and skip the separate magic comparison.',
    why: 'A checksum feels like it covers everything, but this one covers the first 28 bytes and not the magic. The magic is the only check for "this is a table at all" or "it was cut short".',
    see: 'README.md: the checksum does not cover the magic, so this is its only check',
  },
  "the footer's checksum is not checked": {
    pr: 'The magic number and the bounds checks on the handles already catch a bad footer, so I dropped the footer checksum comparison.',
    why: 'The handle checks do stop reads outside the file. A changed byte inside a handle can still point at another valid place, and only the checksum says the footer is what the writer wrote.',
    see: 'README.md: Then the checksum',
  },
  "the footer's checksum is checked without the version": {
    pr: 'The footer checksum covers the two block handles, which are the fields that matter for reading; the version is compared separately anyway.',
    why: 'The version does have its own check, so leaving it out of the checksum looks harmless. A damaged version byte is then reported as an unknown version instead of as damage, and the format says the CRC covers bytes 0 to 27.',
    see: 'README.md: | 28 | 4 | checksum | CRC32C of footer bytes 0 to 27 |',
  },
  'the format version is not checked': {
    pr: 'There is only one format version so far, so checking it is dead code; I removed it to keep decodeFooter short.',
    why: 'With one version, the check never fires in our tests. Its job is the future: a newer table read by this code must be refused rather than misread.',
    see: 'README.md: a reader must refuse a format it does not know',
  },
  'footer handles are not checked against the file': {
    pr: 'decodeFooter returns the handles as decoded; the block reads that follow will fail by themselves if a handle is wrong.',
    why: "A bad read does fail, but with the file system's RangeError, not a CorruptTableError naming the table, and only after reading outside the file.",
    see: 'README.md: Then both handles: each at least an empty block',
  },
  'footer handles may reach into the footer': {
    pr: 'I check each footer handle against the file size: a block must end inside the file, which is what keeps the read safe.',
    why: 'Inside the file is enough to keep the read safe, so the bound looks right. But no block may overlap the footer; a handle that does points at bytes that cannot be a block.',
    see: 'README.md: at or before the footer',
  },
  'the footer holds the index handle before the meta handle': {
    pr: 'Readers need the index first, so I put its handle first in the footer; the meta handle follows.',
    why: 'Ordering fields by use is a sensible habit. The footer is a fixed layout, though, and another reader (or our own decoder) expects the meta handle at offset 0.',
    see: 'README.md: | 0 | 12 | meta block handle | offset M, size |',
  },
  "the index key is the block's first key (too small: a seek inside the block goes to the next one)": {
    pr: 'I take the index key from the start of the finished block: the first key is stored whole there, so no builder state is needed.',
    why: 'First-key indexes exist (with a "last index key at or before" search). With our "first index key at or after" search, a target inside a block skips to the next block.',
    see: 'README.md: Both ways of getting the index key wrong lose data.',
  },
  'the index key is the last user key with the largest trailer (too large when the next block starts with the same user key)':
    {
      pr: 'I index each block by its last user key alone, with the smallest possible trailer, so that any version of that key seeks to this block.',
      why: "It works as long as each user key lives in one block. When a key's versions continue into the next block, seeks for those older versions land in this block and find nothing.",
      see: 'README.md: ### The index: the last key of each block',
    },
  "a data block handle's offset is off by one": {
    pr: "I record each data block's handle after advancing the offset past a separator byte I considered adding; the handle arithmetic is now in one place.",
    why: 'Offsets kept by hand drift easily when the order of "record" and "advance" changes. The reader then reads one byte late, and the block fails its checksum.',
    see: 'README.md: where the block is (offset, 8 bytes)',
  },
  "a data block handle's size is one short": {
    pr: "A block handle now stores the size of the block's contents without the last byte, which I took to be the end marker.",
    why: 'Exclusive or inclusive ends are a classic source of off-by-one errors. The block is then read without its last byte, and its checksum no longer matches.',
    see: 'README.md: (size, 4 bytes)',
  },
  'the table is written straight to its final name (no temporary file, no rename)': {
    pr: 'The table is written straight to its final path: the rename step only added a second name to track, and the file is synced before we return anyway.',
    why: 'Syncing before returning does make the finished table durable. But during the write, and after a crash in it, half a table sits under the real name, and recovery trusts any table it finds.',
    see: 'README.md: and a crash leaves half a table there',
  },
  'the directory is not synced after the rename': {
    pr: 'The file is synced before the rename, so the data is safe; I dropped the directory sync at the end, which is slow on some file systems.',
    why: 'The bytes are durable, which makes the table feel durable. The rename lives in the directory, and without its sync a crash can forget the new name after writeTable returned.',
    see: 'README.md: out the directory sync, and a crash after',
  },
  'the file is not synced before the rename': {
    pr: 'The directory sync after the rename makes the change durable, so I removed the file sync before it: one fsync instead of two per table.',
    why: "A directory sync makes the name durable, not the file's bytes. A crash can then keep a name that points at bytes that never reached the disk.",
    see: 'README.md: Leave out the file sync',
  },
  'the file is renamed before it is synced': {
    pr: 'I rename the temporary file as soon as the footer is appended and sync afterwards; both happen before writeTable returns, so the caller sees the same thing.',
    why: 'Both steps happen before the return, so the order looks free. A crash between them keeps the new name over bytes that were never synced.',
    see: 'README.md: a crash after the rename may keep the name and lose the bytes',
  },
  'a temporary file left by a crash is appended to instead of replaced': {
    pr: 'A new table gets a fresh file number, so its temporary file cannot already exist; I removed the exists/remove pair at the start of writeTable.',
    why: 'A new number looks unused, and without crashes it is. Recovery writes the same table again after a crash, and openAppend then adds the new table after the old half.',
    see: 'README.md: Forget the leftover `.tmp`',
  },
  'the order of entries is not checked by the writer (only inside each block)': {
    pr: "The block builder already refuses keys out of order, so I dropped the writer's own order check; one check is enough.",
    why: 'The builder does check order, which makes a second check look redundant. But it only sees one block at a time; entries out of order across a block boundary pass.',
    see: 'README.md: the block builder only sees one block at a time',
  },
  'the same version twice is accepted (< instead of <=)': {
    pr: 'The order check refuses entries that sort before the previous one; an entry equal to it does no harm, so I let it through.',
    why: 'A duplicate looks harmless in a sorted list. A table must hold each version once, and a put and a delete at one sequence number would then disagree about that version.',
    see: 'README.md: each version once',
  },
  'a refused table leaves its temporary file behind': {
    pr: 'cleanUp closes the file and leaves the temporary file in place: the engine removes stray .tmp files when it starts, so there is no need to do it twice.',
    why: 'The engine does remove stray temporary files, so this looks like shared work. A refused table is not a crash, though, and the lesson promises writeTable removes its own temporary file then.',
    see: 'README.md: its temporary file itself',
  },
  'a tombstone is written as a put of an empty value': {
    pr: 'Every entry is now written with the put kind; a delete has no value, so it is stored as an empty one and the reader can treat an empty value as deleted.',
    why: 'Empty and deleted look alike when you think of values as optional bytes. But an empty value is a real value, and the table then cannot tell a deleted key from a key set to "".',
    see: 'README.md: | 1 | kind | 1 for a put, 0 for a delete |',
  },
  'the last data block is never written': {
    pr: 'Data blocks are written by the size check inside the loop, so I removed the extra finishDataBlock() after it.',
    why: 'The write in the loop covers every full block, so the call after it looks like a duplicate. The last block is rarely full, and its entries would never reach the file.',
    see: 'README.md: each is finished as soon as its size reaches `blockSize`',
  },
  'blockSize is ignored (one data block for everything)': {
    pr: 'One data block per table keeps the index to a single entry and the reader simple; our memtables are small enough for that.',
    why: 'For a small table it works and even reads fast. But every get must then read and check the whole data region, and the index no longer narrows anything.',
    see: 'README.md: each is finished as soon as its size reaches `blockSize`',
  },
  'data blocks are cut at half of blockSize': {
    pr: 'I finish a data block at half of blockSize, so that blocks stay well under the target even after the trailer is added.',
    why: 'Leaving headroom for the trailer sounds prudent. estimatedSize already includes the trailer, so blocks come out at half the size asked for, with twice the index entries.',
    see: 'README.md: each is finished as soon as its size reaches `blockSize`',
  },
  'the filter is made from the encoded internal keys instead of the user keys': {
    pr: 'I give the filter the same encoded keys the blocks store, so that what the filter knows matches the table byte for byte.',
    why: 'Matching the blocks feels consistent. But a get asks the filter about a user key, which never equals an encoded key with its trailer, so the filter says "no" to keys that are there.',
    see: "README.md: one filter over the table's user keys",
  },
  'the filter is given a user key once per version': {
    pr: "The filter now receives every entry's key as it comes, which keeps the loop simple; a bloom filter does not mind seeing a key twice.",
    why: 'A bloom filter does give the same answers with repeats, so this looks free. But the filter is sized by the number of keys it is given: repeats make it bigger, and the policy is promised each user key once.',
    see: 'README.md: with each user key of the table once, in order',
  },
  'the filter is stored under the bare policy name': {
    pr: 'The meta block only holds filters, so I store the filter under the policy name alone instead of adding a "filter." prefix.',
    why: 'With one kind of meta entry the prefix looks like noise. It is part of the format, and a reader looking up "filter." plus the name then finds no filter.',
    see: "README.md: under the key `filter.` + the policy's name",
  },
  'TableInfo.entryCount counts puts only': {
    pr: 'entryCount now counts the entries that hold values; tombstones are not data, so they should not inflate the count.',
    why: 'Counting live values sounds more useful. But a table holds every version and every tombstone, and the engine sizes and compacts tables by everything they hold.',
    see: 'README.md: The table keeps every version and every tombstone',
  },
  'a file shorter than a footer is read anyway': {
    pr: "I dropped the size check at the start of open: decodeFooter checks the footer's length and magic anyway.",
    why: 'decodeFooter does check its input, but open must first read the last 40 bytes, and a file shorter than that makes the read start before the beginning of the file.',
    see: "README.md: Fewer than 40 bytes: not a table (`'too-short'`).",
  },
  'the meta block is read and checked only when a filter policy asks for it': {
    pr: 'open reads the meta block only when a filter policy is given: without a policy nothing in it is used, so reading it was wasted I/O.',
    why: 'Skipping unused work is a good habit. Here the read is also the check: without it, a damaged meta block goes unnoticed until the day someone turns the filter on.',
    see: 'README.md: read and checked even without a filter policy',
  },
  'the first filter in the meta block is used, whatever its name': {
    pr: "A table has at most one filter, so open takes the first entry of the meta block instead of looking up the policy's name.",
    why: 'With one policy in use everywhere, the first filter is the right one. A table written with another policy then gets its filter read by the wrong algorithm, which says "no" to keys that are there.',
    see: 'README.md: only if a policy with the same name was given to `open`',
  },
  'get does not consult the filter': {
    pr: 'get goes straight to the index: the filter is a performance feature, and the answer is the same without it.',
    why: 'The answer is indeed the same, so no correctness test notices. But the filter exists to skip the data-block read for absent keys, and without it every miss costs a read.',
    see: 'README.md: A filter answers "certainly not here" or "maybe here"',
  },
  'get seeks with the kind of a delete (a put at exactly atSequence is skipped)': {
    pr: 'get builds its seek target with the delete kind, the smaller one, so that the target sorts as early as possible among the versions at atSequence.',
    why: '"Smaller kind, earlier" is backwards here: trailers sort descending, so the delete kind sorts after a put at the same sequence, and a put at exactly atSequence is skipped.',
    see: "README.md: because a put's kind is the larger one",
  },
  'get ignores atSequence (always the newest version)': {
    pr: 'get always seeks to the newest version of the key; callers asking for a snapshot are rare, and the common case gets simpler.',
    why: 'Most reads do want the newest version. But reads at a snapshot must not see writes after it, and the table is asked exactly that by the engine.',
    see: 'README.md: To find "the newest version of k visible at sequence s"',
  },
  "get returns the next user key's version when the key is not there": {
    pr: 'After the seek, get returns the entry it lands on; the seek already positions us on the right key, so the extra user-key comparison went.',
    why: "The seek lands on the first entry at or after the target, which is the key only if it is in the table. When it is absent, the entry is the next key's.",
    see: 'README.md: lands on the first entry whose user key is greater, or equal',
  },
  'get reports a tombstone as missing': {
    pr: 'For a deleted key get now returns "missing": from the caller\'s point of view a deleted key and an absent key look the same.',
    why: 'For one table alone they do look the same. The engine asks tables from newest to oldest, and "missing" makes it go on to an older table that still holds the deleted value.',
    see: 'README.md: The table keeps every version and every tombstone',
  },
  'index handles are checked against the file, not against the data blocks': {
    pr: 'dataBlockHandle checks that a handle ends inside the file: that is what keeps the read safe, and it is simpler than tracking where the data ends.',
    why: 'Inside the file is safe for the file system. A handle into the meta or index block is still inside the file, and the reader would then treat those bytes as data.',
    see: 'README.md: must lie inside them',
  },
  'index handles are trusted': {
    pr: 'The index block is checksummed, so its handles are what the writer wrote; dataBlockHandle only decodes them now.',
    why: "A checksum says the bytes are the writer's, not that the writer was right. A bad handle then sends a read outside the file, which fails with the wrong error.",
    see: 'dialogue.md: The checksum says the index is what the writer wrote, not that the writer was right.',
  },
  'the iterator does not move on to the next data block': {
    pr: 'I simplified settle(): the iterator is on an entry or it is not, so the loop over empty blocks became a single check.',
    why: 'Inside one block the simplification is right. At the end of a block the iterator must move to the next one; without the loop it stops after the first block.',
    see: 'README.md: walks off the end of the current one',
  },
  "the iterator's seek searches from the first data block": {
    pr: 'seek now starts from the first data block and lets settle() walk forward to the target; it reuses the scanning code instead of a second index lookup.',
    why: 'It finds the same entry when it finds one. But it reads the blocks in front of the target, and the block it lands in is then searched only from its start.',
    see: 'README.md: One index seek, one data block read.',
  },
  'the iterator gives tombstones an empty value instead of null': {
    pr: 'The iterator now hands out a Uint8Array for every entry, so callers never need to check for null: a tombstone simply has an empty value.',
    why: 'Avoiding null is often friendlier. But the EntryIterator contract uses null for a tombstone, and an empty value is a real value a put can have.',
    see: 'README.md: // value null for a tombstone',
  },
  'writeTable cleans up only after a TableOrderError (an I/O failure leaves its temporary file)': {
    pr: 'The catch in writeTable cleans up only for TableOrderError; a file-system error means the disk is in trouble, and touching it again could make things worse.',
    why: 'Backing off after an I/O error sounds careful. A failed append or sync is often temporary (a full disk), and the half-written temporary file is then left for nobody.',
    see: 'README.md: its temporary file itself',
  },
  'a failed writeTable removes its temporary file without closing it': {
    pr: 'cleanUp removes the temporary file and skips closing it: the file is about to be deleted anyway.',
    why: 'On POSIX a deleted file stays open until closed, so the removal looks complete. The open handle leaks, one per failed flush.',
    see: 'README.md: its temporary file itself',
  },
  "a failure of writeTable's clean-up replaces the failure that stopped it": {
    pr: 'cleanUp no longer swallows errors: hiding failures is a smell, and if the clean-up fails the caller should know.',
    why: 'Swallowing errors usually is a smell. Here the clean-up runs after the real failure, often on a disk that is already failing, and its error would hide the one that says what went wrong.',
    see: 'README.md: its temporary file itself',
  },
  'open() leaves the file open when the table is refused': {
    pr: 'open throws CorruptTableError as soon as a check fails; I removed the catch that only closed the file and rethrew.',
    why: 'A catch that rethrows looks like noise. It is the only place the file opened a few lines earlier gets closed when the table is refused.',
    see: 'README.md: Every failure is a `CorruptTableError` naming the file',
  },
  'every failed block read is reported as a damaged block (an I/O error becomes a CorruptTableError)': {
    pr: 'readBlock now wraps the read and the decode in one try, and reports any failure as a CorruptTableError naming the block, so callers get one error type for "this block cannot be used".',
    why: 'One error type is tidy. But a failed read is not damage: the table is fine, and the error would tell the user to restore it from a replica.',
    see: 'README.md: Every failure is a `CorruptTableError` naming the file',
  },
  'get returns a view into the block instead of a copy of the value': {
    pr: 'get returns the value as a view into the block it just read: the block is a fresh read nobody else holds, so copying it again was wasted work.',
    why: 'It is a fresh read today. Lesson 13 puts a cache under the reader that hands the same block to every read, and a caller who changes the returned value then changes it for everyone.',
    see: 'README.md: get(userKey: Uint8Array, atSequence?: number): Promise<Lookup>; // like MemTable.get',
  },
  'the iterator returns views into the block instead of copies of the values': {
    pr: 'The iterator hands out values as views into the current block instead of copying each one; scans of large values allocate much less.',
    why: "Zero-copy scans are a real speed-up. The block may be shared (lesson 13's cache), so the caller's changes to a value reach every later read of that block.",
    see: 'README.md: current(): WalEntry;',
  },
  "decoding reads the sequence number from the start of the key's buffer, not of the view": {
    pr: "decodeInternalKey reads the trailer through a DataView over the key's buffer instead of indexing byte by byte.",
    why: 'A DataView is the usual way to read binary fields. Made over `encoded.buffer`, it starts at the beginning of the buffer, not of the view, and keys that are subarrays decode the wrong bytes.',
    see: 'README.md: The last 8 bytes (the *trailer*)',
  },
  'encoding copies the user key from the start of its buffer, not of the view': {
    pr: "encodeInternalKey copies the key with `new Uint8Array(userKey.buffer, 0, userKey.length)`, a typed view over the key's bytes.",
    why: 'With offset 0 this works for any key that owns its buffer. A key that is a subarray starts further in, and the bytes copied are the ones in front of it.',
    see: 'README.md: function encodeInternalKey(userKey: Uint8Array, sequence: number, kind: ValueKind): Uint8Array;',
  },
  'get at sequence 0 returns the newest version (atSequence || MAX_SEQUENCE)': {
    pr: 'get now falls back to MAX_SEQUENCE with `atSequence || MAX_SEQUENCE`, which also covers callers who pass undefined explicitly.',
    why: '`||` is the common fallback idiom, and it does handle undefined. It also replaces 0, a valid sequence number, so a read at sequence 0 sees the newest version.',
    see: 'README.md: get(userKey: Uint8Array, atSequence?: number)',
  },
  'a seek to the empty key goes to the first entry, whatever its sequence number': {
    pr: 'A seek to the empty user key now takes the seekToFirst path: nothing sorts before the empty key, so there is no need to build and search for a target.',
    why: 'Nothing sorts before the empty key, true, but the empty key can have several versions. A seek to one of its older sequence numbers must skip the newer versions.',
    see: 'README.md: `seek({ userKey, sequence })` lands on the first entry whose user key is greater, or equal',
  },
  "the iterator's seek uses the kind of a delete (a put at exactly the target's sequence is skipped)": {
    pr: 'The iterator builds its seek target with the delete kind, so that a seek lands on the first entry strictly after any put at that sequence.',
    why: 'Which kind makes the target smallest is easy to get backwards when trailers sort descending. The put kind is the one that lands on a put at exactly that sequence.',
    see: "README.md: because a put's kind is the larger one",
  },
  'a data block is finished only once it is larger than blockSize (> instead of >=)': {
    pr: 'A block is now finished once its size goes over blockSize; a block of exactly blockSize still fits the target, so there is no reason to cut it yet.',
    why: '"Fits the target" sounds like "at most", so `>` looks right. The format says a block is finished as soon as it reaches blockSize, and other readers of the format size their reads by it.',
    see: 'README.md: each is finished as soon as its size reaches `blockSize`',
  },
  'blockSize of exactly MAX_BLOCK_SIZE is refused': {
    pr: 'I wrote the upper bound check as `blockSize >= MAX_BLOCK_SIZE` so that the limit itself is treated as out of range, like an array length.',
    why: 'Exclusive upper bounds are a habit from indexes. MAX_BLOCK_SIZE is an allowed size; the option is documented as 64 to 16 MiB inclusive.',
    see: 'README.md: blockSize?: number;        // 64 ..= 16 MiB, default 4096',
  },
  'get reads its data block past the block cache (readBlock instead of readDataBlock)': {
    pr: 'get() calls readBlock directly, like open() does for the index: one path for every block read is easier to follow than two.',
    why: 'Both functions return the same checked block, so the change looks harmless, and every answer stays right. But readBlock never asks the cache, so with lesson 13 every get reads, checksums and decodes its block again.',
    see: 'README.md: a block found in the cache is used as it is',
  },
  'the iterator reads its data blocks past the block cache': {
    pr: 'The iterator reads its blocks with readBlock: a scan reads each block once anyway, so caching them only pushes useful blocks out of the cache.',
    why: 'That reasoning is sound for one long scan (LevelDB even has a fill_cache option for it), but here it turns off the cache for every seek too, and a scan that starts in a hot block reads it again.',
    see: 'README.md: a block found in the cache is used as it is',
  },
  'open leaves the block cache out (blocks: null)': {
    pr: 'open() builds the table without a cache for now; the cache is lesson 13, and passing options through early is noise.',
    why: 'Nothing in lesson 07 gets slower, so it looks like a safe cut. Lesson 13 then hands every reader a cache that none of them ever asks.',
    see: 'README.md: a block found in the cache is used as it is',
  },
  'every reader uses the same cache keys (no prefix per reader)': {
    pr: 'Cache keys are just the block offset; the reader id made every key longer for nothing, since a reader only looks up its own blocks.',
    why: "Within one reader the offset is unique, which is why it looks enough. The cache is shared: two tables both have a block at offset 0, and the second table answers with the first table's block.",
    see: 'README.md: two tables both have blocks at offset 0',
  },
};
