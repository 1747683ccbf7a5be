import type { Reviews } from '../review.ts';

const SNAPSHOT = 'README.md: A **snapshot** read (`{ snapshot: true }`)';
const LIMITED = 'README.md: forward, `[begin, keyAfter(last))`; in reverse, `[last, end)`';
const COPIES = 'README.md: keys and values copied in and out';

export const reviews: Reviews = {
  'the resolver checks only the first key of each read range (point reads only)': {
    pr: 'Almost every read is a get, so I made conflicts() compare the first key of each read range against the history. It keeps the check cheap and the code matches what the common case does.',
    why: 'Most tests and most traffic are point reads, for which the first key is the whole range. A range read of a..z is also one entry in the list, and it is easy to forget it stands for every key between.',
    see: 'README.md: range read reads its range',
  },
  'the resolver ignores writes committed earlier in the same batch': {
    pr: 'I dropped the batchWrites check in conflicts(): transactions in one batch all commit at the same version, so none of them can have written after another one read. The history check covers everything else.',
    why: '"Same version" sounds like "at the same moment", so neither could have seen the other. But the batch is decided in order, and a transaction placed after one that wrote its key is serialized after it.',
    see: 'README.md: **earlier transaction of the same batch**',
  },
  'the resolver uses >= instead of > on versions (a write the reader saw counts as a conflict)': {
    pr: 'The version test in conflicts() is now >=: a write landing at exactly the read version looks like a race to me, and refusing it is the safe side.',
    why: 'A tie feels like a race, and being strict feels safe. But the read version was already committed when the transaction took it, so a write at that version is in what it read: refusing it is a false conflict.',
    see: 'README.md: A write at exactly the read version is no conflict',
  },
  'the resolver remembers the writes of refused transactions too': {
    pr: "I compute the conflict flag first and push every transaction's write ranges before returning, so batchWrites is filled in one place, whatever the verdict.",
    why: 'Collecting the writes unconditionally tidies the loop, and nothing is lost: only extra conflicts appear. But a refused transaction never happened, so its writes must not refuse anyone.',
    see: "README.md: A refused transaction's writes are never remembered",
  },
  'the resolver forgets old writes but never refuses a reader older than its window': {
    pr: 'I removed the too_old check from resolveBatch: the store already refuses reads below its window with transaction_too_old, so a second check at commit time looked redundant.',
    why: 'The store does refuse old reads, but a transaction can read while its version is still in the window and commit after the resolver has forgotten the writes it would need. Only the resolver can refuse that one.',
    see: 'README.md: so it is refused with `transaction_too_old` (1007)',
  },
  'the resolver refuses a transaction below the window even when it read nothing': {
    pr: 'A transaction whose read version is below the window is too old, full stop: I simplified the test in resolveBatch to the version alone.',
    why: 'The rule is named after the version, so checking the version alone sounds complete. But the window exists to judge reads, and a blind write has nothing to judge; FoundationDB lets it commit.',
    see: 'dialogue.md: a blind write has no read to judge',
  },
  'the resolver never forgets (its memory grows without bound)': {
    pr: 'forgetBefore now only moves oldestVersion up and keeps the history as it is. The filter ran on every batch and showed up in profiles, and keeping more history can only make the resolver more careful.',
    why: 'More memory looks like more safety, and every verdict stays correct. But the window is a promise about memory as well as about age, and the remembered writes grow with every commit.',
    see: 'README.md: and forgets write ranges committed',
  },
  'the resolver only sees writes that cover a whole read range': {
    pr: "conflicts() now looks for a committed write that contains the read's first key, the way a point lookup would find it, instead of testing range intersection in general.",
    why: 'For gets the two tests agree, and a write that starts exactly where a range read starts is found too. A write that lands in the middle of a range read is missed.',
    see: 'README.md: range read reads its range',
  },
  'the resolver moves its window only after a batch that remembered a write': {
    pr: 'resolveBatch forgets old writes only when the batch added some: a batch that remembered nothing has nothing new to make room for, so the filter is skipped.',
    why: 'Forgetting looks like cleanup after adding, so tying the two together feels natural. But the window follows the versions, not the writes: after every batch, oldestVersion is the batch version minus the window.',
    see: 'README.md: After each batch at `V`, even one that',
  },
  'read-your-writes ignores a cleared range': {
    pr: 'lookup() now answers from the point writes and otherwise falls through to the store; the cleared-range scan was a linear walk on every read and I rarely see clearRange in a transaction that reads afterwards.',
    why: 'Point writes are the common case, and a clearRange followed by a read of the same keys is rare in hand-written tests. But once a transaction cleared a range, the store no longer answers for it.',
    see: 'README.md: else a cleared',
  },
  "read-your-writes treats the transaction's own clear of a key as untouched": {
    pr: 'lookup() only returns a point write when it carries a value; a null entry has nothing to return, so it now falls through like any key we did not touch.',
    why: 'A null looks like "nothing here", so falling through reads naturally. But the null is the transaction\'s own clear, and falling through brings back the value it deleted.',
    see: "README.md: the key's point write decides (`set` to a value, or `cleared`)",
  },
  'a range read leaves out the keys the transaction set': {
    pr: 'mergeRange adds a point write only where the snapshot has a pair for that key, so the merge replaces values in place and never invents keys the database does not hold.',
    why: 'Replacing stored values is the case one thinks of first. A key the transaction created is not in the snapshot at all, and a range read must still show it.',
    see: 'README.md: the stored pairs whose keys are untouched, plus the keys the',
  },
  'a range read keeps the stored value of a key the transaction set (both appear)': {
    pr: 'I simplified the snapshot filter in mergeRange to drop only the cleared keys, since those are the ones the transaction removed; everything else from the store stays.',
    why: 'Removing what was cleared is the obvious job of the filter. A key the transaction set is not untouched either, and keeping its stored pair shows the key twice.',
    see: 'README.md: the stored pairs whose keys are untouched, plus the keys the',
  },
  'a range read with a limit fetches only `limit` stored pairs (own clears hide some)': {
    pr: 'readSnapshot now asks the store for exactly `limit` pairs: that is all the caller wants back, and fetching more was wasted work.',
    why: 'Asking for what you will return is the natural reading of a limit. But own clears and replaced keys can hide stored pairs, and then fewer than `limit` survive the merge.',
    see: 'README.md: so it fetches `limit + points`',
  },
  'a range read applies the limit to the stored pairs before merging the own writes': {
    pr: 'The special case for cleared ranges in readSnapshot is gone: every limited read now fetches `limit` stored pairs, which keeps big clears from making us read whole ranges.',
    why: 'Fetching a whole range for one cleared stretch looks wasteful. But a cleared range can hide any number of stored pairs, and then a bounded fetch returns too few.',
    see: 'README.md: range it cleared can hide any number',
  },
  'a range read with a limit records the whole range as read (false conflicts)': {
    pr: 'rangeReadConflict returns the range the caller asked for, always. Recording more than was read can only add conflicts, never miss one, so it is the safe simplification.',
    why: 'It is safe for serializability, which is why it looks harmless. But it refuses transactions that did nothing wrong: a write beyond the last key returned could not have changed the answer.',
    see: LIMITED,
  },
  'a limited range read records up to its last key, leaving that key out': {
    pr: 'For a forward read stopped at its limit, the conflict range now ends at the last key returned; ranges are [begin, end), and ending at the last key looked like the natural boundary.',
    why: 'Half-open ranges make "end at the last key" look right. But the last key was read too, so the end must be the key after it.',
    see: LIMITED,
  },
  'a reverse range read with a limit records the wrong end of the range': {
    pr: 'I made the reverse case record from the start of the range to just past the last key returned, the same shape as the forward case, so both branches read alike.',
    why: 'Symmetry between the branches is appealing. But a reverse read walks down from the end, so what it looked at is the top of the range, from the last key it returned to the end.',
    see: LIMITED,
  },
  'snapshot reads add read conflicts': {
    pr: 'get() now records a read conflict for every read, snapshot or not. One rule for all reads is simpler, and extra conflicts are the safe side.',
    why: 'Uniform code and "safe" extra conflicts are tempting. But a snapshot read is an explicit promise from the caller, and recording it makes transactions conflict that asked not to.',
    see: SNAPSHOT,
  },
  'snapshot range reads add read conflicts': {
    pr: 'getRange records its conflict range whatever the options say, like the rest of the read path: I would rather over-record than miss something.',
    why: 'The caller opted out for a reason, for example a scan that only needs a rough answer. Recording it anyway turns that opt-out into false conflicts.',
    see: SNAPSHOT,
  },
  'range reads add no read conflict at all': {
    pr: 'I moved conflict recording out of getRange: range scans are usually reports, and their conflict ranges were the biggest entries in every batch the resolver saw.',
    why: 'Big ranges cost the resolver the most, so cutting them looks like an optimisation. But a range read is a read, and without its range a write into it slips through.',
    see: 'dialogue.md: What the transaction read is what it returned',
  },
  'a get of a key the transaction wrote returns the stored value': {
    pr: 'get() answers cleared keys from the write set and everything else from the store at the read version, so all values come from one place and are consistent with the snapshot.',
    why: 'Reading from the snapshot sounds like the definition of consistency. But the transaction must see its own writes on top of it, and its own set is the newer answer.',
    see: 'README.md: else it is `untouched`, and the store at the read version',
  },
  "a get hands out the transaction's own value by reference": {
    pr: "get() returns the write set's own Uint8Array for keys we set, without a copy; values can be large and the copy was pure overhead.",
    why: 'It is only a read, so sharing the bytes looks free. But the caller may change the array it got, and that changes what the transaction will commit.',
    see: COPIES,
  },
  "set keeps the caller's key and value by reference": {
    pr: 'set() stores the key and value it is given without copying them; callers build fresh arrays for every call anyway, and this saves two allocations per write.',
    why: "Most callers do build fresh arrays. One that reuses a buffer changes the transaction's writes after the fact, silently.",
    see: COPIES,
  },
  'a transaction can still be used after commit()': {
    pr: 'checkUsable only refuses a second commit() once a commit has started; reads and writes after it are harmless, so there is no need to throw for them.',
    why: 'A second commit is the obvious danger. A write after commit() started is lost or half-included, and the caller is never told.',
    see: 'README.md: `used_during_commit` after any',
  },
  'a transaction can be committed again after a failed commit': {
    pr: 'commit() no longer sets commitStarted itself: when a commit fails, the caller can call commit() again on the same transaction, which makes retrying easier.',
    why: 'Retrying a failed commit sounds helpful. But the transaction keeps its old read version and read set, exactly what made it fail; only a reset starts afresh.',
    see: 'dialogue.md: a clear error is better than a silent second commit',
  },
  'read-only transactions go through the resolver too': {
    pr: 'commit() now sends every transaction to the database, even one that wrote nothing, so all commits take the same path and every one gets a verdict from the resolver.',
    why: 'One path for every commit is a reasonable aim. But a transaction that wrote nothing changes nothing, and sending it to the resolver lets it be refused for no reason.',
    see: 'README.md: **Read-only transactions always commit**',
  },
  'the commit path acknowledges before the commit log is synced': {
    pr: 'commitBatch now tells the committed transactions their version as soon as the resolver has decided; the log write and the sync follow. The clients stop waiting on the disk, which halves commit latency.',
    why: 'The verdict is known after the resolver, so answering then looks efficient. But a crash before the sync loses a commit whose caller was told it happened.',
    see: 'README.md: a commit acknowledged before step 3 ends could vanish',
  },
  'the commit path makes writes visible before the commit log is synced': {
    pr: 'I apply and publish the batch before writing the log: readers see new data sooner, and nobody is acknowledged before the sync, so durability is unchanged.',
    why: 'Nobody was told the commit happened, so it feels safe. But a reader was, in effect: it read the value, and may act on a write that a crash takes back.',
    see: 'README.md: a write made visible before step 3 ends could be read',
  },
  'the commit path never syncs the commit log': {
    pr: "I dropped the explicit log.sync() in commitBatch: the log's own writer already decides when to sync, and a second sync per batch was the slowest step of a commit.",
    why: 'Everything still works in a process that never crashes, and the tests that read back see every record. Only a crash shows acknowledged commits missing.',
    see: 'README.md: appended, then synced',
  },
  'the commit path ignores a failed sync and acknowledges anyway': {
    pr: 'A failed sync in commitBatch is now caught: the record was appended already, and failing a whole batch on a flaky fsync seemed harsh.',
    why: 'A retry later may well succeed, so swallowing one failure feels forgiving. But after a failed fsync nobody knows what is on the disk, and the commit must not be reported as done.',
    see: 'README.md: **A commit whose log sync fails is reported as `commit_unknown_result` (1021)**',
  },
  'the commit path logs the mutations of refused transactions too': {
    pr: "commitBatch now collects every transaction's mutations for the record in one flatMap; filtering by verdict in the same expression was hard to read.",
    why: 'The record is a batch of mutations, so collecting them all looks natural. But a refused transaction never happened, and its writes would be replayed and applied.',
    see: 'README.md: one record of the committed mutations at V',
  },
  'the commit path tells a refused transaction that it committed': {
    pr: 'In the answering loop, anything that is not too_old is acknowledged; too_old is the one refusal the client needs a different error for.',
    why: 'Grouping the verdicts by which error they need looks tidy. But conflict is a refusal too, and telling a conflicting transaction it committed loses its writes silently.',
    see: 'README.md: 5. every transaction hears its verdict, in batch order',
  },
  "a get records the caller's key buffer as its read conflict range, not a copy": {
    pr: 'get() copies the key only to look it up; the read conflict range now takes the key the caller passed, which saves an allocation on the hottest path of a transaction.',
    why: 'The range is recorded and then the call returns, so it looks finished. But it is read again at commit, and a caller that reuses its key buffer has changed what the transaction says it read by then.',
    see: COPIES,
  },
  'a range read without a snapshot option is treated as a snapshot read': {
    pr: 'getRange records its read conflict range when the caller asks for `snapshot: false`; I test the option explicitly rather than relying on a negation.',
    why: 'An explicit check reads as careful. But the option is usually left out, and a range read with no options must record its range like any other non-snapshot read.',
    see: 'README.md: every non-snapshot read records its range',
  },
  'the commit path answers every committed transaction first, then the refused ones': {
    pr: 'commitBatch now acknowledges the committed transactions in one loop and refuses the others in a second one, so the happy path is answered as early as possible.',
    why: 'Both loops keep the order within each group, so it looks harmless. But the verdicts are a sequence: a refused transaction placed before a committed one must hear first, as the batch decided them.',
    see: 'README.md: 5. every transaction hears its verdict, in batch order',
  },
  'the commit path appends one log record per committed transaction': {
    pr: 'commitBatch appends each committed transaction as its own record, all at the batch version, then syncs once; one record per transaction is easier to read back when debugging.',
    why: 'One sync still covers them all, and the live database looks right. But a batch is one record at one version, and a reopen replays two records at the same version into a store that refuses a version it already holds.',
    see: 'README.md: one record of the committed mutations at V',
  },
  'the commit path logs the mutations of transactions refused as too old': {
    pr: 'commitBatch leaves out the mutations of conflicting transactions; a too_old transaction had no conflict the resolver could see, so I kept its writes.',
    why: 'Conflict sounds like the only refusal that matters for the data. But too_old is a refusal as well: that transaction never committed, and its writes must not reach the log or the store.',
    see: 'README.md: one record of the committed mutations at V',
  },
  'opening replays every record, even those the store already holds durably': {
    pr: 'openDatabase now replays every record in the log; applying a record the store already holds writes the same values again, so checking the durable version first was not needed.',
    why: "Replaying a write twice sounds idempotent. But lesson 14's store refuses a version at or below the newest it holds, so replaying a record it already made durable fails the open.",
    see: "README.md: every record above the store's durable version is",
  },
  'the log is trimmed up to the newest commit, not the durable version': {
    pr: 'makeDurable trims the log up to the committed version: everything committed is in the store by then, so the log can let go of all of it.',
    why: '"In the store" sounds like "durable". But the store holds newer versions only in memory; the log is the only durable copy of them until the store writes them out.',
    see: 'README.md: and the log drops the segments it no longer needs',
  },
  'clear() keeps the caller’s key for the mutation it commits (the given code)': {
    pr: 'clear() hands the caller’s key straight to the write set: the point lookup is keyed by the key’s hex, made at once, so the copy bought nothing.',
    why: 'Reads inside the transaction do go by that hex and still look right. But the write set also keeps the key for the clear it commits, and a caller that reuses its buffer moves that clear to another key.',
    see: 'README.md: keys and values copied in and out, up to what the commit writes, so the caller may reuse its buffers.',
  },
};
