import type { Reviews } from '../review.ts';

const UNSIGNED_LE = 'README.md: Numbers are little-endian and unsigned';
const LIMIT_ALLOWED = 'README.md: The limit itself is allowed.';

export const reviews: Reviews = {
  'onError retries every FoundationDB error, retryable or not': {
    pr: 'onError now retries any FdbError and rethrows only errors from outside the database. Everything the database throws is something a fresh attempt might fix, and callers were wrapping run() in their own loops.',
    why: 'Database errors feel transient as a family. But some are about the program, like a key over the limit or a closed database, and retrying them loops until the timeout instead of saying what is wrong.',
    see: 'README.md: decides which errors deserve that and how long to wait',
  },
  'onError does not retry transaction_too_old and future_version': {
    pr: 'onError now rethrows transaction_too_old and future_version: they are about versions, not about other clients, so a retry felt like papering over a clock problem.',
    why: 'Neither is a conflict, so "not retryable" sounds plausible. But both are fixed by starting over on a fresh read version, which is exactly what the loop does.',
    see: 'README.md: `transaction_too_old` (1007) or `future_version` (1009)',
  },
  'the backoff is not capped at maxBackoffMs': {
    pr: 'The backoff now simply doubles after each wait. Under heavy contention the waits should keep growing until clients spread out, and the cap cut that short.',
    why: 'Exponential growth is the textbook idea, and the cap looks like a detail. Without it a client that lost ten times waits ten seconds or more for a key that is free again.',
    see: 'README.md: `DEFAULT_MAX_BACKOFF` 1 s',
  },
  'the backoff never doubles': {
    pr: 'I kept the backoff at its first value, capped as before: with jitter on every wait, clients spread out anyway, and a constant wait is easier to reason about.',
    why: 'Jitter does spread clients a little. But the window they spread over never widens, so many clients on one key keep colliding.',
    see: 'README.md: `BACKOFF_GROWTH_RATE` 2',
  },
  'no jitter: the wait is the whole backoff': {
    pr: 'The wait is now exactly the backoff instead of backoff times random(): the waits are predictable, and tests and logs are easier to read.',
    why: 'Predictable waits look like a good property. But two clients that collided wait the same time, come back together and collide again.',
    see: 'README.md: jitter, so that two clients that',
  },
  'too_old and future_version grow the backoff like a conflict': {
    pr: 'I removed the special case for too_old and future_version in onError; every retryable error now goes through the same backoff, so there is one rule to remember.',
    why: 'One rule is simpler. But nobody else caused these two: a fresh read version fixes them, and growing the backoff only delays the retry.',
    see: 'dialogue.md: Because nobody else caused them.',
  },
  'the retry limit is off by one (one retry too many)': {
    pr: 'onError throws once retries exceed the limit, so a limit of 2 means two retries are allowed, which is how I read the option.',
    why: 'Both comparisons read as "two retries" at a glance. Counting through the loop shows that > lets a third retry happen before the error is thrown.',
    see: 'README.md: The retry limit counts retries (limit 2: the first',
  },
  'the timeout is counted from the latest attempt, not the first': {
    pr: 'run() restarts the timeout clock at each attempt, so every attempt gets the full budget; a slow first attempt should not starve the ones after it.',
    why: 'A fair budget per attempt sounds reasonable. But the caller asked for an end time for the whole call, and per attempt it can retry forever.',
    see: 'README.md: the first attempt, across every attempt and every wait',
  },
  'run returns before committing': {
    pr: "run() returns fn's result right away and lets the commit finish in the background; the caller already has what it asked for, and that saves a round trip.",
    why: 'The result is known once fn returns, so waiting looks like latency for nothing. But the caller is then told about work that may still be refused, and no retry happens.',
    see: "README.md: B -->|committed| Z[return fn's result]",
  },
  'add forgets the carry between bytes': {
    pr: 'add now adds the bytes position by position and keeps the low 8 bits of each; the extra carry variable was only needed for the last byte, which we drop anyway.',
    why: 'Dropping the final carry is in the rule, so dropping carries in general looks consistent. But only the carry out of the last byte is dropped; the others move up.',
    see: 'README.md: old + param, the carry out of the last byte dropped',
  },
  'add is big-endian (the carry runs from the last byte to the first)': {
    pr: 'add walks the bytes from the end to the start, the way we add numbers on paper, with the carry moving left.',
    why: "On paper the last digit is the least significant. In FoundationDB's numbers the first byte is, so the carry must run the other way.",
    see: UNSIGNED_LE,
  },
  'max compares signed bytes': {
    pr: 'max compares the values as Int8Array views, which is what a signed counter stored by a client expects.',
    why: 'Signed integers are common in client code. But the rule compares unsigned numbers, so 0xff (255) must beat 0x01.',
    see: UNSIGNED_LE,
  },
  'max and min compare big-endian (first byte most significant)': {
    pr: 'compareLittleEndian now scans from the first byte; the loop reads more naturally forward, and the first difference decides either way.',
    why: '"The first difference decides" is true, but which difference comes first depends on the byte order. Little-endian means the last byte is the most significant.',
    see: 'README.md: the larger / smaller as unsigned little-endian numbers',
  },
  "the old value keeps its own length instead of the parameter's": {
    pr: 'fitted() no longer cuts the old value: it keeps all of its bytes and pads only when it is shorter than the parameter, so nothing a client stored is lost.',
    why: "Not losing data sounds responsible. But the rule fixes the result's length to the parameter's, and a longer old value leaves bytes the operation never touched.",
    see: 'README.md: the old value is first cut or zero-padded to that length',
  },
  'byteMax compares numerically (little-endian) instead of lexicographically': {
    pr: 'byteMax now uses the same little-endian comparison as max after fitting, so all the comparison operations share one helper.',
    why: 'Sharing the helper looks like tidying up. But byteMin and byteMax compare like keys, byte 0 first and whole values, which is a different order from numbers.',
    see: 'README.md: the smaller / larger in byte order (like keys)',
  },
  'appendIfFits refuses a result of exactly the value limit': {
    pr: 'appendIfFits keeps the old value once the combined length reaches VALUE_SIZE_LIMIT, to stay safely inside the limit.',
    why: '"Safely inside" feels prudent. But a value of exactly the limit is allowed everywhere else, and this refuses an append that fits.',
    see: 'README.md: old + param, unless longer than 100,000 bytes',
  },
  'compareAndClear keeps a key with no value as an empty value': {
    pr: 'compareAndClear on a missing key now returns an empty value instead of undefined, so callers always get bytes back and need no special case.',
    why: 'Avoiding undefined looks cleaner. But an empty value is a value: the key that did not exist now exists.',
    see: 'README.md: clears the key if its value equals param',
  },
  'an atomic operation records a read conflict on its key': {
    pr: 'atomicOp now records a read conflict on its key as well as a write: the result depends on the old value, so the transaction did in a sense read it.',
    why: 'The value does depend on the old one, so recording a read sounds honest. But it is computed at commit from the value then, and a read conflict makes concurrent adds refuse each other.',
    see: 'README.md: **no read conflict range**',
  },
  "the versionstamp's version is little-endian": {
    pr: 'versionstamp() writes the version little-endian, like every other number we put on disk in this course.',
    why: "The course's numbers are mostly little-endian, so this looks consistent. But a stamp is meant to sort, and only big-endian bytes sort in version order.",
    see: 'README.md: commit version, unsigned, big-endian',
  },
  'the batch order is little-endian': {
    pr: 'The 2-byte batch order is now written little-endian, matching the offset and the atomic operations nearby.',
    why: 'Matching the neighbouring code looks tidy. But the order is part of the sort key, and little-endian puts position 256 before position 1.',
    see: "README.md: the transaction's position in its commit batch, big-endian",
  },
  'the 4-byte offset is read big-endian': {
    pr: 'versionstampOffset reads the offset big-endian, the same byte order as the stamp it points to.',
    why: 'Using one byte order for the whole feature sounds consistent. But the API defines the offset as little-endian, unlike the stamp.',
    see: 'README.md: `offset`, a signed 32-bit little-endian integer',
  },
  'the 4 offset bytes are left at the end of the key or value': {
    pr: 'placeVersionstamp now copies the whole parameter and writes the stamp into the copy, which is simpler than slicing and keeps the buffer the same size as the input.',
    why: 'Copying everything looks harmless. But the last 4 bytes are an instruction, not data, and they end up in the stored key or value.',
    see: 'README.md: At commit the 4 bytes are dropped',
  },
  'a stamp that runs one byte past the end is accepted': {
    pr: 'I loosened the bounds check in versionstampOffset by one byte: the offset counts from zero, and the old test felt off by one to me.',
    why: 'Off-by-one worries cut both ways, and zero-based offsets make either look right. Counting the bytes shows the stamp would not fit.',
    see: 'README.md: room for 10 bytes is `client_invalid_operation` (2000)',
  },
  'a key of exactly KEY_SIZE_LIMIT bytes is refused': {
    pr: 'checkKeySize refuses a key once it reaches KEY_SIZE_LIMIT, which reads to me as "the limit is where it stops being allowed".',
    why: 'Whether a limit is inclusive is a coin toss without the spec. FoundationDB allows the limit itself.',
    see: LIMIT_ALLOWED,
  },
  'a value of exactly VALUE_SIZE_LIMIT bytes is refused': {
    pr: 'checkValueSize uses >= VALUE_SIZE_LIMIT, the same shape as the other bounds checks I wrote this week.',
    why: 'Habits from other code decide these comparisons. Here the limit itself is allowed, so >= refuses a valid value.',
    see: LIMIT_ALLOWED,
  },
  'a transaction one byte over the limit is allowed': {
    pr: 'checkTransactionSize gives one byte of slack, since the size is an estimate anyway and I did not want to refuse a transaction over rounding.',
    why: 'Slack on an estimate sounds friendly. But the limit is exact, and the tests check the byte after it is refused.',
    see: 'README.md: The limits allow exactly the limit and refuse one byte more',
  },
  'a watch is armed when created, before its transaction commits': {
    pr: 'create() arms the watch right away: the caller asked to be told about changes, and waiting for the commit only delays the first notification.',
    why: "Arming early sounds responsive. But until the transaction commits, the value it saw is not committed, and a failed transaction's watch must never fire.",
    see: 'README.md: It starts only when its transaction commits',
  },
  'a watch fires on any write of its key, even of the same value': {
    pr: 'changed() fires every armed watch on a key that was written, without comparing values; the comparison cost a read per write and a write is a change in my book.',
    why: 'A write does look like a change. But a watch promises a different value, and rewriting the same bytes wakes clients for nothing.',
    see: 'README.md: the same value does not fire it',
  },
  'the watch limit is off by one (one watch too many allowed)': {
    pr: 'create() refuses a new watch only when the registry is already over the limit, so exactly the limit can be outstanding.',
    why: 'The check runs before the new watch is added, which makes > look right. Counting shows it lets the limit plus one through.',
    see: 'README.md: at most 10,000 watches may be outstanding',
  },
  'a fired watch keeps its slot': {
    pr: 'A fired watch is now marked unarmed instead of being removed, which keeps the entries array stable while we iterate over it.',
    why: 'Not changing a list during iteration is a good habit. But the entry still counts as outstanding, so fired watches fill the limit.',
    see: 'dialogue.md: a fired watch no longer counts against the limit',
  },
  'a cancelled watch is forgotten but its promise never settles': {
    pr: 'cancel() now just drops the entry; nobody is waiting on a cancelled watch in practice, and rejecting it produced unhandled-rejection noise.',
    why: 'Dropping the entry frees the slot, which is what cancel is for. But a caller awaiting the watch hangs forever instead of hearing why.',
    see: 'dialogue.md: `close()` cancels the rest with `operation_cancelled`',
  },
  'onError waits the full 10 ms after too_old even when maxBackoffMs is smaller': {
    pr: 'too_old and future_version now always wait FUTURE_VERSION_RETRY_DELAY_MS: it is a fixed knob, so I took the min() out of that branch.',
    why: "The delay is a constant, so capping it looks pointless. But maxBackoffMs is the caller's promise about the longest wait, and a caller who set it below 10 ms gets waits it asked not to have.",
    see: 'dialogue.md: delay = Math.min(FUTURE_VERSION_RETRY_DELAY_MS, maxBackoff);',
  },
  'too_old and future_version reset the backoff to its first value': {
    pr: 'After too_old or future_version the run starts on a fresh read version, so I reset the backoff to DEFAULT_BACKOFF_MS there too: it is a new start.',
    why: 'A fresh read version does feel like a fresh start. But the clients this run collided with are still there, and the next conflict should wait as long as it would have without the version error in between.',
    see: 'dialogue.md: leaves the backoff alone',
  },
  'the retry limit counts only conflicts, not too_old and future_version': {
    pr: 'I moved the retry count into the backoff branch, next to the backoff it goes with: the fixed-delay errors do not touch the backoff state, so they do not touch the count either.',
    why: 'Keeping the counting next to the backoff looks tidy. But the limit counts retries, whatever caused them, and a run that keeps hitting too_old would never reach its limit.',
    see: 'README.md: The retry limit counts retries (limit 2: the first',
  },
  'onError retries only the four errors the README names': {
    pr: 'onError now retries exactly not_committed, commit_unknown_result, transaction_too_old and future_version, by code, so the list of retried errors is right there in the function.',
    why: "The four codes are the ones the lesson talks about. But FoundationDB's retryable predicate has more (database_locked 1038, process_behind 1037), and a run that meets one of those fails instead of waiting.",
    see: 'README.md: decides which errors deserve that and how long to wait',
  },
  'run retries a refused commit but not an error thrown by the function': {
    pr: "The try in run() now wraps only the commit: errors from fn are the caller's own, and they should come out as they are instead of going through onError.",
    why: "Errors from user code are usually bugs, so letting them out looks right. But fn's reads can fail with transaction_too_old or future_version too, and those are fixed by running fn again; onError already lets real bugs out.",
    see: 'README.md: the answer is to run the whole transaction function',
  },
  'onError asks whether the error is retryable before checking the timeout': {
    pr: 'onError rethrows an error that is not retryable before looking at the clock: the caller should see the error that actually happened, not a timeout.',
    why: 'Showing the real error sounds friendlier. But once the timeout has passed, the run is over whatever the last error was; the reference keeps that error as the cause of transaction_timed_out.',
    see: 'dialogue.md: In `onError` I check the timeout before anything else',
  },
  'onError does not wait for its sleep to end': {
    pr: 'onError starts the sleep and returns; the caller can await the next attempt, and we save a promise hop in the common case.',
    why: 'On a clock that moves at once, as in some tests, this changes nothing visible. On a real clock the retry starts right away, with no backoff at all, and colliding clients collide again.',
    see: 'README.md: F -->|no| H["wait backoff x random(), then backoff = min(2 x backoff, 1 s)"]',
  },
  'min takes the parameter when the old value is empty, as if there were none': {
    pr: 'min treats an empty old value like a missing one and returns the parameter: an empty value holds no number, so there is nothing to compare.',
    why: "Empty and missing look alike. But an empty value is a value: zero-padded to the parameter's length it is 0, and the minimum of 0 and anything is 0.",
    see: 'README.md: the old value is first cut or zero-padded to that length',
  },
  "compareAndClear compares only the parameter's length of the old value": {
    pr: "compareAndClear now fits the old value to the parameter's length before comparing, like every other operation in this file, so they all read the old value the same way.",
    why: 'Consistency with the other operations is attractive. But compareAndClear compares whole values: a value that only starts with the parameter is not equal to it, and clearing it loses data.',
    see: 'README.md: clears the key if its value equals param',
  },
  "the versionstamp's version is written as 32 bits": {
    pr: 'versionstamp() writes the version with setUint32 into the low half of its 8 bytes: versions are plain numbers, and BigInt conversions felt heavy for every commit.',
    why: 'Every version a test database reaches fits in 32 bits, so the stamps look right. Past 2^32 the high bytes are lost and stamps stop sorting in commit order.',
    see: 'README.md: commit version, unsigned, big-endian',
  },
  "the offset is read from the start of the parameter's buffer, not of its view": {
    pr: "versionstampOffset builds its DataView at param.length - 4 in the parameter's buffer; that is where the last 4 bytes are.",
    why: 'For an array made on its own, the buffer starts where the array does. A parameter that is a view into a bigger buffer (a slice of a message) has its bytes further on, and the offset is read from the wrong place.',
    see: 'README.md: that ends with a 4-byte little-endian offset',
  },
  'a parameter shorter than its 4-byte offset is not refused': {
    pr: 'I dropped the length check at the top of versionstampOffset: the bounds check on the offset below already refuses anything that does not fit.',
    why: 'The later check looks like it covers everything. But with fewer than 4 bytes there is no offset to read, and the DataView throws a RangeError instead of client_invalid_operation.',
    see: 'README.md: that ends with a 4-byte little-endian offset',
  },
  "placeVersionstamp writes the stamp into the caller's parameter": {
    pr: 'placeVersionstamp takes a subarray instead of a slice: no copy of the key or value on every commit.',
    why: "A subarray has the right bytes, so the result is right. But it shares the caller's buffer, and writing the stamp into it changes the parameter the caller still holds.",
    see: 'README.md: At commit the 4 bytes are dropped',
  },
  "a watch keeps the caller's key buffer": {
    pr: 'create() keeps the key it is given instead of copying it: the transaction already checked it, and watches are cheap this way.',
    why: 'The key is only read, so sharing it looks harmless. But the caller owns that buffer and may reuse it for the next key; the watch then watches whatever the buffer holds now.',
    see: "README.md: `tr.watch(key)` resolves once the key's committed value",
  },
  'a watch takes no value and the empty value for the same': {
    pr: 'sameValue() now reads a missing value as the empty array, so there is one comparison and no special case for undefined.',
    why: 'Treating missing as empty removes a branch. But setting a missing key to the empty value, or clearing a key that held it, is a change, and the watch must fire.',
    see: "README.md: `tr.watch(key)` resolves once the key's committed value",
  },
  'changed() removes fired watches from the list it is walking': {
    pr: 'changed() loops over this.entries directly instead of over a copy: no allocation on every commit.',
    why: 'The loop looks the same. But it removes each fired entry from the array it walks, so the entry after it moves into its place and is skipped: of two watches on one key, only one fires.',
    see: 'dialogue.md: In the watch registry, `changed()` removes the entry before resolving it.',
  },
  'close() forgets the watches without rejecting them': {
    pr: 'cancelAll() just empties the registry: the database is closing, and rejecting every watch only produced errors nobody handles.',
    why: 'Nobody may be waiting, so it looks like noise. But whoever awaits a watch then waits forever on a closed database, instead of hearing operation_cancelled.',
    see: 'dialogue.md: `close()` cancels the rest with `operation_cancelled`',
  },
  'changed() stops after the first watch it fires': {
    pr: 'changed() returns once it has fired a watch: a key usually has one watcher, and the database calls changed() again for every armed key anyway.',
    why: "The database does call it once per armed watch, which hides the difference. But the registry's rule is that one change fires every watch on the key that saw another value, and a caller that calls it once leaves the rest waiting.",
    see: 'dialogue.md: In the watch registry, `changed()` removes the entry before resolving it.',
  },
  'appendIfFits hands back the old value itself when the parameter does not fit': {
    pr: 'When the append would pass the value limit the old value stays as it is, so appendIfFits now returns `existing` itself instead of copying 100,000 bytes for nothing.',
    why: 'The value does stay the same, and the copy is the biggest one any rule makes. But the result is the caller’s from then on: a caller that changes it (or a store that keeps it and hands it out) changes the array it read the old value from, which is not the rule’s to give away.',
    see: 'README.md: every result is a new array',
  },
  'a wait that ends exactly at the timeout is waited out and retried (> instead of >=)': {
    pr: 'onError cuts a wait short only when it would run past the timeout (`>`): a wait that ends exactly at it is within the budget, so the next attempt may as well start.',
    why: 'An attempt that starts at the deadline has no time left: the timeout has been reached. onError resolves, the caller retries (or run() notices the timeout itself and throws 1031 without the last error as its cause).',
    see: 'README.md: A wait that would reach the timeout, or end exactly at it, is cut short there',
  },
  'arm() keeps the caller’s buffer of the value the watch saw, not a copy': {
    pr: 'arm() stores the value it is given as it is: the transaction passes a value its own get() just copied, so a second copy is waste.',
    why: 'Inside this course’s transaction the value is fresh, so it looks safe. But arm() is the registry’s own contract, and any caller that reuses its buffer changes what the watch compares with, so it fires on a change that never happened.',
    see: 'README.md: of the key and of the value it saw (`arm` copies it), and tells no value from the empty value;',
  },
};
