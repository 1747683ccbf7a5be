import type { Reviews } from '../review.ts';

export const reviews: Reviews = {
  'a tombstone is dropped above the bottom level (an older value comes back)': {
    pr: 'Compaction already keeps only the newest version of each key, so I let it drop tombstones too: once a delete has been merged, nothing in the output needs it, and we get the space back at every level instead of waiting for the bottom.',
    why: 'Within the merge the tombstone really is the newest version, so dropping it looks like the same rule as dropping old values. What the merge cannot see is the older value sitting in a deeper level, which the tombstone was hiding.',
    see: 'README.md: A tombstone goes only at the bottom for its key',
  },
  'level 0 is compacted without the level-1 tables it overlaps (level 1 overlaps)': {
    pr: 'Level-0 compactions were rewriting a lot of level 1 each time. I now merge just the level-0 tables and add the result to level 1, which writes far fewer bytes per flush.',
    why: 'Write amplification is a real cost, and leaving level 1 alone does cut it. But the new table then shares keys with tables already in level 1, and level 1 is only useful to reads because its ranges never overlap.',
    see: 'README.md: all of level 0 + the level-1 tables they overlap',
  },
  'the overlap test misses a table that shares only an edge key': {
    pr: 'I tightened the overlap test to strict comparisons: two ranges that merely touch at their end points do not really overlap, so there is no need to pull that neighbour into the compaction.',
    why: "Ranges are closed: a table whose largest key equals the range's smallest key holds that very key. Strict comparisons read like 'overlap' in geometry, where touching intervals share only a point of zero width.",
    see: 'README.md: touching at one edge',
  },
  'input tables are deleted before the output is recorded': {
    pr: 'Once the outputs are written, the inputs are dead weight, so I remove their files right away inside the compaction instead of leaving it to the engine. The directory stays tidy even if the edit is slow.',
    why: 'After the outputs are written the data does exist twice, so deleting the inputs feels safe. Until the edit is durable, though, the version on disk still points at the inputs; a crash in between loses them.',
    see: 'README.md: Why must the inputs not be deleted by the compaction itself?',
  },
  'an output table is cut without writing the last entries': {
    pr: 'Output tables are written whenever the current chunk reaches targetTableBytes, so I removed the extra writeChunk() after the loop; the chunking inside the loop already handles the output.',
    why: 'The write inside the loop handles every full chunk, so the call after it looks redundant. The last chunk is almost never full, and without that final call its entries never reach a table.',
    see: 'README.md: cut into tables of about `targetTableBytes`',
  },
  'level 0 is never compacted': {
    pr: 'Level 0 is where fresh flushes land and reads find recent data fast, so I raised its trigger a long way: tables stay in level 0 and we skip a round of rewriting for each flush.',
    why: 'Fewer compactions does mean less write amplification, and a big level 0 is a tuning choice some systems make. But every level-0 table must be asked on each read, and the lesson promises level 0 stays small.',
    see: 'README.md: level 0 stays small',
  },
  'level 0 is compacted one table at a time, newest first (older level-0 tables then hide newer values in level 1)': {
    pr: 'Compacting all of level 0 at once makes one big merge. I move the newest level-0 table down first, one per compaction, so each job is small and predictable.',
    why: 'Smaller jobs are a reasonable goal and every other level is compacted one table at a time. Level 0 differs because its tables overlap: an older table left behind is still read before level 1 and answers with a stale value.',
    see: 'README.md: Why is compacting only T9 into level 1 wrong?',
  },
  'isBottomFor stops before the last level (a value there comes back)': {
    pr: 'The last level is where everything ends up and it is never compacted further, so the deeper-level check only needs to look down to level 5. That saves one range check per tombstone.',
    why: 'The last level being special for budgets makes it easy to think it is special here too. But the last level holds the oldest values of all, and a tombstone above it is exactly what keeps them hidden.',
    see: 'README.md: the last one included',
  },
  'tombstones are never dropped, even at the bottom (space is never given back)': {
    pr: 'Dropping a tombstone felt risky, since one mistake brings deleted data back, so I keep them all. A tombstone is only a key and a trailer, so the cost is small.',
    why: 'Keeping tombstones is always correct for reads, so this passes every read test; the cost is space that never comes back after deletes, which the lesson checks directly.',
    see: 'README.md: Space comes back',
  },
  'the bottom test starts at the output level, whose overlapping tables are inputs (tombstones kept for nothing)': {
    pr: "I ask isBottomFor about the level being compacted rather than the output level: the output level's tables could hold the key, so checking them as well seemed like the careful choice.",
    why: 'Counting more levels feels safer, and it never brings a value back. But the overlapping tables of the output level are inputs of this very merge, so their older values are already in it and the tombstone is kept for nothing.',
    see: 'dialogue.md: their entries are in this very merge',
  },
  'every version of a key is kept, not only the newest': {
    pr: 'I removed the skip of older versions in the merge loop: keeping every version means a compaction can never lose a value, and the merge iterator already puts the newest one first for reads.',
    why: 'Keeping more data looks like the conservative choice, and reads still see the right answer. But compaction exists to throw away versions no read needs; keeping them all means the space is never reclaimed.',
    see: 'README.md: The newest version of each key wins.',
  },
  'a level holding exactly its budget is compacted (< for <=)': {
    pr: 'A level at its budget is full, so I compact it as soon as it reaches the budget instead of waiting for one more byte; that keeps levels a little smaller.',
    why: 'Whether "at the budget" counts as over is a coin toss when you write the comparison, and both look reasonable. The lesson fixes the rule: exactly the budget is left alone.',
    see: 'README.md: a level holding exactly its budget is left alone',
  },
  'the budget loop stops one level early (level 5 is never compacted)': {
    pr: 'The loop over levels stops before the levels near the bottom: those hold most of the data, and compacting them is the most expensive job, so I leave them to grow.',
    why: 'Off-by-one loop bounds around LEVEL_COUNT are easy to get wrong when the last level is already excluded. Level 5 still has a budget; only level 6 has none.',
    see: 'README.md: Level n (1 to 5) has a budget',
  },
  'the budget loop runs into the last level, which has no level below it': {
    pr: 'I made the budget loop cover every level from 1 to the end, so that no level is left out of the size checks.',
    why: 'Looping over all levels looks more complete. But the last level has no budget and no level to compact into; picking it makes a job with nowhere to put its output.',
    see: 'README.md: level 6: the last, no budget',
  },
  'a pick is moved onto the tables below that it overlaps': {
    pr: "canMove only checks that the pick's own tables are apart: pick() already chose the overlapping tables below, and run() merges them anyway when there are some.",
    why: 'The overlap check is the other half of the rule. Without it a table lands in a level beside tables whose ranges it shares, the level is no longer disjoint, and the engine refuses the edit.',
    see: 'README.md: When no table of the next level overlaps the pick',
  },
  'two tables of a pick that share one key are moved together (<= for <)': {
    pr: 'Two tables are apart when one ends where the next begins, so I compare with <= : touching at an edge is not overlapping.',
    why: 'Ranges are inclusive at both ends. Two tables that both hold the edge key overlap on it, and moved side by side they make the level overlap, with two versions of that key in one level.',
    see: 'README.md: no two tables of the pick share a key',
  },
  "the pick's tables are compared in the order they come (level 0 is newest first, not by key)": {
    pr: 'canMove compares the inputs in the order pick() gives them and saves a sort per compaction.',
    why: 'Neighbours only tell you something about overlap when the list is sorted by key. Level 0 comes newest first, so two tables far apart in the list can overlap and the check never compares them.',
    see: 'README.md: the inputs, sorted by smallest key, each end before the next begins',
  },
  'nothing is ever moved (every pick is merged and rewritten)': {
    pr: 'run() always merges: a move is an optimisation, and one code path is easier to trust than two.',
    why: 'Every answer stays right, which is why it looks safe. But a fill in key order then rewrites each key once per level, the write amplification a move exists to avoid.',
    see: 'README.md: A fill in key order then writes each key to a table once',
  },
  'the cursor is never moved (every pick takes the first table of the level)': {
    pr: 'pick() takes the first table of a level that is over budget. Any table brings the level down, and the first one is the cheapest to find: no cursor to keep between compactions.',
    why: 'Each pick does bring the level under budget for a moment, so it looks like any table will do. But new data keeps landing in the same key range, so that range is rewritten again and again while the rest of the level is never worked through.',
    see: 'README.md: the next pick starts after the largest key of the last one',
  },
  'the next pick may start at the cursor, not after it (a table holding one key is picked again)': {
    pr: 'The next pick takes the first table whose smallest key is at or after the cursor; `>=` reads more naturally to me than `>` for "from here on".',
    why: 'Tables of one level never share a key, so the next table always starts strictly after the last one ended and `>=` looks harmless. A table holding a single key starts where it ends, though, so with `>=` it is picked again and again.',
    see: 'README.md: the next pick starts after the largest key of the last one',
  },
  'the bytes a merge writes are not counted (write amplification reads 0)': {
    pr: 'run() counts compactions and the tables it reads; the bytes written can be read off the file sizes of the new tables whenever someone needs them, so I left that counter alone.',
    why: 'The output tables are in the version, so the number seems recoverable. But once they are compacted again they are gone, and `bytesWritten` is the one number that measures write amplification.',
    see: 'README.md: `stats.bytesWritten / bytes flushed` is the write amplification of compaction.',
  },
  'only the upper-level inputs are counted as read, not the overlapping tables below': {
    pr: 'tablesRead and bytesRead count the tables the pick chose to compact (job.inputs); the overlapping tables below just come along for the ride.',
    why: 'The pick is about the upper level, so its inputs feel like "the" tables of the compaction. But the merge opens and reads every overlapping table below as well, and for random writes that is most of the bytes.',
    see: 'README.md: Moving a table from level n to level n + 1 rewrites it together with the tables of level n + 1 it overlaps',
  },
  'a move is not counted as a compaction': {
    pr: 'A move reads and writes nothing, so I count it only in stats.moves; stats.compactions counts the real merges.',
    why: 'A move does no I/O, so leaving it out of `compactions` sounds like the more honest number. But `moves` is documented as the picks done as moves: every pick is a compaction, and `compactions - moves` is the number of merges.',
    see: 'README.md: add to `stats` (`compactions`, `moves`, `tablesRead`, `bytesRead`, `bytesWritten`)',
  },
  'compact goes on to the next pick when the host asks for one compaction at a time': {
    pr: 'compact always runs until nothing is due: stopping after one leaves the levels over budget, and the next flush may be a while away.',
    why: "Finishing the work looks strictly better. But the host that asks (lesson 13's worker) compacts a copy of the version: the engine calls again at once, and the next pick must see the level-0 tables flushed in the meantime, or level 0 fills up behind deeper compactions.",
    see: 'README.md: `host.oneAtATime`',
  },
  "compaction writes with lesson 07's writeTable, not the engine's options.writeTable": {
    pr: "run imports lesson 07's writeTable and calls it: it is the table writer, and the host has enough members already.",
    why: "It is the default writer, not the only one: the engine may be given another with its signature (lesson 13's writes the same bytes without an object per entry). Calling lesson 07's directly skips it for every table compaction writes, most of the tables a random fill makes.",
    see: "README.md: lesson 07's `writeTable` unless the engine's options give another",
  },
  'an output table counts only the keys toward its size, so tables of long values come out many times the target': {
    pr: 'The chunk size is only an estimate, and keys are what the index and the filter grow with, so I count key + 16 per entry and leave the values out. One less optional chain per entry in the hottest loop.',
    why: 'The estimate is rough on purpose, so simplifying it sounds harmless. But values are most of a table’s bytes: with 100-byte values and 16-byte keys, a table cut at the target by keys alone holds several times the target, and compactions read and rewrite that much more at a time.',
    see: "dialogue.md: The estimate of an entry's size (`key + value + 16`) is rough on purpose",
  },
  'the running size is not reset when a table is cut, so after the first table every entry becomes a table of its own':
    {
      pr: 'writeChunk now only writes the table and starts a new chunk array; the byte count is a running total of the merge, which is handy for the stats.',
      why: 'A running total of the merge is a useful number, but the cut compares it with the target of one table. Once the total has passed the target it stays past it, so every entry after the first table is cut into a table of its own.',
      see: 'README.md: cut into tables of about `targetTableBytes`',
    },
  'a level’s budget is a level off (level1Bytes * sizeRatio^level), so level 1 holds ten times its budget before it compacts':
    {
      pr: 'Budgets grow by sizeRatio per level, so I wrote levelBudget as level1Bytes * sizeRatio ** level: one formula, no special case for the first level.',
      why: 'The growth per level is right; the starting point is not. Level 1’s budget must be level1Bytes itself, sizeRatio to the power 0, so the exponent is level - 1; with level, every level may hold ten times what it should before it is compacted.',
      see: 'README.md: `level1Bytes * sizeRatio^(n - 1)` bytes',
    },
};
