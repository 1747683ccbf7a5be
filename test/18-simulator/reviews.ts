import type { Reviews } from '../review.ts';

const TIE_BREAK =
  'README.md: sequence: the order they were scheduled in. That tie-break matters more than it looks. Ten tasks';
const SIFT_DOWN =
  'README.md: Sift-down must compare the parent with **both** children and swap with the one that leaves first;';
const DRAIN = 'README.md: Yielding once, or a fixed';
const EVERY_FIELD =
  'README.md: simulation picture runs this very code). Every field counts: a record without the time would not';
const RUN_LOOP =
  'README.md: `stop()` was called, `maxEvents` events ran, the queue is empty, or the next event is later than';
const RUN_ORDER =
  'README.md: restore it in a `finally`; pop, advance the clock, record `{ time, seq, kind, name, detail }`,';
const CLOCK =
  'README.md: with `advanceTo(event.time)`. Moving to the same time is normal (many events share a time); moving';

export const reviews: Reviews = {
  'equal times leave the queue in no particular order (the heap compares times only)': {
    pr: 'before() compares times only now. Events at the same time are simultaneous, so any order among them is as good as another, and the comparison got simpler.',
    why: 'Simultaneous sounds like "order does not matter". But the heap then orders ties by the shape of the tree, and a change anywhere reorders the run.',
    see: TIE_BREAK,
  },
  'equal times leave the queue newest first (the tie-break is reversed)': {
    pr: 'Among events at one time, the newest now goes first, so a task that just scheduled something sees it handled right away, like a stack.',
    why: 'It is still deterministic, so the hash checks pass. But equal-time events must run in the order they were scheduled, and a stack runs them backwards.',
    see: TIE_BREAK,
  },
  'equal times ordered by what the event carries instead of the sequence (like iterating a Set of tasks)': {
    pr: 'Ties are broken by the event itself now, so the order of simultaneous events depends on what they are rather than on bookkeeping numbers.',
    why: 'Ordering by content sounds meaningful. But it is not the order the code scheduled them in, and it changes when an unrelated event changes.',
    see: 'README.md: heap happened to arrange equal keys, or on the iteration order of a `Set` of task objects, a',
  },
  'sift-down looks at the left child only': {
    pr: 'siftDown compares with the left child only; in a complete tree the left child is filled first, so it is the one that matters.',
    why: 'The left child is filled first, which makes it look like the important one. The right child may leave earlier, and then it stays below a later event.',
    see: SIFT_DOWN,
  },
  'sift-down moves to the first child that beats the parent, not the smaller child': {
    pr: 'siftDown swaps with the first child that should leave before the parent and stops looking, which saves a comparison per level.',
    why: 'Beating the parent sounds like enough. But the other child may be earlier still, and it ends up below its later sibling.',
    see: SIFT_DOWN,
  },
  'sift-up uses the wrong parent index (i >> 1)': {
    pr: 'siftUp uses i >> 1 for the parent, the classic heap formula.',
    why: 'i >> 1 is the parent in a heap that starts at index 1. This one starts at 0, where the parent is (i - 1) >> 1.',
    see: 'README.md: the children of index `i` are at `2i + 1` and `2i + 2`, its parent at `(i - 1) >> 1`, and every',
  },
  'pop forgets to sift the moved last event down': {
    pr: 'pop moves the last event to the root and returns; the next push sifts up and puts the tree in order again.',
    why: 'A push does restore order along its own path. The root stays wrong until then, and the next pop hands out a late event.',
    see: 'README.md: | `pop()` | take the root, move the last event to the root, **sift down**: swap with the child that must leave first while that child beats it | O(log n) |',
  },
  'the clock can move back (advanceTo accepts an earlier time)': {
    pr: "advanceTo sets the time it is given without checking; the scheduler only ever passes the next event's time, so the check could never fire.",
    why: 'With a correct queue it never fires, which makes it look dead. It is there to catch a wrong queue, loudly, instead of letting time run backwards.',
    see: CLOCK,
  },
  'the clock refuses to stay at the same time (two events at one time fail)': {
    pr: 'advanceTo refuses a time that is not later than now, apart from the start at 0: advancing to the same time is not advancing.',
    why: 'The name suggests moving forward. But many events share a time, and each one calls advanceTo with it.',
    see: CLOCK,
  },
  'a timer fires one tick early': {
    pr: 'sleep schedules its wake one microsecond before the deadline, so that the waking task is already running when its time comes.',
    why: 'Waking a little early sounds like it avoids lateness. On a virtual clock nothing is late: the wake is exactly at its time, and early is simply wrong.',
    see: 'README.md: - **A sleep wakes exactly** `micros` later: never a tick early or late.',
  },
  'schedule forgets to add the current time (a delay is taken as an absolute time)': {
    pr: 'schedule pushes events at the time it is given; callers know the time they want, and adding now inside schedule hid that.',
    why: 'At time 0 a delay and an absolute time are the same, so early tests pass. Later, every event lands in the past.',
    see: 'README.md: with it. Whole numbers keep the arithmetic exact: `now + delay` never rounds, so a sleep of 3 µs',
  },
  'the run loop yields to the microtask queue once per event instead of until the task waits again': {
    pr: 'drain yields once per event instead of looping: one await null lets the woken task run, and the loop was extra work on every event.',
    why: 'One turn is enough for a task that calls sleep directly. A task behind a few async helpers needs more turns and wakes to find the clock already moved.',
    see: DRAIN,
  },
  'the run loop goes on after a task failed (the failure is only reported at the end)': {
    pr: 'run keeps going after a task throws and reports the failure when the queue is empty, so one run shows everything that went wrong.',
    why: 'Seeing every failure at once sounds more useful. But after the first failure the world is broken, and the report no longer points at the moment it happened.',
    see: 'README.md: - **A task that throws stops the run** with `SimulationFailed` naming the seed, the virtual time',
  },
  'the run restores the real globals only when it succeeds (not in a finally)': {
    pr: 'run restores the real Date, Math.random and timers right before it returns its result, at the end of the happy path.',
    why: 'The happy path is where one thinks of cleanup. A failed run then leaves the real timers switched off for the test runner.',
    see: 'README.md: originals come back when the run ends, **however** it ends: restoring in a `finally` is the only',
  },
  'the run never switches the real world off': {
    pr: 'I removed forbidRealWorld from run: our tasks only use sim.now and sim.random anyway, and replacing globals made debugging awkward.',
    why: 'Well-behaved tasks do not need the guard. One stray Date.now makes replays drift without any error.',
    see: 'README.md: A single `Date.now()` in a task makes the run depend on the wall clock; one `Math.random()`, on',
  },
  'the trace leaves out the virtual time of each event': {
    pr: 'The trace record no longer includes the time: the sequence number already fixes the order of events, and the records got shorter.',
    why: 'The sequence does fix the order. A sleep one microsecond longer keeps the order and changes the run, and only the time shows it.',
    see: EVERY_FIELD,
  },
  'the trace leaves out the name of each event': {
    pr: 'Event names are left out of the trace record; kind and detail say what happened, and the names were the longest part of each record.',
    why: 'Kind and detail do describe the event. Two tasks trading places produce the same kinds in the same order, and only the names differ.',
    see: EVERY_FIELD,
  },
  'until stops before an event exactly at the limit': {
    pr: 'run stops at the first event at or after until, so until works like an exclusive end, as ranges do elsewhere in the course.',
    why: "Half-open ranges are the course's habit. Here the contract says an event exactly at until still runs.",
    see: 'README.md: `until` (an event exactly at `until` still runs).',
  },
  'maxEvents lets one event too many run': {
    pr: 'The loop condition is events <= maxEvents, so a maxEvents of 10 runs the tenth event too.',
    why: 'The condition reads like "up to and including". Counting from zero shows it runs one more.',
    see: 'README.md: - **`until`, `maxEvents` and `stop()`** stop exactly at their limits (`stop()` after the current',
  },
  'run pops the next event before checking until, so the first event past the limit is lost': {
    pr: 'run pops first and then checks until, so the loop has one queue call fewer in the common case.',
    why: 'It reads the same. But the event it popped past until is dropped, and the next run never sees it.',
    see: 'README.md: - **`until`, `maxEvents` and `stop()`** stop exactly at their limits (`stop()` after the current',
  },
  'the run loop ignores stop()': {
    pr: 'The run loop checks only maxEvents and the queue; stop() seemed redundant next to until and maxEvents.',
    why: 'Those limits are known before the run starts. A checker task that has its verdict can only end the run with stop().',
    see: RUN_LOOP,
  },
  'run never clears stop(), so every run after a stop ends at once': {
    pr: 'The stopped flag is set by stop() and read by the loop; I dropped the line that cleared it at the start of run.',
    why: 'One run works. The next run sees the old flag and ends before its first event.',
    see: RUN_LOOP,
  },
  'a wake event is traced without the name of the task it wakes': {
    pr: 'Wake events get an empty name: the start event already names the task, and the wake is just a timer firing.',
    why: 'The hash still changes with the start events. But the trace no longer says which task woke, and two tasks trading wake-ups hash the same.',
    see: EVERY_FIELD,
  },
  'the run records an event after running its action': {
    pr: 'The loop runs the action first and records the event afterwards, so the trace only holds events that really happened.',
    why: 'The woken task runs before the record is written, so a note it makes lands before the event that woke it.',
    see: RUN_ORDER,
  },
  'the run forgets to remember the current event sequence for note()': {
    pr: 'I left out this.currentSeq = next.seq: the record already has the sequence, and nothing in run reads currentSeq.',
    why: 'run does not read it, but note() does: every note then carries sequence -1 instead of the event it belongs to.',
    see: RUN_ORDER,
  },
  "the run loop calls an event's action directly instead of through act()": {
    pr: 'The loop calls action() itself; act() was only a try/catch around one call, and the finally already restores the globals.',
    why: 'The globals are restored. But an action that throws now escapes as a bare error, without the seed, the time or the event to replay.',
    see: RUN_ORDER,
  },
};
