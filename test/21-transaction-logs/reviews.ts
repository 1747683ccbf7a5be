import type { Reviews } from '../review.ts';

export const reviews: Reviews = {
  'a log that replies before its fsync (the fsync runs in the background after the reply)': {
    pr: 'Pushes were spending most of their time waiting on the disk, so the log now replies as soon as the record is appended and runs the fsync as a background task right after. The bytes reach the disk a fraction of a millisecond later either way.',
    why: 'Without a crash the two versions behave the same, and appended bytes even read back fine from the same process. Only a kill between the reply and the fsync shows the difference, and then a client was told "committed" for a version that is gone.',
    see: 'README.md: replied. If a log replied first and synced later, a crash in between would lose a version that a',
  },
  'a repeat of a version still being written is acknowledged at once (before it is durable)': {
    pr: 'A repeated push is for a version we already hold, so there is nothing to write: I reply to it straight away instead of making it wait on the durable version.',
    why: '"Already held" sounds like "already safe", but the first copy may still be in the disk queue. The repeat then carries the promise the first copy has not earned yet.',
    see: 'dialogue.md: A repeat answered at once would be an acknowledgement before the fsync, only through the back door',
  },
  'a push does not wait for its predecessor (out of order, it is refused)': {
    pr: 'The predecessor wait looked redundant next to the chain check: if prevVersion is not our chain end, checkRepeat already throws a clear VersionChainError. One await less per push.',
    why: 'The check is right for pushes that can never fit, but a push that merely arrived early is normal network reordering. Refusing it turns a late packet into a failed commit.',
    see: 'README.md: So a log never takes `v` before its predecessor: a push that arrives early waits (it does not',
  },
  'a push polls for its predecessor with sleep(0) instead of waiting, so the clock stands still': {
    pr: 'push waits for its predecessor with a small loop on durable.get() and sleep(0): easier to follow in a debugger than a waiter list, and it yields to the other tasks on every turn.',
    why: 'sleep(0) yields only to events due now. The predecessor becomes durable after its fsync, at a later time, and the loop keeps the clock from ever getting there.',
    see: 'README.md: with `sleep(0)`: the event due now always runs first, so such a loop holds the clock still and the',
  },
  'a push newer than the chain end is taken even if its predecessor is missing': {
    pr: 'I made the "is this a new version?" test a plain comparison with the chain end: anything newer than what we hold is new, anything else is a repeat. It reads more naturally than comparing prevVersion.',
    why: 'Versions strictly increase, so "newer" feels like the whole story. But the chain is about which version comes right before, and a newer version whose predecessor the log never got leaves a hole below end.',
    see: 'README.md: nothing for this tag. Our `end` is one past the newest **durable** version. So a storage server',
  },
  'a repeat is told from a new version by the durable version, so a repeat in flight is appended twice': {
    pr: 'We had two almost identical counters, accepted and durable. I removed one use of accepted: new versions are now recognised by durable, which is the one that matters for the reply anyway.',
    why: 'The two differ only while a version is being written, a window of a few disk operations, and only a retried push that lands in it shows the bug.',
    see: 'dialogue.md: A second copy of the same push arriving while the first is being written must see the version as taken',
  },
  'the log keeps the pushed ops as they came (the sender’s buffers), not copies': {
    pr: 'Each push deep-copied every op before writing it, but recordEntries already copies the bytes into frames. I dropped the first copy; the log keeps the ops it was sent.',
    why: 'The frames are indeed copies, which makes the extra copy look redundant. But the in-memory index serves peeks from the pushed objects, and the sender may reuse its buffers once it has the reply.',
    see: 'dialogue.md: In the simulator a payload travels by reference, and in lesson 26 a network layer will decode into buffers it reuses',
  },
  "peek's end leaves out the newest version (off by one)": {
    pr: 'end now equals the durable version itself: the newest version the log holds. That is what a storage server wants to know, and it saves the reader from a +1.',
    why: '"The newest version" and "one past it" are both reasonable meanings of end, and the reply still looks sensible. But the protocol says the log holds every version below end, so a storage server would never ask for the newest one.',
    see: 'README.md: nothing for this tag. Our `end` is one past the newest **durable** version. So a storage server',
  },
  "peek's end counts a version still being written": {
    pr: 'Peeks now report end from the chain end (accepted) instead of the durable version, so storage servers learn about a version as soon as it arrives, the way FoundationDB serves versions from memory.',
    why: 'FoundationDB really does this, which makes it look right. It relies on recovery rolling storage servers back, which we do not have; and here the index has not got the version yet, so the reply claims a version it does not return.',
    see: 'dialogue.md: FoundationDB can afford to show a version before it is durable because recovery rolls storage servers back',
  },
  'peek starts after `from` instead of at it': {
    pr: 'A storage server peeks from the version after the last one it has, so I made peek return versions strictly after from, to be safe against sending a version twice.',
    why: 'It is easy to read from as "the last one I have" rather than "the first one I want". The storage server passes end from the previous reply, which is exactly the first version it still needs.',
    see: 'README.md: `peek(tag, from)` answers at once with the versions at or after `from` that carry ops for the',
  },
  'a pop forgets the versions of every tag, not only the popping one': {
    pr: 'Pops now trim every tag list in one loop: a version popped by one storage server is durable somewhere, and the lists stay shorter.',
    why: 'Durable on one storage server is not durable on all of them: each tag is a different server with its own engine. The lagging server peeks and finds a hole.',
    see: "README.md: `upTo` durable in its own engine, so it will never ask for them again. The log drops that tag's",
  },
  'a pop forgets one version past upTo': {
    pr: 'After pop(upTo) the next version a storage server asks for is upTo + 1, which it is about to receive anyway, so I trim through upTo + 1 in the same splice.',
    why: 'An off-by-one in a range bound is the classic slip. The version right after upTo is exactly the one the storage server needs next.',
    see: "README.md: `pop(tag, upTo)` says: the tag's storage server has made every version up to and including",
  },
  'the log forgets up to the tag that popped furthest, not the one that popped least': {
    pr: 'poppedByAll now uses the furthest pop so the log can free its files sooner: storage servers move at about the same pace anyway.',
    why: "Min and max are a one-word change, and everything still works while the log stays up, because memory still holds each tag's versions. After a reboot the slow server's versions are gone from disk.",
    see: "dialogue.md: Take `Math.max` there and a fast storage server's pops delete files the slow one still needs",
  },
  'a segment is removed once its first version is popped (its later versions are still needed)': {
    pr: 'Segments are written in order, so I decide whether to remove one by its first version: once that is popped by everyone, the segment is old enough to go.',
    why: 'Thinking of a segment by where it starts is natural, but popped means every version in it is no longer needed, and that is a statement about its last version.',
    see: 'README.md: `segmentBytes`, and a segment is removed whole once every version in it is popped by all.',
  },
  'the segment holding the newest version is removed when popped (a reboot loses the chain end)': {
    pr: 'I simplified canForgetOldest to protect only the active segment. If every tag popped the newest version, nobody needs it, so there is no reason to keep its file.',
    why: 'Nobody needs its data, true; but the rebooted log needs it to know where its chain ends, and a fresh segment right after a boot holds nothing.',
    see: 'README.md: chain ends. Remove it, and the rebooted log thinks it holds nothing, and waits forever for a',
  },
  'popped segments are never removed (the files grow without bound)': {
    pr: 'Removing segments while pushes are appending felt risky, so I disabled the removal loop for now; disks are large and the log can be compacted offline later.',
    why: 'Leaving cleanup for later looks cautious, and nothing fails for a long time. But a log that never forgets fills its disk, and the whole point of pop is to let it.',
    see: 'README.md: no longer need (`pop`), so its files stay small.',
  },
  'recovery keeps a record a crash cut short': {
    pr: 'wholeRecords had a special case that silently stopped at an incomplete record. I removed it: if a record is incomplete, decoding it will tell us.',
    why: 'A silent stop looks like swallowing an error. But a record cut short by a crash is expected after any kill between the frames of one version, and it was never acknowledged: it must be dropped, not decoded.',
    see: 'README.md: came between two frames of one version, before its fsync, so that version was never',
  },
  "recovery stops at the first damaged frame and drops the rest (RocksDB's point-in-time mode)": {
    pr: "I switched segment recovery to RocksDB's point-in-time mode, so a damaged log still opens: it keeps everything up to the damage and comes back up instead of refusing to boot.",
    why: 'Coming back up sounds like the resilient choice. But everything after the damage, acknowledged versions included, vanishes without a word, and a log that hides that is worse than one that refuses to boot.',
    see: "dialogue.md: `'point-in-time'` would stop at the damage and silently drop every version after it",
  },
  'recovery skips damaged frames and keeps going (salvage mode)': {
    pr: 'Recovery now uses the skip-any-corrupted mode: one bad frame should not cost us the rest of the segment, so we step over it and keep every intact frame.',
    why: 'Salvage keeps more data than stopping, which feels strictly better. But the skipped frame is a version or an op the log acknowledged; serving the rest as if nothing happened hides a hole from every storage server.',
    see: 'README.md: and throws `WalCorruptionError` (a `CorruptionError`) for damage with an intact frame after',
  },
  'a segment counts a version as held as soon as it is appended, before its fsync': {
    pr: "append() now records the version on the segment straight away instead of keeping a separate unsynced list that sync() drains. One piece of state less, and the segment's first and last version are always up to date.",
    why: 'The appended bytes are in the file and read back fine, so the version feels held. But a pop that arrives before the fsync sees the new segment as the newest and removes the one that truly holds the newest durable version; a kill then loses both.',
    see: 'dialogue.md: Because `newest` is computed from `lastVersion`, and it must point at a version that is on disk.',
  },
  'the fresh segment at boot is numbered by counting the segment files, not after the newest one': {
    pr: 'The fresh segment at boot is now numbered segments.length + 1: the files are numbered 1, 2, 3, ..., so the count plus one is the next name, and it does not depend on the order of the list.',
    why: 'Counting works as long as no segment was ever removed. Once pops have forgotten old segments, the count is below the newest number, so the fresh segment takes a name that sorts before older files, or one that already exists.',
    see: 'README.md: Segment numbers only grow: a new segment, and the fresh one a boot starts, is numbered one past',
  },
  'a new segment is numbered by counting the segments, not after the newest one': {
    pr: 'roll() names the next segment after the number of segments we have, which is simpler than reading the active one back: segments are numbered from 1 and we only ever add at the end.',
    why: 'The count equals the newest number only until the first segment is removed. After a pop the next segment reuses an old number or sorts before the files it follows, and a reboot reads the versions out of order.',
    see: 'README.md: Segment numbers only grow: a new segment, and the fresh one a boot starts, is numbered one past',
  },
  'two pops at once both remove segments (forgetThrough has no guard)': {
    pr: 'I removed the forgetting flag: JavaScript runs one thing at a time, and the loop re-checks the oldest segment before every removal, so two calls cannot step on each other.',
    why: 'One thread does not mean no interleaving: each await lets another pop in. Both calls then remove the same oldest segment; the second removal fails or drops a segment from the list that is still on disk.',
    see: 'dialogue.md: At the awaits. Two pops arrive close together; the first starts removing segment 3 and awaits the disk',
  },
  'removed segments are not made durable with syncDir (a crash brings them back)': {
    pr: 'The syncDir after removing segments cost a disk operation per pop that removed anything. Nothing is lost if a removal is undone by a crash, the log just keeps a file longer, so I dropped it.',
    why: 'Keeping a file longer after a crash sounds harmless, and for correctness it is. But then a crash brings back every segment removed since the last sync of the folder, and the log that pops were meant to shrink does not shrink.',
    see: 'README.md: Pop, and forgetting, oldest first, then `syncDir`; a call arriving while one runs only',
  },
  'a pop that arrives while segments are being removed is dropped (forgetThrough returns before it raises the target)':
    {
      pr: 'forgetThrough now checks the forgetting flag first: a call that is going to return anyway has no business touching the target.',
      why: 'Returning early looks like the whole point of the flag. But the running call can only act on a target it can see, so a pop that returns before raising it is lost until some later pop, and files every tag has popped stay on disk.',
      see: 'README.md: raises the target, so the running call looks again after its `syncDir`).',
    },
  'forgetThrough does not look again after its syncDir, so a pop that arrived during the sync waits for a later pop': {
    pr: 'Once the loop has removed what it can and synced the folder, forgetThrough is done: a pop during the loop raised the target and the loop saw it.',
    why: 'The loop sees pops that come during a removal, but the syncDir comes after the loop. A pop that arrives during the sync raises the target and returns, and nobody looks at it again.',
    see: 'dialogue.md: That includes the last await, the `syncDir`: the outer loop looks once more after it',
  },
  'forgetting may remove the empty segment taking appends (a pop before the first push)': {
    pr: 'canForgetOldest protected both the active segment and the newest one, but the active segment is always the newest, so I kept only the newest check.',
    why: 'The two are the same segment almost always. Not right after a boot with nothing in it: the active segment is empty, no segment holds a version, and a pop then removes the file every later push is appended to.',
    see: 'README.md: Two segments are never removed: the one taking appends, and the one that holds the newest',
  },
  'recovery does not check that each record follows the one before it': {
    pr: 'recoverLog checked each record against the one before it, but every frame already has a checksum and wholeRecords validates every header, so I removed the chain check as redundant.',
    why: 'Checksums prove that each frame is intact, not that none is missing. A segment removed from the middle leaves intact frames on both sides, and without the chain the log serves a hole as if nothing were missing.',
    see: "README.md: 3. The chain is checked: each record's `prevVersion` is the record before it. Only the very",
  },
  'recovery checks the chain only inside each segment, not from one segment to the next': {
    pr: 'The chain check now compares a record with the one before it in the same segment. The first record of a segment may follow anything, since older segments may have been forgotten.',
    why: 'Only the first record of the whole log may follow anything. The first record of every later segment must follow the last record of the segment before it, or a missing segment goes unnoticed.',
    see: "README.md: 3. The chain is checked: each record's `prevVersion` is the record before it. Only the very",
  },
  'a late pop below an earlier one lowers the tag’s popped version, so poppedByAll goes back': {
    pr: 'pop now records upTo as the tag’s popped version every time, without comparing it with the old one: a storage server only pops what it made durable, so its pops only ever go up anyway.',
    why: 'Each storage server does pop in increasing order, so the comparison looks redundant. But pops travel over the network, and a delayed or retried one can arrive after a newer one; without the comparison the tag’s popped version goes back, and poppedByAll with it.',
    see: 'README.md: pop at or below what the tag has already popped changes nothing',
  },
  'the tag index peeks the version `end` too ([from, end] instead of [from, end))': {
    pr: 'peek reads the versions from `from` up to `end`; I made the range inclusive at both ends, which is how the versions read in the reply anyway.',
    why: 'Through the log the two agree today, because the index holds only durable versions and `end` is one past the newest. The index promises [from, end) all the same, and a caller that asks for a range below the newest would get one version too many.',
    see: 'README.md: `[from, end)` that no pop has forgotten',
  },
};
