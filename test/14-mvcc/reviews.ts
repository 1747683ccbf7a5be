import type { Reviews } from '../review.ts';

const WINDOW = 'README.md: `v - MVCC_WINDOW_VERSIONS` if that is higher, and nothing else moves it.';
const ONE_BATCH = 'README.md: The durable version goes in the same `WriteBatch` as the data it describes.';
const COPIES = 'README.md: `apply` (views into a bigger buffer too), and values changed after a read (also values the';
const RANGE_CLEAR =
  'README.md: not. A clear range covers keys memory has never seen, keys only the engine holds, which is why';

export const reviews: Reviews = {
  'oldestVersion trails the latest by one version less than the window': {
    pr: 'apply() now sets oldestVersion to version - MVCC_WINDOW_VERSIONS + 1, so the window holds exactly MVCC_WINDOW_VERSIONS versions, counting both ends.',
    why: 'Counting versions inclusively sounds precise. But the rule is a distance: a read may go back exactly the window from the latest version, and this refuses the oldest one.',
    see: WINDOW,
  },
  'oldestVersion trails the latest by one version more than the window': {
    pr: 'oldestVersion now trails by the window plus one, to leave a version of slack for a reader that took its version just before a commit.',
    why: 'A little slack looks generous to readers. But the window is a fixed promise, and every version kept longer is memory the store said it would free.',
    see: WINDOW,
  },
  'a read exactly at oldestVersion is refused as too old': {
    pr: 'checkReadable refuses versions at or below oldestVersion: the oldest version is the one makeDurable may fold away next, so reading it felt risky.',
    why: 'The edge of a window always feels fragile. But oldestVersion is defined as the oldest version reads may ask for, so it must be readable.',
    see: 'README.md: **oldestVersion** is the oldest version reads may ask for',
  },
  'a read exactly at latestVersion is refused as a future version': {
    pr: 'checkReadable refuses reads at or above latestVersion with future_version: the newest version may still be settling, so readers should stay one behind.',
    why: 'Staying behind the newest write sounds cautious. But latestVersion is fully applied, and a transaction created now reads exactly there.',
    see: 'README.md: **latestVersion** is the newest version applied.',
  },
  'reads above latestVersion are answered (with the latest state) instead of FutureVersion': {
    pr: 'A read one version past latestVersion now gets the latest state instead of an error: nothing can have changed yet, so the answer is the same.',
    why: 'Nothing has changed yet, which is exactly the problem: the store cannot know what that version will hold, and the answer may be wrong once it arrives.',
    see: 'README.md: a read at a version the server has not reached yet gets `future_version`',
  },
  'a read takes the newest set of the key, not the newest at or below the read version': {
    pr: "lookup() takes the last entry of the key's history, which is the newest value; the version filter in the loop looked redundant because the history is sorted.",
    why: 'Sorted history makes the last entry look like the answer. But a read at an older version must not see sets that came after it.',
    see: 'README.md: A read at version `v` takes the newest mutation of its key at or below `v` from memory.',
  },
  'a range clear applies at every version, not only at and after its own': {
    pr: 'lookup() checks whether any remembered clear covers the key; clears are rare, so I skipped comparing their versions with the read version.',
    why: 'Clears being rare makes the shortcut feel safe. But a read at a version before the clear must still see the value the clear later removed.',
    see: 'README.md: A read at version `v` takes the newest mutation of its key at or below `v` from memory.',
  },
  'a clear range also clears its end key': {
    pr: 'inRange() includes the end key now; a clear from a to c reads as "a through c" to me, and callers were surprised c survived.',
    why: "In speech a range includes both ends. The store's ranges are half-open, and the end key must survive a clear.",
    see: 'README.md: `begin` included, `end`',
  },
  'a set and a clear of the same version are ordered by version only (a clear before a set in one version hides the set)':
    {
      pr: "lookup() compares the clear's version with the set's version instead of their order numbers, so the check works on versions throughout.",
      why: "Versions are the store's clock, so using them looks consistent. But a set and a clear can share a version, and only the order says which came last.",
      see: 'README.md: it; each mutation gets an `order` number so the window can tell.',
    },
  'getRange ignores range clears for keys only the engine holds': {
    pr: 'getRange treats every key the window has no entry for as unknown and lets the engine answer for it; the extra cleared check duplicated what lookup does.',
    why: 'Lookup covers the keys memory has seen, which makes the check look redundant. A clear range also covers keys only the engine holds.',
    see: RANGE_CLEAR,
  },
  'makeDurable writes the clears of keys memory holds, but not of keys only the engine holds': {
    pr: 'writeDurable no longer scans the engine under each range clear: the keys in memory are the ones we know changed, and the scan was the slowest part of makeDurable.',
    why: 'The keys in memory feel like the whole change set. A range clear also removes keys memory never saw, and only a scan finds them.',
    see: 'README.md: delete. In one version, a set after a clear of its key wins, and a clear after a set removes',
  },
  'makeDurable writes values but not deletions (a cleared key comes back after reopen)': {
    pr: 'writeDurable puts the values that changed and skips cleared keys; with no value in the engine batch the key simply reads as absent.',
    why: 'The window answers "cleared" until it forgets, so everything looks right in one process. After a reopen the engine still holds the old value.',
    see: 'README.md: | a key cleared by `durableVersion` | the user key | none: a lesson 10 delete (a tombstone until compaction drops it) |',
  },
  'makeDurable forgets the whole window, not only the versions it wrote': {
    pr: 'After the batch is written, makeDurable clears the window completely; what is left was about to be folded too, and this keeps memory small.',
    why: 'Freeing everything looks tidy. But versions above upTo are not in the engine yet, and forgetting them loses them.',
    see: 'README.md: delete) plus the durable version in ONE `WriteBatch`, and only once the write resolved forgets',
  },
  'makeDurable forgets nothing (memory grows without end)': {
    pr: 'I left the window alone in makeDurable: the engine has the data now, and keeping memory around makes the next reads faster.',
    why: 'A warm cache sounds like a benefit. But memory was meant to hold only versions above durableVersion, and it now grows with every version.',
    see: 'README.md: Every read matches the model; after `makeDurable(upTo)` memory holds exactly the mutations',
  },
  'makeDurable accepts targets up to the latest version (it forgets versions still inside the window)': {
    pr: 'makeDurable now accepts any target up to latestVersion, so a caller can flush everything before a backup.',
    why: 'Flushing everything sounds useful. But a version above oldestVersion may still be read, and a read needs the memory of what happened before it.',
    see: 'README.md: to any `upTo` from the durable version up to the oldest version, never beyond: a version above',
  },
  'makeDurable writes the durable version in a batch of its own, before the data': {
    pr: 'The durable version is written first, in a small batch of its own, so the marker is on disk early and the data batch stays pure user data.',
    why: 'Keeping system keys apart from user data looks clean. A crash between the two batches leaves a durable version that describes data that is not there.',
    see: ONE_BATCH,
  },
  'makeDurable writes the durable version in a batch of its own, after the data': {
    pr: 'The durable version now goes in a second batch after the data, so it is only written once the data is safely in.',
    why: '"Write the marker last" is a classic pattern. Here a crash between the batches leaves newer data under an older durable version, so reads at that version see values from after it.',
    see: ONE_BATCH,
  },
  'makeDurable claims the new durable version before the batch is written': {
    pr: 'makeDurable raises durableVersion before awaiting the write, so concurrent readers see the new value right away.',
    why: 'Updating state early looks harmless when the write usually succeeds. If it fails, the store claims a durable version the engine does not hold.',
    see: 'README.md: delete) plus the durable version in ONE `WriteBatch`, and only once the write resolved forgets',
  },
  'open ignores the durable version in the engine (starts at 0)': {
    pr: 'openVersionedStore starts every store at version 0: the commit log replays from the start anyway, so the stored marker was not needed.',
    why: 'A full replay sounds like it fixes everything. But the engine already holds versions up to its marker, and starting at 0 misdescribes them.',
    see: 'README.md: 5. `openVersionedStore`: read `DURABLE_VERSION_KEY`; absent is a new store at version 0. All three',
  },
  "apply keeps the caller's key and value buffers instead of copying them": {
    pr: 'apply() stores the mutations as given; they come from our own commit path and are never touched again, so copying was pure overhead.',
    why: 'Our own callers do behave. A caller that reuses a buffer changes history in the store after the fact.',
    see: COPIES,
  },
  "get hands out the store's own value bytes": {
    pr: 'get() returns the value from the window without copying; reads are the hot path and the copy doubled their allocation.',
    why: "A read looks side-effect free. But the caller can write into the array it got, and that rewrites the store's history.",
    see: COPIES,
  },
  "getRange hands out the store's own value bytes": {
    pr: "getRange pushes the window's key and value arrays as they are; a range read can return many pairs and the copies added up.",
    why: 'The copies are visible in a profile, the aliasing is not. A caller changing a returned value changes the store.',
    see: COPIES,
  },
  'apply checks each mutation as it applies it (a bad one leaves the ones before it applied)': {
    pr: 'apply() now checks and adds each mutation in one loop instead of walking the list twice.',
    why: 'One loop is the natural way to write it. But a version applies whole or not at all, and a bad mutation halfway leaves the first ones applied.',
    see: 'README.md: 6. `apply`: a safe integer above `latestVersion` (else `VersionOrderError`); check every mutation',
  },
  'apply accepts a version equal to the latest one': {
    pr: 'apply() now accepts a version equal to latestVersion, so a commit path can add mutations to the current version in several calls.',
    why: 'Appending to a version looks convenient. But a version is one commit, and a second apply at it changes what readers at that version already saw.',
    see: 'README.md: **latestVersion** is the newest version applied. `apply(v, mutations)` needs `v` above it.',
  },
  'getRange with reverse and a limit keeps the first keys of the range, not the last': {
    pr: 'getRange applies the limit before reversing, so it never reverses more rows than it returns.',
    why: 'Limiting early is a natural optimisation. But a reverse read starts from the end, so its first rows are the last keys of the range.',
    see: 'README.md: then keep the first `limit` (so a reverse read keeps the last keys of the range).',
  },
  'getRange reads limit 0 as no limit': {
    pr: 'checkLimit treats 0 as no limit, the way FoundationDB\'s C API does, so callers can pass 0 for "everything".',
    why: "The C API convention is real, which makes it convincing. This store's contract says 0 returns nothing.",
    see: 'README.md: 10. `checkLimit(limit)`: `Infinity` when there is none; otherwise a whole number from 0 (0 returns',
  },
  'get asks memory only after the engine answered (makeDurable may have forgotten what the engine had not seen)': {
    pr: 'get() reads the engine first and overlays the window afterwards, the same order as getRange, so both read paths look alike.',
    why: "Either order gives the same answer without concurrency. With a makeDurable during the await, memory may have forgotten changes the engine's answer did not have.",
    see: 'README.md: 8. `get`: ask the window first, before any `await`; the engine only when the window knows nothing;',
  },
  'a read does not check the window again after the engine answered (the engine may have moved past its version)': {
    pr: 'I dropped checkStillReadable: the read version was already checked on the way in, and checking the same thing twice looked redundant.',
    why: 'Without concurrency the second check never fires, so it looks dead. While the read waits for the engine, makeDurable can move the engine past its version.',
    see: 'README.md: One more detail we copy: in `getValueQ`, after a read of the storage engine returns, the server',
  },
  "get does not check its key (a 0xff key reads the store's own metadata)": {
    pr: 'get() no longer validates its key: a key that was never written just reads as absent, and the check cost a branch on every read.',
    why: "An unknown key reading as absent sounds harmless. But keys starting with 0xff are the store's own metadata, and get would hand them out.",
    see: 'README.md: (keys starting with `0xff`), like FoundationDB. User keys starting with `0xff` are refused with',
  },
  'makeDurable forgets the window before the engine write resolved (a failed write loses those versions)': {
    pr: 'writeDurable now forgets the window right after building the batch: the batch holds every change anyway, and memory is freed a little sooner.',
    why: 'The batch does hold the changes, but only until the write fails. Then memory has forgotten versions the engine never got, and reads fall through to the older engine.',
    see: 'README.md: delete) plus the durable version in ONE `WriteBatch`, and only once the write resolved forgets',
  },
  'one failed makeDurable makes every later makeDurable fail (the queue keeps the rejection)': {
    pr: 'makeDurable chains each call on the previous one with `this.durableQueue = run`; the extra `.catch` looked like it swallowed errors.',
    why: 'The caller still gets the error from `run`. Without the catch, the queue stays rejected, and every later makeDurable fails with that old error forever.',
    see: "README.md: with the engine's error and nothing changes; a later `makeDurable` still works.",
  },
  'makeDurable calls are not queued (two calls made together overlap)': {
    pr: 'I removed durableQueue: makeDurable is only called from one background loop, so calls never overlap in practice.',
    why: 'Nothing in the API says so. If two calls overlap and the earlier one finishes last, it writes its older durable version over the newer one.',
    see: 'README.md: calls run one at a time; `writeDurable` finds every key changed up to `upTo` (the keys set, and',
  },
  'apply checks only that the version is above the latest (NaN and Infinity pass)': {
    pr: 'apply() checks `version <= this.latest` only; versions come from the sequencer as whole numbers, so isSafeInteger was a second check of the same thing.',
    why: 'NaN compares false with everything, so it passes `<=` and becomes latestVersion. From then on every apply and read compares against NaN.',
    see: 'README.md: 6. `apply`: a safe integer above `latestVersion` (else `VersionOrderError`); check every mutation',
  },
  'makeDurable checks only the bounds of its target (NaN and fractions pass)': {
    pr: 'makeDurable() checks only that upTo lies between durableVersion and oldestVersion; anything in that range is a fine target.',
    why: 'NaN lies in no range but passes both comparisons, and a fraction is no version at all. Either reaches encodeVersion and fails there, far from its cause.',
    see: 'README.md: 11. `makeDurable(upTo)`: `upTo` a safe integer from `durableVersion` to `oldestVersion` (else',
  },
  'a read checks only the bounds of its version (NaN and fractions are read)': {
    pr: 'checkReadable drops the isSafeInteger check: a version outside the window is already refused by the two bound checks.',
    why: 'NaN is below nothing and above nothing, so it passes both bound checks and is read, answered from the engine as if no version applied.',
    see: 'README.md: 7. `checkReadable`: a version that is not a safe integer (NaN, Infinity, a fraction) is a',
  },
  'getRange accepts a negative limit (it drops pairs from the end instead)': {
    pr: 'checkLimit() only checks that the limit is a whole number; a negative limit never makes sense, so no caller passes one.',
    why: 'A caller who computes a limit can get below zero. Then `slice(0, -1)` quietly returns all pairs but the last, instead of an error.',
    see: 'README.md: 10. `checkLimit(limit)`: `Infinity` when there is none; otherwise a whole number from 0 (0 returns',
  },
  'apply moves oldestVersion before it checks the mutations (a refused apply still moves the window)': {
    pr: 'apply() moves the window first, right after checking the version: the version is valid, so the window may as well move before the mutations are looked at.',
    why: 'A bad mutation then refuses the version but leaves the window moved: versions reads could ask for a moment ago now fail with transaction_too_old.',
    see: 'README.md: 6. `apply`: a safe integer above `latestVersion` (else `VersionOrderError`); check every mutation',
  },
  "get hands out the engine's value bytes instead of a copy": {
    pr: 'get() returns what the engine returned as it is: lesson 10 already copies its answers, so a second copy here only costs time.',
    why: 'That holds for one engine only. An engine answering from a cache hands out the same array again, and a caller who changes it changes later reads.',
    see: "README.md: then `checkStillReadable`. Return copies, of the engine's answers too: an engine may hand out",
  },
  "getRange hands out the engine's key and value bytes instead of copies": {
    pr: 'getRange() keeps the pairs the engine scan yields as they are; only the values from memory need copying, since those arrays are the store’s own.',
    why: 'The store cannot know whether the engine handed out fresh arrays or its own. If they are its own, the caller can change what the next scan returns.',
    see: "README.md: then `checkStillReadable`. Return copies, of the engine's answers too: an engine may hand out",
  },
};
