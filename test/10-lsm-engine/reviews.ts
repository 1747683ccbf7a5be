import type { Reviews } from '../review.ts';

export const reviews: Reviews = {
  'reads ask the tables before the memtables (an old value in a table wins)': {
    pr: 'get now asks the tables first: most keys of a large database live in tables, so the common case returns without walking the memtables.',
    why: 'Asking the biggest source first sounds like a speed-up. But the memtables hold the newest writes, and the first source that knows the key decides: a table then answers with an older value.',
    see: 'README.md: `get` asks each source in turn, newest first',
  },
  'a tombstone in a memtable does not hide a value in a table': {
    pr: 'In get, a memtable that finds a tombstone now lets the search continue to the tables, so a deleted key gets a second chance at being found wherever it still has data.',
    why: 'Treating "deleted" like "not here" is easy when both mean "no value from this memtable". A tombstone is an answer: it says the older value below it is gone.',
    see: 'README.md: the first that knows the key decides,',
  },
  'reads forget the frozen memtables (what is being flushed vanishes until its table is in)': {
    pr: 'Reads go to the active memtable and the tables only; the frozen memtables are on their way to disk and will be in a table in a moment.',
    why: 'A frozen memtable looks like work in transit rather than a data source. Until its table is in the version, it is the only place its writes can be read from.',
    see: 'README.md: A --> I[frozen memtables<br/>newest first]',
  },
  'the frozen memtables are read oldest first': {
    pr: 'I read the frozen memtables in the order they are kept, oldest first, which avoids building a reversed copy of the list on every read.',
    why: 'The list order is the flush order, so it is easy to reuse as read order. Reads need the newest first, or an older frozen memtable answers before a newer one.',
    see: 'README.md: A --> I[frozen memtables<br/>newest first]',
  },
  'a scan skips a table whose last key equals the start of the range (off by one)': {
    pr: 'A scan now leaves out a table whose largest key is at or before the range start: such a table can contribute at most one key, which is the start itself.',
    why: 'The start key is inclusive, so that one key is in the range. A table whose last key is exactly the start still holds an entry the scan must return.',
    see: 'README.md: A table whose key range cannot overlap',
  },
  'a scan skips a table whose first key is just before the end (off by one)': {
    pr: 'I widened the end check a little so that tables starting right at the end of the range are skipped a step earlier.',
    why: 'compareBytes returns a sign, not a distance, so `>= -1` does not mean "one key before". It skips tables that start anywhere before the end and do overlap the range.',
    see: 'README.md: A table whose key range cannot overlap',
  },
  'the log is never synced under the every-write policy': {
    pr: 'Under the every-write policy the log append is enough: the data is in the OS page cache and survives a process crash, so the extra sync per write went.',
    why: 'A process crash does keep the page cache. A machine crash does not, and the policy promises that every write is synced before it is acknowledged.',
    see: 'README.md: every write is synced before it is acknowledged',
  },
  'the flush deletes the old logs before the table is durable': {
    pr: 'The flush now deletes the logs of the frozen memtable as soon as it starts writing the table, since the memtable holds everything they contain.',
    why: 'The memtable does hold the data, but only in memory. Until the table is durable and recorded, the logs are the only durable copy.',
    see: 'README.md: Delete a log before its table is durable and a',
  },
  'the flush records the active log as the oldest one needed (a frozen memtable still waiting loses its logs)': {
    pr: "The flush edit now sets logNumber to the active log's number: that is the log being written, so everything before it has been dealt with.",
    why: 'With a single frozen memtable it comes to the same thing. When several are waiting, the ones after this flush still need their logs, and those logs are deleted too early.',
    see: 'README.md: to the log started when this memtable was frozen',
  },
  'the frozen memtable is dropped before its table is in the version': {
    pr: 'The flush drops the frozen memtable as soon as its table is written, before the catalog edit, so its memory is freed sooner.',
    why: 'The table exists, so the memtable looks redundant. Until the edit installs the table in the version, reads cannot find it, and the writes are invisible for that moment.',
    see: 'README.md: drop the memtable before its table is in the version and reads miss them',
  },
  'obsolete-file deletion removes tables older than the log number (live ones)': {
    pr: 'deleteObsoleteFiles now also removes tables numbered below logNumber: like logs, files older than the oldest needed log are from the past.',
    why: 'Logs and tables share one number counter, which makes one rule for both look tidy. A live table is needed whatever its number; only the version says which tables are live.',
    see: 'README.md: logs below `logNumber`, tables not in the version',
  },
  'the last sequence comes from the logs only (sequence numbers reused after a reopen)': {
    pr: 'replayLogs starts counting sequence numbers from what it finds in the logs; the logs hold every write since the last flush, so they know the latest number.',
    why: 'After a flush the logs can be empty, and the newest sequence numbers then live only in the catalog. Counting from the logs alone hands out numbers already used.',
    see: 'README.md: the last sequence is the larger of the catalog',
  },
  'the logs of the last open are not replayed (only the newest log)': {
    pr: 'Recovery replays the newest log only: older logs belong to memtables that were flushed, so their writes are in tables already.',
    why: 'Usually that is true, but logNumber is the oldest log still needed, and there can be several: every one from it on holds writes that no table has.',
    see: 'README.md: Then every log numbered `logNumber` or above is replayed',
  },
  'a torn batch at the end of the log is replayed in part': {
    pr: 'When the log ends in the middle of a batch, readBatches now keeps the ops that did make it: they were written, so throwing them away loses data.',
    why: 'Keeping what was written sounds like less loss. But that batch was never acknowledged, and a batch is all or nothing: replaying part of it makes a state no one ever saw.',
    see: 'README.md: a header, that batch was never acknowledged, and recovery drops it whole',
  },
  "every op of a batch gets the batch's first sequence number": {
    pr: "All ops of a batch now share the batch's sequence number: they are applied atomically, so one number for the whole batch expresses that.",
    why: 'Atomicity does suggest one number. But two ops on the same key in one batch then have the same internal key, and which one wins becomes undefined.',
    see: 'README.md: A write gets the next sequence numbers, one per op',
  },
  "never checks the last op's sequence number (only the header's putEntry checks the first)": {
    pr: "batchEntries no longer checks the last op's sequence number itself: the header goes through putEntry, which validates it, and the ops follow it directly.",
    why: "putEntry checks the header, whose number is the first. The ops share the batch's copies and skip putEntry, so a batch near the end of the sequence space would be logged with numbers no entry may have.",
    see: 'dialogue.md: The one check the copy used to make for free is the sequence number of the last op, so the',
  },
  'counts the room from one past the last op, refusing a batch that ends on MAX_SEQUENCE': {
    pr: 'The guard now compares the whole count with the room left, without the `- 1`: a batch of n ops needs n numbers, and that reads more naturally next to `next += batch.count` in the engine.',
    why: 'The number after the batch is not one any op gets. A batch whose last op lands exactly on MAX_SEQUENCE is legal, and this refuses it: an off-by-one at the very limit.',
    see: 'dialogue.md: The one check the copy used to make for free is the sequence number of the last op, so the',
  },
  'the header holds the count of entries (ops + 1) instead of ops': {
    pr: 'The batch header now stores the number of entries the batch takes in the log, header included, which is what a reader skipping batches needs.',
    why: 'Counting the header too is a reasonable design, but not the format: readBatches expects n ops after a header of n, and every batch then looks torn.',
    see: 'README.md: | header | put | s | empty | n, as 4 bytes, little-endian |',
  },
  'the reader accepts any entry as a header': {
    pr: 'readBatches no longer insists on an empty key for the header: the header is found by position, so checking its key is redundant.',
    why: 'The README does say the position makes it a header. The checks on it are how a log that is not a batch log, or is damaged, gets refused instead of misread.',
    see: 'README.md: an entry that is not a header where a batch starts is refused',
  },
  "a get looks each table up again in the engine's open tables after an await (a compaction removed it meanwhile)": {
    pr: "get now takes each table's reader from the engine's table map at the moment it reads, so it always uses the current reader.",
    why: 'The current reader sounds fresher than a pinned one. But while get waits for a block, a compaction can remove that table, and the map then has no reader for it.',
    see: 'README.md: Read each table through the reader the snapshot pinned',
  },
  'resolveOptions does not check blockSize (a bad one fails every flush later, in the background)': {
    pr: 'writeTable checks blockSize itself, so resolveOptions passes it through instead of checking it twice.',
    why: 'The check does exist further down. But it then fires in a background flush, long after openDb accepted the option, and the database cannot make progress.',
    see: 'README.md: `options.ts` (options, extension points, `DbClosedError`)',
  },
  'an option limit off by one: the smallest allowed value is refused': {
    pr: 'I tightened the option range check to refuse the lower bound itself, treating the minimum as a sentinel value.',
    why: 'Whether a bound is inclusive is easy to flip when writing the comparison. The minimum is documented as allowed, and a user who picks it gets an error.',
    see: 'README.md: `options.ts` (options, extension points, `DbClosedError`)',
  },
  'an extension point (catalog, compaction, commit, filter) is accepted without its methods': {
    pr: 'resolveOptions only checks that an extension point is an object; TypeScript already makes sure it has the right methods.',
    why: 'The types do check callers written in TypeScript. JavaScript callers and casts get through, and the missing method then fails deep inside a flush.',
    see: 'README.md: `options.ts` (options, extension points, `DbClosedError`)',
  },
  "a leftover table being written is not recognised by its name (a suffix beside lesson 07's TEMP_SUFFIX)": {
    pr: 'I spelled out the temporary table suffix as ".sst.temp" in the file-name table, which reads better than building it from constants.',
    why: 'A literal looks clearer than a concatenation. It drifts from the suffix lesson 07 really writes, and a leftover temporary table is then never recognised or removed.',
    see: 'README.md: | `000007.sst.tmp` | a table being written; a crash may leave one, and open removes it |',
  },
  "get returns the memtable's own value buffer (a caller who changes it changes the database)": {
    pr: 'get returns the value it found directly instead of copying it: values can be large, and most callers only read them.',
    why: "Most callers do only read. One that changes the returned array changes the memtable's copy, and every later read sees the change.",
    see: 'README.md: **The caller owns its bytes.**',
  },
  "scan yields the engine's own key and value buffers": {
    pr: 'scan yields the keys and values as the merge produces them, without copying each pair; long scans allocate much less.',
    why: "Zero-copy iteration is a real speed-up. But the arrays are the engine's own, and a caller who changes one changes the database.",
    see: 'README.md: **The caller owns its bytes.**',
  },
  'a write is applied to the memtable before its log is synced (visible before it is durable)': {
    pr: 'writeGroup applies the ops to the memtable while the log sync runs, so readers see new writes a little sooner.',
    why: 'Overlapping the memtable update with the sync looks like free latency. A read can then return a write that a crash would lose.',
    see: 'README.md: **A write is never visible before its log is synced.**',
  },
  'opening replays the logs but never retires them (every open leaves one more log)': {
    pr: 'Opening replays the logs into the memtable and keeps it there; the next regular flush retires the logs, so open does no extra writing.',
    why: 'It is the earlier design the README describes, and it works until the database is reopened without a flush: then logs pile up and every open replays them all.',
    see: 'README.md: so every open left one more log behind',
  },
  'opening retires only logs that held writes (empty logs pile up)': {
    pr: 'When the replayed logs held no writes there is nothing to flush, so open skips the catalog edit entirely.',
    why: 'No writes, no work sounds right. But the edit is what moves logNumber past the empty logs; without it they are never obsolete.',
    see: 'README.md: If the logs held no writes at all, the edit only moves',
  },
  'opening records the old log number when the logs held nothing (so they are never obsolete)': {
    pr: "For empty logs, open records the version's current logNumber in its edit, since nothing was replayed that would move it.",
    why: 'Keeping the number as it was looks conservative. The logs below the new log are empty and done, and only a new logNumber lets them be deleted.',
    see: 'README.md: If the logs held no writes at all, the edit only moves',
  },
  'opening deletes the replayed logs before their table is durable and in the catalog': {
    pr: 'Open now cleans up the directory first, deleting the logs below logNumber, and then flushes what it replayed; that way the flush starts from a tidy directory.',
    why: 'Cleaning up first is a habit. But the replayed logs are the only durable copy of their writes until the flush has put them in a table and the catalog has recorded it.',
    see: 'README.md: and the catalog records the new `logNumber` before any old log is deleted',
  },
  'a get takes the first table of a deeper level whose largest key is after the key (> instead of >=)': {
    pr: 'findTable skips a table whose largest key equals the key: the next table starts after it anyway, and <= reads more naturally.',
    why: 'Ranges are inclusive: a table whose largest key is exactly the key holds it. With <= the search moves past the only table that has it, and the key reads as missing.',
    see: 'README.md: by binary search over the largest keys',
  },
  'a get reads the tables of a deeper level at the wrong place in the pinned list (first not advanced)': {
    pr: 'I dropped the running offset in get: each level indexes its own tables, so t is enough.',
    why: 'Within a level t is right, but snapshot.tables is one flat list over every level. Without the offset, a level-1 table is read through a level-0 reader, and the answer comes from the wrong table.',
    see: 'README.md: `snapshot.tables[i]` for `snapshot.version.levels.flat()[i]`',
  },
  'level 0 is searched like a deeper level (one table by binary search, though its tables overlap)': {
    pr: 'get uses findTable for every level, level 0 included; one code path, and binary search is faster anyway.',
    why: 'Binary search needs sorted, disjoint ranges. Level-0 tables overlap and are ordered newest first, so the search finds at most one of several tables that hold the key, often not the newest.',
    see: 'README.md: Level 0 overlaps,',
  },
  'a view of the version is released while it is still current (its tables closed under later reads)': {
    pr: 'unpin releases the view as soon as its last read is done, so table handles are not held a moment longer than needed.',
    why: 'The current view is shared by the reads still to come, and it holds one ref per table of its own. Releasing it at zero reads drops that ref, and a later read can find its table closed after a compaction.',
    see: 'README.md: The view lets go of its tables once it',
  },
  'a table moved to another level in one edit is closed (removed and added by the same edit)': {
    pr: 'applyEdit closes every table the edit removes; checking the new version for each one was extra work for a case that looked impossible.',
    why: 'An edit that removes a table and adds the same one at another level is a move, the cheapest compaction there is. The table is still in the version, and closing it breaks every later read of it.',
    see: 'README.md: A table moved from one level to another',
  },
  'the reader does not check the count in a header (0 or over MAX_BATCH_OPS is taken as a batch)': {
    pr: 'readBatches no longer range-checks the count: a count past the end of the log already reads as a torn batch, and a count of 0 simply has no ops, so the extra branch bought nothing.',
    why: 'Both fallbacks look harmless. But a count no writer produces means the log is damaged, and reading on treats damage as a crash: a huge count silently drops every batch after it, and a count of 0 turns the next batch into ops of nothing.',
    see: 'README.md: Throws `CorruptBatchError` for a header that is not one',
  },
  'the reader does not check that a batch starts after the last sequence of the one before': {
    pr: 'I dropped the check that each batch starts after the previous one: the ops inside a batch are checked already, and sequence numbers only ever grow in a log we wrote.',
    why: 'They only grow if nothing went wrong. A batch that starts at or below the last one means a writer reused sequence numbers or the log is damaged, and replaying it would mix two writes under one version.',
    see: 'README.md: Throws `CorruptBatchError` for a header that is not one',
  },
  "the reader does not check the ops' sequence numbers inside a batch": {
    pr: 'Inside a batch I now only make sure an op does not go below the header sequence; the exact numbers follow from the header anyway.',
    why: 'A lower bound feels like enough validation. The layout says op i has sequence s + i exactly, and any other number means the entries are not the batch the header announced.',
    see: 'README.md: whose sequence is not the next.',
  },
  'the reader takes a put of the empty key with a 4-byte value inside a batch for the next header': {
    pr: 'While reading a batch, an entry that looks exactly like a header (empty key, 4-byte count) now ends the batch, as a guard against a header we missed.',
    why: 'It looks defensive. But the empty key is a legal key, and four bytes a legal value: only the position of an entry makes it a header, so this guard splits a whole batch and drops it as torn.',
    see: 'README.md: no key is reserved, the position says so',
  },
  'a batch with no writes is logged as a header with a count of 0': {
    pr: 'batchEntries always emits the header, also for an empty batch, so that every call produces a well-formed batch.',
    why: 'A header for every batch sounds consistent. But a header counts n writes from 1 up, and a header of 0 ops is one the reader must refuse: logging it makes the log unreadable.',
    see: 'README.md: A batch of n writes whose first sequence number is s is n + 1 entries',
  },
  "every batch of a group is numbered from the engine's last sequence (the batches of a group share sequence numbers)":
    {
      pr: 'Each batch of a group now takes its first sequence number straight from this.sequence + 1, which keeps the numbering in one place; this.sequence still moves past the whole group at the end.',
      why: 'With one batch per group, the default, it is the same number. With group commit the batches overlap: two writes share a version, and the next open finds a batch that does not start after the one before.',
      see: 'README.md: A write gets the next sequence numbers, one per op',
    },
  'a failed log append or sync is passed on but the database stays open (later writes follow a log whose end is unknown)':
    {
      pr: 'writeGroup now just rethrows a failed append or sync: the caller learns its write failed, and the database stays available for everyone else instead of going down for one bad I/O.',
      why: 'Keeping a database up sounds kind. But after a failed append the log may end in part of a batch, and after a failed sync in a whole batch that was never applied: later writes would reuse its sequence numbers after it.',
      see: 'README.md: A failed log write stops the engine.',
    },
  'the write path does not count its writes toward the sync policy (every-n never syncs by count)': {
    pr: 'I removed the writesSinceSync bookkeeping from writeGroup: syncDue already looks at the log size, and the policy works without the counter.',
    why: 'The byte limit does use the log size, so the counter looks redundant. The count limit reads writesSinceSync; never moved, it never syncs, and a power cut loses every write since the last freeze.',
    see: "dialogue.md: The engine's policy counts *writes*, not frames.",
  },
  'a group of batches counts as one write toward every-n (group commit syncs late by count)': {
    pr: 'writeGroup adds one to writesSinceSync per group: it is called once per group and syncs at most once, so counting calls matches what it does.',
    why: 'One call, but every batch in it is a write its caller waits for. Under group commit a busy engine hands over groups of many batches, and "every 4 writes" becomes every 4 groups: a power cut loses writes the policy promised were on disk.',
    see: 'README.md: group commit each batch of a group is one write',
  },
  'every-n syncs by bytes one write late (the write that reaches `bytes` exactly is not synced)': {
    pr: 'syncDue syncs once the unsynced bytes are over the limit (`>`): a limit is a ceiling, and reaching it is still within it.',
    why: 'The policy is "after `bytes` bytes": the write that brings the unsynced bytes to exactly the limit is the one that must be synced. With `>`, the next write is synced instead, and a power cut in between loses a full limit of bytes plus one write.',
    see: 'README.md: a sync is due as soon as the unsynced log',
  },
  'a scan reads the memtables at the newest sequence (writes made during the scan show up in it)': {
    pr: 'scan reads at the newest sequence number: a long scan then also returns what was written while it ran, which is the fresher answer.',
    why: 'Fresher sounds better, but a scan that sees some writes made during it and misses others (those before its position) shows a state the database was never in.',
    see: 'README.md: A read takes a snapshot: the sequence number it reads at',
  },
  'a scan lets go of its snapshot once its sources are made, before it reads them (a compaction closes its tables)': {
    pr: 'scan unpins its snapshot as soon as the iterators are made: they already hold the table readers, and a long scan no longer keeps a whole version alive.',
    why: 'An iterator looks like it owns its table. It only borrows the reader: once the pin is gone, a compaction that removes the table closes it, and the scan fails at its next block read.',
    see: 'README.md: table removed while a scan reads it stays open until the scan ends',
  },
  "the flush writes with lesson 07's writeTable, not options.writeTable": {
    pr: "flushOldest calls lesson 07's writeTable directly: every writer makes the same table, so there is no reason to go through the options.",
    why: 'The tables are the same, which is why the option exists: lesson 13 passes a writer that makes the same bytes faster. Called directly, the flush ignores it, and the engine pays for the slower writer on every flush.',
    see: 'README.md: what writes every table, the flush',
  },
};
