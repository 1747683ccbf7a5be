import type { Reviews } from '../review.ts';

const SCAN =
  'README.md: To know whether an intact frame follows, recovery tries to decode a frame at every offset after';
const CANDIDATE =
  'README.md: offset is a candidate; a false match needs a CRC32C to agree by chance, about 1 in 4 billion per';

export const reviews: Reviews = {
  'AppendFile.sync() does not fsync (the bytes stay in the page cache)': {
    pr: 'NodeAppendFile.sync() is now a no-op: every append already goes through the kernel, and the handle sync was by far the slowest call in the benchmark. Appends got about twenty times faster.',
    why: 'Every test that reads the file back in the same process sees the bytes, because they are in the page cache. Only a power cut shows that nothing was ever on the disk.',
    see: 'README.md: page cache, in memory, and returns. The kernel writes them out later, when it likes, in the order',
  },
  'syncDir() opens the directory but does not fsync it': {
    pr: 'I kept syncDir opening and closing the directory, which is enough to make sure it exists and is readable, and dropped the sync call on it; syncing a directory handle looked odd to me.',
    why: "Syncing a directory is an unusual idea, and opening it looks like the important part. But the name of a new file lives in the directory's own dirty pages, and only its fsync makes the name durable.",
    see: "README.md: - **A file's name is data too.** It lives in its directory, and the directory is a file with its",
  },
  'truncate() does not fsync the shortened file': {
    pr: 'truncate() now just shortens the file. Shortening is a metadata change the file system journals anyway, so the extra sync after it only slowed recovery down.',
    why: 'A truncate feels atomic and final. But the new length is only durable once synced, and after a crash the torn tail that recovery cut off can come back.',
    see: 'README.md: | `truncate(path, length)` | shortens the file, then fsyncs it | when it resolves |',
  },
  "openAppend's size forgets what the file already holds": {
    pr: 'openAppend now starts its size counter at zero; the handle is in append mode, so the kernel puts our bytes at the end anyway and the stat result was not needed.',
    why: 'The kernel does place the bytes correctly, so every write still lands right. What breaks is the size the writer reports, which is where the next frame starts for a reopened log.',
    see: 'README.md: - Appends accumulate; a reopened file reports the size it already has; `readFile` returns exactly',
  },
  'list() returns names in the order the OS gives': {
    pr: 'list() now returns the names newest-looking first, which suits how we read segment directories (the latest segment is the one we care about).',
    why: 'An order that suits one caller feels like a feature. But the interface promises sorted names, and callers that replay segments in order rely on it.',
    see: 'README.md: - `rename` replaces its target, `list` is sorted, `mkdir` makes parents.',
  },
  'readFile() of a missing file throws a raw ENOENT error': {
    pr: "readFile now lets Node's own error through when the file is missing. It carries the errno and the full path, which is more information than our wrapper kept.",
    why: "Node's error is detailed, so passing it through looks generous. But callers (and the simulated disk) check for FileNotFoundError by type, and a raw ENOENT slips past them.",
    see: 'README.md: A missing file is a `FileNotFoundError` (from `support/fs.ts`), never a raw `ENOENT`. `write()`',
  },
  'the sync policy is ignored: the writer never fsyncs': {
    pr: 'When a sync is due, the writer now resets its counters and lets the OS flush in its own time. The OS batches writes far better than we do, and throughput went way up.',
    why: 'The counters still move exactly as before, so the code reads as if the policy is obeyed. Only a crash after an acknowledged append shows that nothing was synced.',
    see: 'README.md: - After a crash that drops every unsynced byte, every entry the policy synced survives: the tests',
  },
  'syncs before writing the frame (the newest entry is never synced)': {
    pr: 'I moved the sync decision in append() before the write, so the counters and the sync sit together at the top and the write is the last thing the method does.',
    why: 'Grouping the bookkeeping reads well, and a sync still happens on schedule. But each sync now covers everything except the frame that asked for it.',
    see: 'README.md: **The order matters:** write the frame, *then* sync. A writer that syncs first and writes second',
  },
  "counts N wrongly: 'every-n' syncs after N + 1 appends": {
    pr: 'I adjusted the every-n comparison in syncDue so the sync happens once the count has passed N, which is how I read "after every N appends".',
    why: '"After N" and "past N" are easy to conflate, and the writer still syncs regularly. But it syncs once every N + 1 appends, so a crash can lose one more acknowledged entry than promised.',
    see: 'README.md: - `every-n` with `appends: N` syncs once every N appends, not after N + 1.',
  },
  "'every-n' ignores the bytes limit": {
    pr: "syncDue's bytes branch now only applies when no append count is set, and I simplified it while I was there. The append count is the limit people actually tune.",
    why: 'A policy with two limits is easy to read as "the count, or else the bytes". The lesson says whichever is reached first; with large entries the bytes limit is the one that should fire.',
    see: 'README.md: `every-n` may have both limits; whichever is reached first triggers the sync, and a sync resets',
  },
  'fsyncs on every append whatever the policy': {
    pr: 'To be on the safe side, the manual policy now also syncs on each append. Nobody ever lost data by syncing too often.',
    why: 'Extra safety sounds harmless. But manual exists so a caller can batch many appends into one fsync (group commit), and syncing each one costs milliseconds every time.',
    see: "README.md: | `{ kind: 'manual' }` | only on `sync()` and `close()` | everything since the last `sync()` | the caller batches (lesson 13's group commit) |",
  },
  'does not reset the counters after a sync (then syncs on every later append)': {
    pr: 'syncFile is now just the file sync. The counters are bookkeeping for the policy, and I did not want the low-level helper to touch them.',
    why: "Separating the sync from the bookkeeping looks tidy. But with the counters never reset, the policy's threshold stays reached, and every later append pays for an fsync.",
    see: 'README.md: `every-n` may have both limits; whichever is reached first triggers the sync, and a sync resets',
  },
  'sync() fsyncs even when nothing is unsynced': {
    pr: 'sync() no longer checks whether anything is pending; it always asks the disk. A sync that does nothing on the disk is cheap, and the early return was one more branch to test.',
    why: 'It is tempting to think an fsync with nothing dirty is free. It is not: it still costs a round trip to the device, and callers who sync defensively pay it every time.',
    see: 'README.md: both counters. `sync()` with nothing unsynced does nothing: an fsync costs milliseconds, and the',
  },
  'does not sync the directory after creating the log': {
    pr: 'WalWriter.open no longer syncs the parent directory. The first sync of the file itself makes the log durable, and a directory sync on every open was noticeable in tests.',
    why: "Syncing the file seems like it must make the file durable. But a new file's name lives in its directory, and without syncing that, a crash can lose the whole file.",
    see: 'README.md: **A new log needs its directory synced.** `WalWriter.open` creates the file if it is missing,',
  },
  'close() does not sync': {
    pr: 'close() now just closes the file. Callers who want durability call sync() first, and closing should be fast and do one thing.',
    why: 'Separating concerns sounds clean. But the lesson promises that close() syncs, and a manual-policy caller who closes at the end loses everything since the last sync.',
    see: 'README.md: 4. `close`: sync if open, then close the file. Closing twice is fine.',
  },
  'carries on after a failed append or sync': {
    pr: 'A failed append or sync no longer puts the writer into a failed state. The error still reaches the caller, who can decide whether to retry, and a full disk that frees up can carry on.',
    why: 'Letting the caller retry sounds flexible. But after a failed write the end of the file is unknown, and after a failed fsync the data may be gone with the next fsync succeeding anyway.',
    see: 'README.md: **After an error, stop.** If an append or a sync fails (a full disk, an I/O error), the end of',
  },
  'size forgets the bytes a reopened log already holds': {
    pr: "The writer's size now counts what this writer appended, starting at zero. That is the number I wanted for metrics, and it does not depend on the file's history.",
    why: 'For a new log the two numbers are the same, so every fresh test passes. For a reopened log, size is where the next frame starts, and it must include what is already there.',
    see: 'README.md: - `size` is where the next frame starts, also for a reopened log.',
  },
  'recovery throws on a torn tail (TruncatedFrameError not caught)': {
    pr: 'frameAt now turns only corruption into a value; a frame cut short is unexpected enough that I let its error through to the caller.',
    why: 'A truncated frame does feel like an error. But after a crash it is the most ordinary thing a log contains, and recovery must cut it off quietly rather than refuse to open.',
    see: "README.md:   `TruncatedFrameError` is `check: 'truncated'`, `CorruptFrameError` is its own `check`.",
  },
  'appending without truncating after recovery (the damaged tail stays in the file)': {
    pr: 'recoverWal no longer truncates the file: it reports validBytes, and the writer can start from there. Recovery is now read-only, which felt safer.',
    why: 'A read-only recovery sounds cautious. But the writer appends at the end of the file, after the garbage, and the next recovery finds damage in the middle of the log.',
    see: 'README.md: **Then cut, durably.** Recovery truncates the file to the end of the last good frame before it',
  },
  'a torn tail is kept (only a corrupt tail is cut), so the next append lands after garbage': {
    pr: 'Recovery now cuts the tail only when it is corrupt. A truncated frame is just an incomplete write, and leaving it costs nothing since nobody reads it.',
    why: 'An incomplete frame looks inert. But the next frame is appended after it, and then the torn bytes sit in the middle of the log, where recovery must refuse them.',
    see: 'README.md: returns, and `truncate` syncs. If it did not, the next writer would append after the garbage:',
  },
  'truncates at the wrong offset: one header too far': {
    pr: "When recovery cuts the tail it now keeps the damaged frame's header, so the next reader can still see how long the lost frame claimed to be. Useful when debugging a crash.",
    why: 'Keeping a little evidence sounds helpful. But the file then ends in half a frame, and the next writer appends after it.',
    see: 'README.md: - A torn last frame is cut off at the exact end of the last good frame (`validBytes`,',
  },
  'truncates at the wrong offset: one header too early': {
    pr: "The tail cut now backs up by one header length, to be sure no piece of the damaged frame's header is left behind.",
    why: 'Cutting a bit more feels safe. But the bytes before the damage belong to the last good frame, which holds a synced entry.',
    see: 'README.md: - A torn last frame is cut off at the exact end of the last good frame (`validBytes`,',
  },
  'a damaged but complete last frame throws instead of being cut as a tail': {
    pr: 'Recovery now only forgives a last frame that is actually cut short. A complete frame with a bad checksum was written whole, so it is real damage and I report it.',
    why: 'The distinction sounds principled. But a crash can leave a complete-looking last frame with garbage in it, and nothing follows it to prove otherwise: it is a tail like any other.',
    see: 'README.md: - A complete last frame with a flipped bit is a damaged tail, cut off the same way.',
  },
  'recovery stops silently at mid-log corruption (synced entries dropped without an error)': {
    pr: "In the default mode, damage in the middle of the log is now cut like a tail and recorded in the result's damage list. The database opens instead of refusing, and the damage is still reported.",
    why: 'Opening with a report sounds friendlier than refusing. But the frames after the damage were synced and acknowledged, and the default mode must never drop them quietly.',
    see: 'README.md:   already there: a bad sector, a bug, a stray write. The intact frames after it may hold synced,',
  },
  'the default (strict) mode skips over mid-log corruption silently': {
    pr: 'I removed the special case for the default mode in the damage handling, so it falls through to the same path as the other modes.',
    why: 'Fewer special cases look simpler. But the default mode is the one that must refuse damage with intact frames after it, and without its case the damage passes unnoticed.',
    see: "README.md: | `'tolerate-corrupted-tail'` (`kTolerateCorruptedTailRecords`) | cut off | refuse to open: `WalCorruptionError` | a single node whose acknowledged writes must never silently r",
  },
  'never looks past the damage, so every damage looks like a torn tail': {
    pr: 'I tightened the scan in nextIntactFrame so it only accepts offsets we can really trust, which made recovery faster on large damaged logs.',
    why: 'A scan that never matches looks fine in every test of a clean log or a torn tail. It only matters when there is an intact frame after the damage, which is exactly the case it must see.',
    see: SCAN,
  },
  'reports the offset where the scan found the next frame, not where the damage starts': {
    pr: 'The corruption error now names the offset of the next good frame, which is where a repair tool would resume reading.',
    why: 'The resume point is useful information. But the error promises the offset where the damaged frame starts, which is where a person must look.',
    see: 'README.md:   the offset where the damaged frame *starts*. If you throw, leave the file as it was. If you',
  },
  "'absolute-consistency' accepts a torn tail": {
    pr: 'absolute-consistency now refuses damage only when an intact frame follows; a torn tail is a normal crash artefact, so I let it be cut like in the other modes.',
    why: 'Forgiving a torn tail is right for most modes, so it looks right here too. But this mode is for logs closed cleanly, where even a torn tail means something is wrong.',
    see: "README.md: (`'absolute-consistency'` throws at the first damage of either kind.)",
  },
  "'point-in-time' keeps the frames after the damage": {
    pr: 'point-in-time now cuts only when nothing intact follows. When good frames follow, it goes on reading them, so we lose less.',
    why: 'Losing less sounds better. But point-in-time promises a consistent prefix: keeping frames after a hole would return a history with writes missing from its middle.',
    see: "README.md: | `'point-in-time'` (`kPointInTimeRecovery`) | cut off | cut off there, drop everything after | a replica that can fetch what it lost from a peer; disks that may persist writes",
  },
  "'skip-any-corrupted' steps one byte too far and loses the next good frame": {
    pr: "After skipping damage, recovery now resumes one byte after the next frame's offset, so it can never get stuck on the same offset twice.",
    why: 'Guarding against an endless loop is a good instinct. But the offset the scan found is the start of an intact frame, and stepping past it loses that frame.',
    see: "README.md:   - `'point-in-time'` cuts at the damage; `'skip-any-corrupted'` returns every other entry and lists",
  },
  'a missing log throws instead of recovering as empty': {
    pr: 'recoverWal no longer checks for the file first; reading a missing file already fails with a clear FileNotFoundError, so the extra call was redundant.',
    why: 'The error is indeed clear. But a missing log is the normal state of a brand-new database, and recovery should return nothing rather than fail on the first start.',
    see: 'README.md: - A clean log gives back every entry in order, and is not changed. A missing log is empty.',
  },
  'checks whether the log existed after opening it (so a new log never syncs its directory)': {
    pr: 'In WalWriter.open I now check whether the file exists right after opening it, so the check sees the file system as the writer will use it.',
    why: 'The reorder looks harmless. But opening for append creates the file, so the check always says it existed, and a new log never gets its directory synced.',
    see: 'README.md: 1. `open`: `checkSyncPolicy`; note whether the file exists; `openAppend`; if it was new,',
  },
  'cuts the log before refusing it (a refused log is changed)': {
    pr: 'Before refusing a damaged log, recovery now cuts it at the damage, so the next open at least starts from a consistent file.',
    why: 'Leaving the file in better shape sounds helpful. But a refused log must be left as it was, so a person can inspect it, and the cut throws away synced entries after the damage.',
    see: 'README.md: - A flipped bit in any frame but the last is a `WalCorruptionError` naming the file and the offset',
  },
  "'every-n' with bytes counts appends instead of bytes": {
    pr: 'I simplified the bookkeeping in append(): bytesSinceSync now moves by one per append, which is what the byte threshold works out to for our typical entry sizes anyway.',
    why: 'With one-byte thinking the counters look interchangeable. But a bytes limit is about bytes: with large entries far more data than the limit goes unsynced.',
    see: "README.md: | `{ kind: 'every-n', bytes: B }` | once B bytes were appended since the last sync | up to about B bytes of entries | the same, bounded in bytes |",
  },
  'sync() lets a failed fsync through without failing the writer': {
    pr: "sync() now lets the error go straight to the caller without changing the writer's state. The caller knows best whether to retry.",
    why: 'Letting the caller decide sounds flexible. After a failed fsync the dirty pages may already be gone, and a later sync would succeed with the data lost.',
    see: 'README.md: in 2018 PostgreSQL learned ("fsyncgate") that on Linux a failed fsync can drop the dirty pages,',
  },
  'sync() retries a failed fsync once and reports success (fsyncgate)': {
    pr: 'sync() now retries once when the fsync fails. Transient I/O errors do happen, and a single retry smooths them over without bothering the caller.',
    why: 'A retry is the standard answer to a transient failure. For fsync it is the famous trap: the retry succeeds because the kernel already dropped the pages it could not write.',
    see: 'README.md: and the next fsync then succeeds with the data gone. So the writer refuses every later call with',
  },
  "close() swallows its sync's error": {
    pr: 'close() now ignores an error from its final sync, so a close always completes and never leaves a dangling handle.',
    why: 'Closes that throw are awkward, so swallowing looks kind. But that sync is the last chance to learn the data did not reach the disk, and the caller believes it did.',
    see: 'README.md: - Whichever call fails (an append, a sync its policy makes with appends still unsynced, `sync()`',
  },
  'the quick look rules out every delete (its kind check knows only puts)': {
    pr: 'I shortened the kind check in screenFrame to the common case; the full decode after it checks the kind properly anyway.',
    why: 'Puts are most of the log, so the shortcut looks like it only skips the rare case. But a delete after damage is then never found, and recovery misreads a hole as a torn tail.',
    see: CANDIDATE,
  },
  'the quick look rules out the smallest body (off by one at the lower length bound)': {
    pr: 'screenFrame\'s lower bound on the length now reads "more than the minimum", matching how I think about lengths.',
    why: 'Off-by-one at a bound is the classic slip, and only the smallest body (a delete of an empty key) sits exactly on it.',
    see: SCAN,
  },
  'the quick look rules out the largest body (off by one at the upper length bound)': {
    pr: 'I tightened screenFrame\'s upper bound on the length to "below the maximum", to match the other limit checks in this file.',
    why: 'Exclusive or inclusive at the top is easy to get wrong, and only the largest legal entry sits exactly there.',
    see: SCAN,
  },
  'the quick look rules out a frame that ends exactly at the end of the bytes': {
    pr: 'screenFrame now requires the frame to end before the end of the bytes, so we never read up to the very edge of the buffer.',
    why: 'Staying away from the edge feels safe. But the last frame of a log ends exactly at the end of the bytes, and it is the one that proves the damage before it is not a tail.',
    see: SCAN,
  },
  'the scan stops one offset early and misses a smallest frame at the very end': {
    pr: "nextIntactFrame's loop bound now stops while a whole minimum frame still fits with room to spare, to keep the scan clear of the end.",
    why: 'A loop bound off by one only matters for a frame of the smallest size at the very end, which is easy to leave out of tests.',
    see: SCAN,
  },
  'the scan trusts the quick look and never decodes (a checksummed frame with a bad body counts as intact)': {
    pr: 'The scan now accepts an offset once screenFrame says candidate. The quick look already checked the checksum, so decoding the frame again was duplicated work.',
    why: 'A checksum that matches looks like proof. But a frame can be checksummed correctly and still have a body that does not decode, and such a frame is not intact.',
    see: CANDIDATE,
  },
  'the scan accepts a frame whose checksum fails once the other quick checks pass': {
    pr: 'The scan now also takes offsets whose only problem is the checksum: the length, the bounds and the kind all fit, which is strong evidence of a frame.',
    why: 'Three checks passing looks like enough. But random bytes pass those often; the checksum is the one check that makes a false match a one-in-four-billion chance.',
    see: CANDIDATE,
  },
  'the quick look checksums the body alone, without the length field (so it rules out every frame)': {
    pr: "screenFrame's checksum now covers the body alone; the length was already bounded two lines above, so including it looked redundant.",
    why: "The frame's checksum covers the length field too (lesson 02), so a checksum of the body alone matches no frame at all, and the scan never finds one.",
    see: CANDIDATE,
  },
  'the quick look never compares the checksum (every header-shaped offset is decoded, and throws)': {
    pr: 'screenFrame now leaves the checksum comparison to the decoder, which does it anyway; the quick look stays a quick look.',
    why: 'Leaving a check to a later stage sounds like deduplication. But the scan then hands random header-shaped offsets to the decoder, which can throw on them.',
    see: CANDIDATE,
  },
  'the quick look reads the kind byte at the start of the frame, not of the body': {
    pr: "I simplified where screenFrame reads the kind byte, using the frame's offset directly instead of computing the body start first.",
    why: 'The kind is at position 0 of the body, and it is easy to read it relative to the wrong start. The frame starts with the length, not the kind.',
    see: SCAN,
  },
  'the quick look reads the length through a DataView of the whole buffer, not of the view': {
    pr: "screenFrame now reads the length with a DataView over the bytes' buffer, which is faster than the helper for a hot loop.",
    why: 'For an array you made yourself, the buffer and the array start at the same place. When the log bytes are a view into a bigger buffer, the length is read from the wrong place.',
    see: SCAN,
  },
  "the quick look bounds the frame by the view's buffer, not by the view": {
    pr: "The end-of-bytes check in screenFrame now uses the underlying buffer's length, the real limit of what can be read.",
    why: 'For a fresh array buffer and view are the same size. For a view into a bigger buffer, a frame can appear to fit while running past the end of the view.',
    see: SCAN,
  },
  'the quick look checks the kind before the frame is known to fit': {
    pr: 'I reordered screenFrame so the cheap one-byte kind check comes before the end-of-bytes check.',
    why: 'Cheapest check first is a good habit. But the kind byte may lie past the end of the bytes, and reading it there gives undefined and the wrong reason.',
    see: SCAN,
  },
  'every-n syncs by bytes only once the limit is passed (the append that reaches it exactly is not synced)': {
    pr: 'syncDue compares the unsynced bytes with `>`: the limit is how much we may lose, so reaching it is still fine and only going past it needs a sync.',
    why: 'The policy is to sync once B bytes were appended since the last sync. With `>`, the append that brings them to exactly B is acknowledged unsynced, and a crash can lose B bytes plus the next append, more than the policy promised.',
    see: 'README.md: syncs on the append that brings the unsynced bytes to B or more: reaching B',
  },
};
