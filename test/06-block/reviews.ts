import type { Reviews } from '../review.ts';

const RESTART =
  'README.md: Every `restartInterval`-th entry (entries 0, 16, 32, ... with the default of 16) is a *restart';
const EXACT = "README.md: - The bytes follow the format above, read by the test's own parser: a restart exactly every";
const ORDER = 'README.md: The builder refuses a key that does not sort strictly after the previous one, with a';
const COMPARATOR =
  'README.md: A block does not know what its keys mean. It takes a comparator, `(a, b) => number` over byte';
const CHECKSUM = 'README.md: | checksum | 4 | CRC32C (lesson 02) of every byte of the block before it |';
const TRUST = 'README.md: against the end of the entries: a checksum proves the bytes were not damaged, not that the';
const LENGTHS =
  'README.md: - A block whose checksum is right but whose lengths are wrong (a shared prefix longer than the';
const VIEW = 'README.md: - A block decoded from a view into a larger buffer (as a table file read whole gives) reads';
const SEEK = 'README.md: whose key sorts *before* `"b"`, which is `apple`. Every key in the runs before it is smaller';
const KEY_COPY =
  'README.md: - **`key()` copies, and only when it is called.** The caller may keep a key (a merge iterator';
const REUSED = "README.md: - **The scan builds each key in one array it reuses.** An entry's key is the first `shared`";
const IN_PLACE =
  "README.md: - **A restart's key is compared in the block itself.** It is stored whole, right after its";
const RANGE = 'README.md: `compare(bytes.subarray(start, end), target)` would. `format.ts` gives `compareBytesAt`, the';
const NO_COPIES =
  "README.md: - Once an iterator has walked its block, its seeks compare keys only in the block's own bytes and";

