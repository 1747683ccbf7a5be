import type { Reviews } from '../review.ts';

export const reviews: Reviews = {
  'sift-down compares the right child with the parent instead of with the smaller child': {
    pr: 'In sift-down I compare each child with the item being sifted; whichever child is smaller than the item gets swapped up. It reads more symmetrically than the old version.',
    why: 'Comparing each child with the parent is the natural first reading of "swap with a child that is smaller". When both children are smaller, though, the right one wins even if the left is smaller still, and the heap order breaks.',
    see: 'README.md: right child with the smaller of the item and the left child, not with the item alone.',
  },
  'sift-down looks at the left child only': {
    pr: 'A complete binary tree fills from the left, so I only follow the left child in sift-down; the right subtree is kept in order by sift-up.',
    why: 'The left child always exists first, which makes it feel like the one that matters. But a smaller item in the right child then stays below a larger parent, and pop returns the wrong minimum.',
    see: 'README.md: of the item and its (up to two) children',
  },
  'sift-up uses the wrong parent slot (i >> 1)': {
    pr: 'I use `i >> 1` for the parent slot: halving the index is the textbook parent formula and one operation cheaper.',
    why: 'i / 2 is the parent in the one-based heaps of most textbooks. Our array starts at slot 0, where the parent of i is (i - 1) / 2, and the two formulas disagree for every odd-to-even step.',
    see: 'README.md: | i | floor((i - 1) / 2) | 2i + 1 | 2i + 2 |',
  },
  'pop does not move the last item into the root when one item is left': {
    pr: 'In pop I only move the last item to the root when more than one item remains; with a single item left there is nothing to sift.',
    why: 'Sifting one item is pointless, which makes the guard look like a small optimisation. But the move is what refills the root: with exactly one item left it stays out of the heap.',
    see: 'README.md: A binary min-heap is a complete binary tree stored in an array',
  },
  'seek leaves a source before the target (if where a while belongs)': {
    pr: 'After starting a new pass, seek steps past an entry that sorts before the target; one step is enough because the pass already starts near it.',
    why: 'The pass starts at the beginning, not near the target, so one step only helps when the target is the second entry. A loop is needed to read forward all the way.',
    see: 'README.md: a new pass, then read on while the entry sorts before the',
  },
  'seek skips an entry equal to the target (<= for <)': {
    pr: 'seek now reads on while the entry sorts at or before the target, so that the iterator ends up strictly past everything the target names.',
    why: '"At or after" and "after" differ only for an entry exactly at the target, which random targets rarely hit. seek must land on that entry, not skip it.',
    see: 'README.md: not before it, not past an',
  },
  'seek compares user keys only, so it lands on a version newer than the target': {
    pr: "IterableSource.seek compares by user key, using the target's sequence for both sides; within one key the versions are already in order, so that is enough.",
    why: 'Sequence numbers look like a detail inside one key. A seek to (k, s) must skip the versions of k newer than s; comparing user keys alone stops at the newest.',
    see: 'README.md: positions the merge at the first entry whose internal key is at or',
  },
  'seek continues the old pass instead of starting a new one': {
    pr: 'seek reuses the current pass over the source when there is one, so repeated seeks forward do not restart from the beginning each time.',
    why: 'Forward seeks are the common case, and for them this is faster and correct. A seek backwards then finds nothing, because the pass has already gone past the target.',
    see: 'README.md: It seeks by starting a new pass and reading forward to the target',
  },
  'seek reads forward without checking the order (read(null) in the loop)': {
    pr: 'seek starts a new pass with `read(null)` and reads forward the same way; only next() passes the previous entry, since that is where the order check belongs.',
    why: 'The check looks like part of stepping through the source, not of finding a start. But seek reads past entries too, and a source that is unsorted before the target then goes unnoticed: the seek lands in the wrong place and no error is thrown.',
    see: 'README.md: and throws `UnsortedSourceError` if a source breaks it. A `MergeIterator` is itself an',
  },
  'seek() without a target keeps the old pass instead of going back to the first entry': {
    pr: 'seek() with no target only opens a pass when there is none yet; once the source is open, "no target" just means "stay where you are", which saves a new pass.',
    why: 'No target reads like "nothing to do". But it means the first entry, and a source that has already read on (or reached its end) must go back there, so a merge that seeks to the start again would miss entries.',
    see: 'README.md: seek(target?: InternalKey): Promise<void>; // the first entry >= target; the first entry without one',
  },
  'equal internal keys: the tie broken toward the older source': {
    pr: 'When two cursors stand on the same internal key, I now let the later source win the tie, since later sources are usually the larger tables.',
    why: 'Which way a tie goes looks arbitrary when both entries are "the same write". They are equal keys, but the newer source (the smaller index) is the one to trust, and the tests see which copy comes out.',
    see: 'README.md: the tie on equal internal keys goes to the *newer* source',
  },
  'the heap ordered by user key only (versions of one key come out in any order)': {
    pr: 'The heap only needs to bring keys out in order, so I compare cursors by user key and keep the source index as the tie-breaker.',
    why: 'User-key order is what the reader sees, so it looks like the order that matters. The versions of one key must come out newest first, and only the sequence number says which that is.',
    see: 'README.md: number **descending**, so all versions of a key sit together, newest first',
  },
  'an exhausted source is not removed from the heap': {
    pr: 'enter() pushes the cursor back unconditionally; checking valid first duplicated what the heap comparison does anyway.',
    why: 'Pushing every cursor back keeps the code uniform. An exhausted source has no entry, and a cursor without an entry cannot be compared.',
    see: 'README.md: An exhausted source left in the heap',
  },
  'a source is not pushed back after it advanced': {
    pr: 'In next(), after advancing the top source, I leave its cursor out; the loop that handles equal keys brings sources back in when it needs them.',
    why: 'The equal-key loop does touch several sources, which makes it look responsible for re-entry. Without the push the advanced source drops out of the merge after its first entry.',
    see: 'README.md: Moving on pops the top cursor, advances its source, and pushes the cursor back',
  },
  'next advances only the top source: an older copy of the same write comes out again': {
    pr: 'next() advances the top source only, like a textbook k-way merge; the other sources keep their place until they reach the top.',
    why: 'The textbook merge is exactly this. But the same write can be in two sources during a flush, and the copy in the other source would then come out a second time.',
    see: 'README.md: advances every source standing on that internal key, not just the top one.',
  },
  'seek does not empty the heap: cursors from before the seek stay in it': {
    pr: 'seek pushes a fresh cursor for each source after seeking it; I removed the heap.clear() since the new cursors are what counts.',
    why: 'The fresh cursors are right, which makes the old ones easy to forget. They stay in the heap and come out with entries from before the seek.',
    see: 'README.md: empties the heap, and pushes a cursor for each source',
  },
  'seek skips the sources that are exhausted': {
    pr: 'After the first seek, seek only re-positions sources that still have entries: an exhausted source has nothing left to give.',
    why: 'For a forward walk that is true. But seek can go back, and a source exhausted at a later target may well have entries after an earlier one.',
    see: 'README.md: It seeks **every** source (an exhausted one may well have entries after an',
  },
  'equal user keys not de-duplicated: older versions leak after the newest': {
    pr: 'mergedScan yields each visible version it meets; the merge already orders them, so the caller gets the newest first for each key.',
    why: 'With the newest first, yielding everything looks harmless. The scan promises each key once, and older values then appear as extra rows.',
    see: 'README.md: 3. Every older version of that key is skipped, including the one under a tombstone.',
  },
  'tombstones returned to the reader': {
    pr: 'mergedScan now yields tombstones too, so callers can see which keys were deleted.',
    why: "Exposing deletes can be useful for debugging. But the scan is the user's view, and a deleted key must simply not be there.",
    see: 'README.md: 4. Tombstones are never returned.',
  },
  'tombstones dropped before they hide anything: the older put comes back': {
    pr: 'I only mark a key as decided when it yields a value: a tombstone produces nothing, so there is nothing to record for it.',
    why: 'Skipping a tombstone early looks like the cheapest way to hide it. But it has to decide its key, or the older put under it is the next version and comes back to life.',
    see: 'README.md: Step 3 is where the classic bug hides',
  },
  'atSequence ignored: writes after the snapshot are visible': {
    pr: 'Scans read the newest version of every key; I dropped the atSequence filter, since almost every scan is at the latest sequence anyway.',
    why: 'Latest-sequence scans are the common case, where the filter does nothing. A scan at a snapshot must not see writes made after it.',
    see: 'README.md: 1. Skip versions newer than `atSequence`',
  },
  'the write at exactly atSequence is invisible (< for <=)': {
    pr: 'A version is visible when its sequence is before atSequence, which reads naturally as "written before the snapshot".',
    why: '"Before" sounds right, but the snapshot includes the write at its own sequence number; < hides exactly that write.',
    see: 'README.md: a scan at sequence s sees exactly the writes up to s',
  },
  'seek to (start, 0) instead of (start, atSequence): the versions of start are skipped': {
    pr: 'mergedScan seeks to (start, 0), the lowest possible version of start, to be sure the scan begins no later than the first version of the key.',
    why: 'Sequence 0 feels like "the very beginning". With sequence numbers sorted descending, (start, 0) is the last version of start, so every newer one is skipped.',
    see: 'README.md: To start a scan at `start`, seek the merge to `(start, atSequence)`',
  },
  'the end key included (> for >=)': {
    pr: 'The scan stops after the end key rather than at it, so a range from "a" to "m" includes "m" as one would expect.',
    why: 'Inclusive ranges read naturally in English. The API says end is exclusive, which is what lets ranges be chained without overlap.',
    see: 'README.md: `start` is inclusive, `end` exclusive',
  },
  'seek waits with Promise.allSettled: a source whose seek failed is treated as empty': {
    pr: 'seek waits for all sources with Promise.allSettled, so that one slow or failing source cannot leave the others half-seeked.',
    why: 'allSettled is the right tool when every result matters. It also turns a rejection into a result, and the failed source then looks like one with no entries.',
    see: 'README.md: An error from any source, in its `seek` or in any `next`, reaches the caller',
  },
  "next() swallows a source's failure and drops the source as if it were exhausted": {
    pr: 'If a source fails while advancing, next() drops it and carries on with the others, so one bad table does not stop a whole scan.',
    why: 'Degrading gracefully sounds kind to the user. A silently dropped source means missing rows that look like real results, which is worse than an error.',
    see: "README.md: (never treated as the source's end)",
  },
};
