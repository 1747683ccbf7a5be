import type { Reviews } from '../review.ts';

const HEIGHT =
  "README.md: new node's height: start at 1 and add a level while a random draw is below `probability` (and";
const LINK =
  "README.md: `update[level]`: point the new node at `update[level]`'s successor, then point `update[level]` at";
const LOG = 'README.md: - **Insert, get and seek cost a logarithmic number of comparisons**, counted with a comparator';
const COMPARATOR =
  'README.md: The list never compares keys with `<` or `===`; it asks the comparator, a function that returns';
const REPLACE =
  'README.md: lead to the new node. Setting a key that is already there replaces its value in place and does';
const FALSY = 'README.md:   behave like a sorted array (only `undefined` means "from the start").';

export const reviews: Reviews = {
  'random height can be 0 (the height starts at 0 instead of 1)': {
    pr: 'randomHeight now starts counting from zero, since level numbers are zero-based everywhere else in the class. It reads more consistently with the loops that use the height.',
    why: 'Zero-based counting is a habit, and heights look like level numbers. But a height is a count of levels, and a tower of height 0 is a node linked on no level at all: it is lost.',
    see: HEIGHT,
  },
  'towers never reach maxHeight (off by one at the top)': {
    pr: 'randomHeight now stops one level below maxHeight, so the top level stays reserved for the head and the searches always have an empty express lane to start from.',
    why: 'Reserving a level sounds like a design choice, and the list still works. But the distribution of heights is wrong at the top, and the cap wastes a level the README says belongs to towers.',
    see: 'README.md: (The top level, `maxHeight`, also takes every tower that would have grown taller.)',
  },
  'towers can grow one level past maxHeight': {
    pr: 'I relaxed the cap in randomHeight to include maxHeight itself in the comparison, so the loop condition matches the wording "up to maxHeight".',
    why: '"Up to" is ambiguous, and the loop bound is easy to make inclusive. A tower one taller than the head has a level with no head pointer into it.',
    see: 'README.md: - **Every tower is 1 to maxHeight levels tall**, whatever numbers the random source returns',
  },
  'the random height ignores the configured probability (always 1/2)': {
    pr: "randomHeight now flips a fair coin per level, the classic skip list from Pugh's paper. It is easier to reason about than an arbitrary probability.",
    why: 'One half is the textbook value, so hard-coding it feels safe. But the list takes a probability option, and a caller who asked for 1/4 gets towers twice as tall and twice the memory.',
    see: 'README.md: - **Tower heights follow the configured probability:** 5,000 keys for several (probability,',
  },
  'the random height grows with chance 1 - probability': {
    pr: 'I flipped the comparison in randomHeight so a level is added when the draw is at least the probability; same idea, and it reads more naturally to me.',
    why: 'With p = 1/2 both comparisons give the same distribution, so the quick test passes. With the default 1/4, towers grow three times out of four and the list becomes a pile of tall towers.',
    see: HEIGHT,
  },
  'the random height uses Math.random instead of the injected random source': {
    pr: 'randomHeight now calls Math.random directly. Threading a random function through the options felt like ceremony for a number nobody looks at.',
    why: 'Heights do look like an internal detail. But with the injected source a seed replays a failing test exactly, and later the whole simulated cluster; Math.random makes every run different.',
    see: 'README.md: - **The same random source gives the same towers**: `Math.random()` in place of `options.random`',
  },
  'set links the new node on level 0 only (forgets the higher levels)': {
    pr: 'set now links new nodes on the bottom level only. Everything is still found and in order, and inserts do less pointer work.',
    why: 'Every lookup still finds every key, so correctness tests pass. But without express lanes the list is a linked list, and every search walks it linearly.',
    see: LOG,
  },
  'set links every level after the level-0 predecessor': {
    pr: 'I simplified the linking loop in set to use one predecessor for every level: the node just before the new key is the natural place to link it.',
    why: 'On level 0 that node is the right predecessor. On higher levels the predecessor is usually further back, and linking after the level-0 one breaks those levels.',
    see: LINK,
  },
  'set forgets to point the new node at its successor (the rest of the level is cut off)': {
    pr: 'I shortened the linking loop in set to the one assignment that actually puts the new node into the list.',
    why: 'Linking a node into a list takes two pointer writes, and it is easy to see only the one that makes the node reachable. Without the other, everything after the new node is unreachable.',
    see: LINK,
  },
  'setting an existing key inserts a duplicate instead of replacing the value': {
    pr: 'set no longer looks for an existing key before inserting; the search result is only used for linking now. Simpler, and the newest node is found first anyway.',
    why: 'Newest-first sounds plausible for a log-shaped mind. But a map holds one value per key, and iteration now shows the key twice.',
    see: REPLACE,
  },
  'setting an existing key keeps the old value': {
    pr: 'When set finds the key already there, it now leaves the node alone and returns. Keys are immutable in the list, so the node was already right.',
    why: 'Treating "the key is there" as "nothing to do" is a natural shortcut. But set means the new value wins.',
    see: REPLACE,
  },
  'size is not updated on insert': {
    pr: 'I removed the counter update from set; size is a derived value and I would rather not keep two sources of truth.',
    why: 'Avoiding duplicated state is a good principle. But the size getter reads that counter, and without it size stays 0.',
    see: 'README.md:   a node with `randomHeight()` pointers, link it in on every level of its tower, and count it.',
  },
  'size also grows when a value is replaced': {
    pr: 'set now counts every call that stores a value, including a replacement, so size tracks how many writes the list has taken.',
    why: 'Counting writes is sometimes what you want. But size is the number of distinct keys, and a replacement adds none.',
    see: REPLACE,
  },
  'keys are compared with === instead of the comparator when replacing': {
    pr: 'When set checks whether the key it found is the same key, it now uses ===. It is cheaper than calling the comparator, and the search already put us at the right node.',
    why: 'For numbers and strings === works. For keys that are objects or byte arrays, two equal keys are never the same object, and each set inserts a duplicate.',
    see: COMPARATOR,
  },
  'the comparator sign is flipped in the search': {
    pr: 'I adjusted the comparison in findGreaterOrEqual so it reads as "the next key is past the target"; I find that direction easier to follow.',
    why: 'Reading comparator results in the right direction is error-prone, and a search with the sign flipped still returns some node. It just goes the wrong way at each step.',
    see: 'README.md: type Comparator<K> = (a: K, b: K) => number; // < 0: a first; 0: same key; > 0: b first',
  },
  'the comparator arguments are swapped in the search': {
    pr: 'findGreaterOrEqual now calls the comparator with the target first, which matches the order we use everywhere else (key, then what it is compared with).',
    why: 'Argument order in a comparator is the same as a sign flip, and it is easy to "tidy" into the wrong order.',
    see: 'README.md: type Comparator<K> = (a: K, b: K) => number; // < 0: a first; 0: same key; > 0: b first',
  },
  'the search moves past an equal key (<= 0), so seek skips a key equal to its target': {
    pr: 'In findGreaterOrEqual I let the search advance over keys that compare equal as well, so it never stops short on a level.',
    why: 'Advancing "while not past" sounds right. But the search must stop before an equal key, or seek and get miss the key they were asked for.',
    see: "README.md: whole of **seek**. **get** is seek plus one check: is the node's key *equal* to the target (the",
  },
  'the search returns the node before the target (where it stopped) instead of the one after': {
    pr: 'findGreaterOrEqual now returns the node where the search stopped on level 0, which is the node we actually walked to.',
    why: 'The node the search stands on is the last one before the target; the answer is its successor. The two differ by one step, which is easy to lose.',
    see: 'README.md: level ends, drop one level. When you would drop below level 0, the next node on level 0 is the',
  },
  'the search starts at level 0 (a linear scan)': {
    pr: 'The search now starts at the bottom level. The high levels are nearly empty for small lists anyway, and starting low avoids the wasted comparisons at the top.',
    why: 'Every answer is still correct, so the correctness tests pass. But a search on level 0 is a walk along a linked list, and the point of the towers is lost.',
    see: LOG,
  },
  'get walks level 0 from the head (a linear scan) instead of using the towers': {
    pr: 'get now walks the bottom level directly: lookups in our memtables are mostly for recent keys, and a simple loop is easier to read than the search.',
    why: 'The loop is correct and easy to trust. But it costs a comparison per key before the target, so get becomes linear.',
    see: LOG,
  },
  'get returns the value of the next key when the key is missing': {
    pr: 'get now returns the value of the node the search lands on; the search already guarantees we are at the right place.',
    why: "The search lands on the first key at or after the target, which is the target only when it is present. Without the equality check, a missing key returns its neighbour's value.",
    see: "README.md: whole of **seek**. **get** is seek plus one check: is the node's key *equal* to the target (the",
  },
  'entries(from) walks level 0 from the head to find its start (a linear seek)': {
    pr: 'entries(from) now finds its starting node with a simple walk along the bottom level, so it needs no access to the private search.',
    why: 'The walk gives the same start, so iteration is right. But every seek costs a comparison per key before it, and range scans from a late key become linear.',
    see: LOG,
  },
  'entries(from) starts after a key equal to from': {
    pr: 'entries(from) now starts after the key from itself, since a caller who asks "from k" already knows k.',
    why: '"From" is ambiguous in English. The lesson defines it as the first key at or after from, so an equal key is included.',
    see: 'README.md: seek (the first key at or after a given one) and iteration in key order that keeps working while',
  },
  'iteration copies the list into an array first (a snapshot) instead of following the live list': {
    pr: 'entries now takes a snapshot of the keys before yielding them, so an iteration can never be confused by concurrent inserts.',
    why: 'A snapshot sounds like the safe choice. But the lesson asks for the opposite: keys inserted ahead of the cursor must show up, and a snapshot misses all of them.',
    see: 'README.md: rule: copying the list into an array first (a snapshot misses every later insert), and reading',
  },
  'iteration reads the next node before yielding the current one (a prefetch)': {
    pr: 'entries now reads the successor before yielding, so the node pointer never changes under the caller while they hold an entry.',
    why: 'Reading ahead looks defensive. But a key inserted right after the current one while the caller holds it is then skipped.',
    see: 'README.md: the successor before yielding the current entry (a prefetch misses a key inserted right after the',
  },
  'iteration places its cursor when entries() is called, not at the first next()': {
    pr: 'entries now finds its start node when it is called and hands the walk to a helper generator. The seek happens up front, where it is easy to see.',
    why: 'An eager seek looks like the same thing done earlier. But keys inserted between entries() and the first next() are then missed, and the lesson places the cursor at the first next().',
    see: 'README.md:   is just before `from` (or before every key if there is no `from`); the first `next()` places it.',
  },
  'towers() reports the height minus one (levels above the first)': {
    pr: 'towers() now reports how many express lanes each key has, above the base level, which is the number the visualiser cares about.',
    why: 'Counting the extra levels is a reasonable thing to show. But the API promises the tower height, which counts level 0.',
    see: 'README.md: Here key 40 has a tower of height 4, keys 17 and 63 of height 3, keys 5 and 25 of height 2,',
  },
  'get compares keys with === instead of the comparator': {
    pr: 'get now checks the found key with === before returning its value. It avoids a comparator call on the hottest path.',
    why: 'Numbers and strings pass. Keys that are objects or byte arrays are never the same object as the one asked for, so get never finds them.',
    see: COMPARATOR,
  },
  'set links the new node on every level of its tower but the top one': {
    pr: 'I bounded the linking loop in set by the highest level index rather than the height, to match the other level loops.',
    why: 'Mixing up a count and the highest index is a classic off-by-one. The top level of each new tower is never linked, and searches through it go wrong.',
    see: LINK,
  },
  'entries(from) tests from for truthiness, so a seek to the key 0 starts at the smallest key': {
    pr: 'entries(from) now uses a plain truthiness test for its optional start, the usual idiom for optional arguments.',
    why: 'The idiom works for objects. For numbers and strings, the key 0 and the empty string are falsy, and a seek to them starts from the beginning.',
    see: FALSY,
  },
  "replace checks found.key for truthiness, so setting 0 or '' again adds a duplicate": {
    pr: 'set now guards the replace branch with a truthiness check on the found node and its key, so the comparator is never called with a missing key.',
    why: 'A guard like that looks defensive. But the key 0 and the empty string are legal keys that are falsy, and setting them again inserts a second node.',
    see: FALSY,
  },
};