export const reviews: Reviews = {
  'a restart point does not reset the shared prefix (computed against the previous key anyway)': {
    pr: 'add now computes the shared prefix the same way for every entry, restart point or not. Restart entries compress a bit better, and there is one code path instead of two.',
    why: 'Better compression sounds like a win. But a reader that jumps to a restart point has no previous key, so a restart entry must store its whole key.',
    see: RESTART,
  },
  'the restart interval is off by one (a restart every interval + 1 entries)': {
    pr: 'I adjusted the restart condition in add so the counter reaches past the interval before a restart, which reads to me as "after every interval entries".',
    why: 'Counting entries since the last restart invites an off-by-one. The block still reads back, so only a check of where restarts fall catches it.',
    see: EXACT,
  },
  'the restart interval is off by one (a restart every interval - 1 entries)': {
    pr: 'Restarts now come one entry earlier than the interval, so a seek scans at most interval - 1 entries after the restart it lands on.',
    why: 'A shorter scan sounds like a free improvement. But the format defines exactly where restarts are, and another reader or tool expects them there.',
    see: EXACT,
  },
  'the prefix stops one byte short of what the keys really share': {
    pr: "sharedPrefixLength now leaves the last common byte out of the shared prefix, so a key's stored suffix is never empty. That made the reader simpler for me.",
    why: 'A safety margin of one byte looks harmless, and the keys still read back. But the format says the shared count is the whole common prefix, and the bytes no longer match it.',
    see: 'README.md: | shared | varint | how many leading bytes of the previous key this key shares; 0 at a restart point |',
  },
  'a restart offset recorded after the entry instead of at its start': {
    pr: 'add now only resets the restart counter at a restart point; the restart offsets are recorded in one place with the rest of the bookkeeping.',
    why: 'Moving bookkeeping around looks like a refactor. But the restart array must hold the offset where each restart entry starts, and now it is missing entries.',
    see: 'README.md: | restarts | 4 bytes each | the offset of each restart point, ascending; the first is always 0 |',
  },
  'an out-of-order key is accepted': {
    pr: 'add no longer checks the order of the keys; the caller is the table builder, which always adds keys sorted, so the check was dead weight on every add.',
    why: 'The caller is indeed sorted today. But a block with keys out of order makes every seek in it wrong, silently, and the check is what turns that into an error.',
    see: ORDER,
  },
  'an equal key is accepted (< instead of <=)': {
    pr: 'The order check in add now only refuses keys that go backwards, so a caller can add the same key twice when it has two versions to store.',
    why: 'Allowing equal keys sounds like a relaxation, but two equal keys make seek ambiguous, and the lesson requires strictly increasing keys.',
    see: ORDER,
  },
  'the builder compares with compareBytes instead of its comparator': {
    pr: 'BlockBuilder now always orders keys bytewise. The comparator option was only there for tests, and byte order is what every table uses.',
    why: 'Byte order is the default, so it looks like the only one. But internal keys sort newest version first, which is not byte order, and their blocks would refuse valid input.',
    see: COMPARATOR,
  },
  "the builder keeps the caller's key buffer as the last key": {
    pr: "add now keeps a reference to the last key instead of copying it; the key was already copied into the block's bytes, so a second copy looked wasteful.",
    why: 'The bytes in the block are indeed a copy. But the last key is used to compute the next prefix, and a caller reusing its buffer changes it under the builder.',
    see: 'README.md:   varints, the key suffix and the value; keep a *copy* of the key.',
  },
  'estimatedSize() forgets the checksum': {
    pr: 'estimatedSize now counts the entries and the restart trailer. The checksum is a fixed 4 bytes that callers can add themselves if they care.',
    why: 'Four bytes look negligible in an estimate. But the API promises exactly the size finish() returns, and the table builder relies on it to cut blocks.',
    see: 'README.md: - `estimatedSize()` equals the length of the block `finish()` returns, after every add.',
  },
  'estimatedSize() forgets the restart array': {
    pr: 'estimatedSize now leaves the restart offsets out: they are a small fraction of a block, and the estimate is cheaper without them.',
    why: 'The restart array is small per entry, so the shortcut looks fine. But it grows with the entries, and the promise is an exact size, not a rough one.',
    see: 'README.md: 2. `estimatedSize`: the size `finish()` would return right now, exactly.',
  },
  'the checksum leaves out the restart array and the count': {
    pr: 'finish now computes the checksum right after the entries, before the trailer is written, so the checksum covers the data and the trailer stays simple.',
    why: 'Checksumming "the data" sounds right. But the trailer is read first and trusted, and a damaged restart count or offset must be caught by the checksum too.',
    see: CHECKSUM,
  },
  'finish() does not reset the restart points': {
    pr: 'finish now resets the counters and the key, and keeps the restart list, which is rebuilt as entries come in anyway.',
    why: "Most of the state is reset, so the builder looks fresh. But the next block starts with the previous block's restart offsets in its trailer.",
    see: 'README.md:   the builder so it can build the next block.',
  },
  'the checksum is not checked': {
    pr: 'Block.decode still reads the checksum but no longer refuses a block over it; the table layer checks files as a whole, so this was doing the work twice.',
    why: 'A check elsewhere makes this one look redundant. But a block is decoded from bytes a disk returned, and without the check damage becomes garbage keys with no error.',
    see: 'README.md: A reader must not believe any number in a block until the checksum says the block is what the',
  },
  'the checksum is checked over the entries only, not the restart array and count': {
    pr: 'Block.decode now checksums the entries part only, which is where the user data lives.',
    why: 'Entries feel like the thing to protect. But the checksum covers every byte before it, including the trailer, so a correct block fails, and damage to the trailer goes unseen.',
    see: CHECKSUM,
  },
  'seek skips the entry it lands on (misses the first key of a restart run)': {
    pr: 'I turned the scan in seek into a do-while, so it always advances at least once from the restart point before comparing.',
    why: 'A do-while looks like a harmless restructuring. But the restart point itself may be the answer, and advancing first skips it.',
    see: SEEK,
  },
  'seek starts at the first restart at or after the target (misses the end of the run before)': {
    pr: 'I tightened the binary search in seek so it moves past a restart whose key is below the target, which halves the range faster.',
    why: 'Moving past the middle is the usual binary search step. But here the answer may be in the run of the last restart before the target, so that restart must stay in the range.',
    see: SEEK,
  },
  'the reader compares with compareBytes instead of the block comparator': {
    pr: 'Block.decode now always seeks with byte order, since the bytes are all the block knows about.',
    why: 'The block does only hold bytes. But seek must use the order the keys were written in, and for internal keys that is not byte order.',
    see: COMPARATOR,
  },
  'next() runs into the restart array': {
    pr: 'next() now stops a little later, so the last entry is never cut off by an off-by-one in the end check.',
    why: 'A margin at the end feels safe. But the entries end exactly where the restart array begins, and reading past it decodes the restart offsets as an entry.',
    see: TRUST,
  },
  'an entry length is trusted without checking it against the end of the entries': {
    pr: 'I removed the bounds check on value lengths in the reader: the checksum already guarantees the block is what the writer wrote.',
    why: 'The checksum does prove the bytes are undamaged. It does not prove the writer was right, and a bad length then reads into the trailer without any error.',
    see: TRUST,
  },
  'a shared prefix longer than the previous key is trusted': {
    pr: "The reader no longer checks the shared prefix against the previous key's length; a valid block never has that, so the check only costs time.",
    why: 'In a valid block it never happens. In a bad one, subarray quietly gives fewer bytes, and the reader returns a garbage key instead of an error.',
    see: LENGTHS,
  },
  'the restart count is not checked against the block size': {
    pr: 'Block.decode now only requires at least one restart, and trusts the count otherwise: the checksum already passed.',
    why: 'After a good checksum the count looks trustworthy. But a count that cannot fit in the block makes the reader compute offsets outside it.',
    see: LENGTHS,
  },
  'restart offsets are not checked': {
    pr: 'Block.decode no longer validates each restart offset; seek handles whatever it finds, and the validation loop was slow for large blocks.',
    why: 'A loop over offsets looks like overhead. But a restart offset that points past the entries or backwards sends seek into the wrong bytes.',
    see: LENGTHS,
  },
  'a block shorter than the trailer is read anyway': {
    pr: 'The minimum size check in Block.decode now only makes sure the checksum is there, which is the first thing it reads.',
    why: 'The checksum is read first, so its size looks like the minimum. But the trailer also holds a restart and a count, and a shorter block reads them from outside the bytes.',
    see: 'README.md: block is the trailer alone: one restart (0), the count (1), the checksum: 12 bytes.',
  },
  "decode checksums from the start of the block's backing buffer, ignoring byteOffset": {
    pr: 'Block.decode now checksums through a Uint8Array over the buffer directly, avoiding the subarray call.',
    why: 'For a block you made yourself the buffer and the array start together. A block read out of a whole table file is a view, and its checksum is computed over the wrong bytes.',
    see: VIEW,
  },
  "value() views the block's backing buffer from its start, ignoring byteOffset": {
    pr: 'value() now builds its view from the buffer and the offsets, without going through subarray, to save an allocation.',
    why: 'The two agree when the block starts at byte 0 of its buffer. For a block that is a view into a table file, every value is read from the wrong place.',
    see: VIEW,
  },
  "finish() returns a view of the builder's buffer, which the next block overwrites": {
    pr: "finish now returns a view of the builder's buffer instead of a copy, which saves copying every block we write.",
    why: 'Zero-copy is tempting. But the builder reuses its buffer for the next block, and the block the caller holds changes under them.',
    see: 'README.md:   exactly like a copy, and a block `finish()` returned does not change when the same builder',
  },
  "key() returns a view of the iterator's reused key array": {
    pr: 'key() now returns a subarray of the key buffer instead of slicing it: same bytes, no copy, and the callers I checked read the key at once.',
    why: 'The view saves a copy, and a caller that reads at once sees the right bytes. But a merge iterator keeps keys across moves, and the next entry rewrites the bytes under it.',
    see: KEY_COPY,
  },
  'key() returns the reused key array itself, cut to length only when it grows': {
    pr: 'When the key buffer is exactly as long as the key, key() hands it out directly; otherwise it trims the buffer once. Most keys in a table have one length, so most calls copy nothing.',
    why: 'The trick makes the copy rare, but the array handed out is the one the iterator writes the next key into, and a caller that changes it changes the shared prefix of what follows.',
    see: KEY_COPY,
  },
  "a move does not forget the copy key() made, so key() gives the previous entry's key": {
    pr: 'parseEntry no longer clears keyCopy: key() fills it on demand anyway, so the reset looked like a redundant write on every entry.',
    why: 'The copy is made on demand, but it is only right for the entry it was made on. Without the reset, key() after next() returns the old key.',
    see: KEY_COPY,
  },
  'the key array grows without keeping the shared prefix': {
    pr: 'When a key does not fit, the iterator now just allocates a bigger buffer; the unshared bytes are copied in right after, so the old contents looked unneeded.',
    why: 'The unshared bytes are copied, but the first shared bytes of the new key come from the previous key, which lived in the old array. A long key after a short one loses its front.',
    see: REUSED,
  },
  "a restart's key is compared from the entry's start, header bytes included": {
    pr: "The binary search now compares from the entry's offset to the end of its key, which spares the reader a local for the key's start.",
    why: "The range looks close enough, but its first three bytes are the entry's lengths, not its key, so the search compares the wrong bytes and lands in the wrong run.",
    see: IN_PLACE,
  },
  "a restart's key is compared with its value after it": {
    pr: 'The binary search compares the restart entry up to the end of its value; a value after the key only makes the range longer, and keys differ before it anyway.',
    why: 'Keys often differ early, so most seeks still work. But a restart whose key is a prefix of the target then compares value bytes against the rest of the target.',
    see: IN_PLACE,
  },
  'the scan compares the whole key array, old bytes past the key included': {
    pr: 'The scan compares the key buffer to its full length, which saves reading keyLength on each step; bytes past the key are never read for a result.',
    why: 'The buffer is longer than the current key whenever a longer key came before, and those stale bytes then take part in the comparison.',
    see: REUSED,
  },
  "the binary search copies each restart's key out of the block to compare it": {
    pr: "The binary search slices each restart's key out of the block before comparing it, so the comparator always sees a key that starts at 0.",
    why: 'The answers are the same, but the copy per restart key is exactly the cost the range comparator exists to remove, on the hottest path of a random read.',
    see: NO_COPIES,
  },
  'the scan compares a new copy of each key': {
    pr: "The scan now compares this.key(), the same key callers see, instead of reaching into the iterator's private buffer.",
    why: 'Reusing the public accessor looks tidy, but key() makes a copy for each entry, so a seek once more allocates for every key it only passes.',
    see: NO_COPIES,
  },
  'every entry gets a new key array (the shared prefix copied into it)': {
    pr: 'parseEntry now always moves the key into a fresh array of the right size, keeping the shared prefix, so the key buffer never holds stale bytes.',
    why: 'Stale bytes past keyLength are never read, so nothing needed cleaning. The fresh array per entry is one allocation for every key a seek passes.',
    see: NO_COPIES,
  },
  'a restart entry that claims a shared prefix is compared anyway during the binary search': {
    pr: 'The binary search no longer checks the shared count of the restart entries it compares; the entry the seek finally decodes is checked, which is enough.',
    why: 'The search compares restarts it never decodes fully, and a restart that claims shared bytes has a key that is not all there: it must be refused, not compared.',
    see: LENGTHS,
  },
  'a block given compareAt seeks with compare instead': {
    pr: 'rangeComparator now always derives the range form from compare, so the two options can never disagree.',
    why: 'One source of truth sounds safer. But compare on a view makes a view per comparison, which is what compareAt is there to avoid, and a caller may pass compare only for the builder.',
    see: RANGE,
  },
  'the view-making fallback compares from the start of the array, not from start': {
    pr: "The fallback for a comparator without compareAt now views the block from 0 to end; the block's keys start near the front anyway.",
    why: 'A key in a block almost never starts at 0: the view must be bytes[start, end), or the comparator sees every byte before the key too.',
    see: RANGE,
  },
};
