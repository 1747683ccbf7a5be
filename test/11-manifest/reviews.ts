import type { Reviews } from '../review.ts';

export const reviews: Reviews = {
  'a u64 is written as 32 bits (numbers past 4 GiB wrap)': {
    pr: 'File numbers and sizes in our tests never get near 2^32, so I write the high half of every u64 as zero. It keeps the encoder to one DataView call per field and the format stays the same width.',
    why: 'Every number a small test produces fits in 32 bits, so the high half really is zero there. Sequence numbers and file sizes of a long-lived database do pass 4 GiB, and then the stored value silently wraps.',
    see: 'README.md: a u64 is two u32 halves, low half',
  },
  'the sequence number after a key is not written': {
    pr: 'The manifest only needs to know which user keys a table covers, so I store each key as its length and bytes and leave out the sequence number. That saves 16 bytes per table.',
    why: 'For range checks the user key is what matters, so the sequence looks like baggage. But a key in the edit is a whole internal key, and the reader expects the u64 after the bytes: every later field is then read from the wrong place.',
    see: 'README.md: A key is a u32 length, its bytes, and a u64 sequence number.',
  },
  'an unknown tag is skipped instead of refused': {
    pr: 'To stay compatible with future versions of the format, the decoder now ignores tags it does not know and moves on, the way protobuf readers skip unknown fields.',
    why: 'Skipping unknown fields is good practice in many formats, and it is what the learner asks in the dialogue. Here every field changes the version; a skipped field can drop a table, which is then deleted as an orphan.',
    see: 'dialogue.md: that does not understand an edit must stop, not guess',
  },
  'the removed tables are not encoded': {
    pr: 'The engine deletes obsolete table files itself, so the manifest does not need to list removals; I encode the counters and the added tables only.',
    why: 'The files do disappear from the directory, so recording their removal feels redundant. But the version is rebuilt from the manifest alone: without the removals, replay keeps tables that no longer exist.',
    see: 'README.md: | 4 | a removed table | level u8, fileNumber u64 |',
  },
  'replay applies each edit twice': {
    pr: 'I rewrote the replay loop to decode each record and apply it inline; the version is built up edit by edit as before.',
    why: 'A refactor that both assigns and re-applies a result is an easy slip when a line is rearranged. applyEdit refuses a table added twice, so the manifest no longer opens.',
    see: 'README.md: fold applyEdit over its edits',
  },
  'replay reads the snapshot only (later edits not replayed)': {
    pr: 'Every manifest starts with a snapshot of the whole version, so replay reads that first record and stops; that makes opening a large manifest much faster.',
    why: 'The snapshot really is the whole version, at the moment it was written. Every edit appended after it is newer, and skipping them loses every flush since the last rewrite.',
    see: 'README.md: fold applyEdit over its edits',
  },
  'CURRENT is switched before the new manifest is synced': {
    pr: 'writeCurrent syncs CURRENT and the directory anyway, so I dropped the separate sync of the new manifest in writeSnapshot; one fewer fsync per rewrite.',
    why: 'With several syncs close together, one of them looks redundant. Each covers different bytes: syncing CURRENT does nothing for the manifest it names, and a crash can leave CURRENT naming an empty file.',
    see: 'README.md: write `MANIFEST-(n+1)` holding a snapshot of the version *after* the edit, and sync it;',
  },
  'the old manifest is deleted before CURRENT names the new one': {
    pr: 'During a rewrite I now delete the old manifest right after the new one is written, before switching CURRENT, so there is never a moment with two manifests in the directory.',
    why: 'One manifest at a time sounds tidier and easier to reason about. But until CURRENT moves, the old manifest is the truth, and a crash in that window leaves CURRENT naming a file that is gone.',
    see: 'README.md: Delete the old manifest before',
  },
  'an edit is appended but not synced before apply resolves': {
    pr: 'Appending the record is enough for the next open to see it, so apply no longer waits for a sync; flushes finish sooner.',
    why: 'Without a crash the appended bytes are read back fine, so every test that only reopens passes. The engine deletes old logs as soon as apply resolves, and a crash then loses both the edit and the data it described.',
    see: 'README.md: append and sync one record, or rewrite',
  },
  'the rewrite snapshots the version before the edit (the edit that triggered it is lost)': {
    pr: 'The rewrite snapshots this.version, the version we already have, rather than a version computed ahead of time; the edit is folded into memory afterwards as usual.',
    why: 'Snapshotting the current state is the natural reading of "snapshot". But the edit that triggered the rewrite is never appended anywhere else, so it must be in the new snapshot, or it is gone at the next open.',
    see: 'README.md: holding a snapshot of the version *after* the edit',
  },
  'the manifest is never rewritten': {
    pr: 'Rewriting the manifest is the riskiest step in the catalog, so I made apply always append: the manifest grows, but every edit takes the same simple path.',
    why: 'Fewer paths really is fewer risks, and appends are correct. But the manifest then grows with every flush forever, and every open must replay all of it.',
    see: 'README.md: once the records outgrow the threshold, the manifest has been rewritten',
  },
  'obsolete-manifest deletion removes the live manifest too': {
    pr: 'deleteObsoleteManifests now removes every MANIFEST- file it finds before the catalog carries on; the live one is held open by its writer, so it is not affected.',
    why: 'An open file can still be written on POSIX, so the writer goes on working. But the name is gone: the next open reads CURRENT and finds nothing to replay.',
    see: 'README.md: | `MANIFEST-000003` | the live manifest |',
  },
  'old manifests are never deleted': {
    pr: 'I stopped deleting old manifests: they are small, and keeping them around gives us a history of versions to look at when something goes wrong.',
    why: 'A history can be useful for debugging. But the lesson promises the directory holds only live files, and old manifests pile up with every rewrite.',
    see: 'README.md: After every open and every edit, nothing else stays: old manifests,',
  },
  'replay never advances its byte offset (every bad record is reported at byte 0)': {
    pr: 'I simplified replay: the offset it reports is where the manifest starts, since a manifest with a bad record has to be restored as a whole anyway.',
    why: 'When the remedy is the same, the exact offset looks like detail. It is what an operator uses to tell a damaged record from a bad edit, and the lesson requires the byte where the record starts.',
    see: 'README.md: refused at exactly the byte where its frame starts',
  },
  "replay advances its offset by the edit's length only, forgetting the frame header and entry fields": {
    pr: "Replay adds each record's length to the offset as it goes; I use the length of the encoded edit, which is the part of the record that matters.",
    why: 'The edit is the payload we care about, so its length is the first length that comes to mind. A record on disk is a whole frame: a frame header and an entry header wrap the edit.',
    see: 'README.md: | frame length | 4 | lesson 02: the body',
  },
  'a counter of 0 is not written (if (edit.logNumber) instead of !== undefined)': {
    pr: 'I shortened the counter checks in encodeEdit to `if (edit.logNumber)`, the usual way to test whether an optional field is set.',
    why: 'Truthiness is the idiomatic way to test an optional field in JavaScript, and it works for every counter but one value: 0, which is falsy and a perfectly valid counter.',
    see: 'README.md: The writer puts the counters first (those present, in tag order)',
  },
  'a counter given twice is accepted (the later value wins)': {
    pr: 'The decoder no longer complains when a counter appears twice; it simply takes the last value, which is what the writer would have meant.',
    why: 'Last-wins is a common rule for repeated fields. But encodeEdit never writes a counter twice, so two of them mean the bytes are not what we wrote, and guessing is how a damaged edit gets applied.',
    see: 'README.md: a counter given twice; never any other error',
  },
  'a repeated counter is caught by truthiness (a first value of 0 lets the second through)': {
    pr: 'I tidied the repeated-counter check to `if (counters[name])`, which reads more naturally than comparing with undefined.',
    why: 'The check is right for every value but 0. A first logNumber of 0 is falsy, so a second one is taken without complaint.',
    see: 'README.md: a counter given twice; never any other error',
  },
  'decodeEdit reads the whole buffer behind the view it was given': {
    pr: "decodeEdit builds its EditReader over a fresh Uint8Array of the input's buffer, so the reader always works on an array that starts at offset 0.",
    why: 'A Uint8Array made from `bytes.buffer` starts at the beginning of the buffer, not of the view. Record values read from a log are often views into a bigger buffer, and the reader then decodes the bytes in front of the edit.',
    see: 'README.md: `decodeEdit` throws',
  },
  'a snapshot is never split (one record, however large)': {
    pr: 'A snapshot is one edit, so I write it as one record: splitting it across records makes the manifest harder to read and the version is the same either way.',
    why: 'One snapshot, one record is the simple picture, and it holds for every small database. A version with enough tables encodes to more than a record may hold, and the rewrite then fails with EditTooLargeError.',
    see: 'dialogue.md: `snapshotRecords` splits the',
  },
  'a snapshot of exactly MAX_EDIT_BYTES is split (>= instead of >)': {
    pr: 'snapshotRecords starts a new record once the edit would reach MAX_EDIT_BYTES, leaving a little headroom below the limit.',
    why: 'Headroom feels safe, and a split snapshot still replays correctly. But the limit is inclusive: a snapshot of exactly MAX_EDIT_BYTES fits one record, and the split rule should say so.',
    see: 'README.md: at most `MAX_EDIT_BYTES`',
  },
  'an edit of exactly MAX_EDIT_BYTES is refused': {
    pr: 'editRecord refuses an edit once it reaches MAX_EDIT_BYTES; I would rather fail one byte early than write a record at the very edge of what lesson 01 accepts.',
    why: '`>=` and `>` differ only at the limit itself, where tests rarely go. "At most MAX_EDIT_BYTES" includes the limit, and snapshotRecords fills records right up to it.',
    see: 'README.md: at most `MAX_EDIT_BYTES`',
  },
  'apply updates the version before the edit is durable': {
    pr: 'apply now installs the new version as soon as applyEdit accepts the edit, before the write; the caller sees the new version a little sooner and the write follows.',
    why: 'Once applyEdit has accepted it, the edit looks settled. But the write can still fail, and the engine deletes files by the in-memory version: it then acts on an edit the next open has never heard of.',
    see: 'dialogue.md: `this.version` must not change before the edit is durable',
  },
  'a rewrite switches to the new manifest before CURRENT names it': {
    pr: 'In rewrite I switch this.writer to the new manifest as soon as it is written and synced, then update CURRENT; the catalog state is set up before the slow directory sync.',
    why: 'The new manifest is complete and durable at that point, so using it looks safe. If writing CURRENT then fails, every later edit goes to a manifest CURRENT does not name, and the next open deletes it.',
    see: 'README.md: Step 2 is the commit point.',
  },
  'a rewrite appends its snapshot to a manifest that a failed rewrite left behind': {
    pr: 'writeSnapshot no longer checks for an existing file before opening the new manifest: a fresh manifest number is never in use, so the exists/remove pair was dead code.',
    why: 'A new number looks unused, and without failures it is. A rewrite that failed half-way leaves that very file behind, and the next rewrite reuses the number: its snapshot lands after the old one, and replay adds every table twice.',
    see: 'dialogue.md: a file becomes real at one atomic rename',
  },
  'any error while the manifest is read becomes a CorruptManifestError, a failed read of a sound manifest included': {
    pr: 'replayManifest now turns anything that goes wrong while reading the manifest into a CorruptManifestError, so the engine has one error to handle when it opens, whatever the cause.',
    why: 'One error type is simpler for the caller, and a failed read does mean the manifest could not be used. But the error says the manifest is damaged and advises a restore from backup, when the disk only failed this once and the file is fine: retrying, or fixing the disk, is what the user should do.',
    see: 'README.md: A disk that fails to read is not damage',
  },
  'a damaged record is reported without its cause (the WalCorruptionError that found it is dropped)': {
    pr: 'The CorruptManifestError already names the manifest, the offset and which check failed, so I stopped attaching the WalCorruptionError as its cause; the message says it all.',
    why: 'The message does carry the essentials. The cause carries the rest, the log reader’s own check and offset and advice, which is what someone debugging a damaged manifest reads first, and it is what tools that walk error chains look for.',
    see: 'README.md: found it as its `cause`. A disk that fails to read is not damage',
  },
  'the manifest is rewritten only once it is past maxManifestBytes (an edit that finds it exactly there appends)': {
    pr: 'apply rewrites the manifest when it is over maxManifestBytes (`>`): a manifest of exactly the limit is still within it, so one more record is fine.',
    why: 'The rule is "once it is maxManifestBytes or larger, the next edit rewrites it": the limit is where rewriting starts, not the last size allowed. With `>`, every manifest that lands on the limit grows one record past it, and the threshold a user sets is not the one the catalog keeps.',
    see: 'README.md: finds it at `maxManifestBytes` or larger (reaching the limit is enough).',
  },
};
