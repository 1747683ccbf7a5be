import type { Reviews } from '../review.ts';

const PARTITION =
  'README.md: - `partition(a, b)` cuts both directions (`{ oneWay: true }` only a to b); whatever was in flight';
const BUGGIFY_TABLE =
  'README.md: | a site is on for this run | `P_BUGGIFIED_SECTION_ACTIVATED` = 0.25 | the first time the site is reached; remembered |';

export const reviews: Reviews = {
  'a kill lets a sleeping task of the dead process run once more (its wake is not dropped)': {
    pr: 'suspend resolves the wake whenever it comes; the kill already marks the process dead, and every task checks that before doing anything important.',
    why: 'Tasks that check alive look safe. But the wake still runs one more step of the dead process, and after a reboot the process is alive again.',
    see: 'README.md: dropped, so no task of the dead process ever runs again, not even one more step;',
  },
  'a task spawned just before a kill still starts after it': {
    pr: 'spawn starts the task without checking the incarnation: the kill happened after the spawn, so the task was legitimately created.',
    why: 'The spawn did happen first, which makes it look legitimate. But the process died before the task ran, and a dead process runs nothing.',
    see: 'README.md: - a task spawned before the kill that had not started yet never starts;',
  },
  'a reboot keeps unsynced bytes (the kill does not crash the disk)': {
    pr: 'kill no longer crashes the disk: a process crash leaves the page cache intact, so unsynced bytes survive, which is what a real OS does.',
    why: 'A process crash does keep the page cache, which makes it realistic. The world models a power cut, the harsher fault, because that is what tests durability.',
    see: "README.md: - its disk crashes, with lesson 03's model (support/sim-fs.ts): synced bytes survive, unsynced",
  },
  'a request to a dead process is sent anyway (and the caller waits forever)': {
    pr: "canSend checks only whether the connection is cut; a dead process is the receiver's business, and the delivery drops the message anyway.",
    why: 'Dropping at delivery looks equivalent. But the caller is never told, and waits for a reply that cannot come.',
    see: 'README.md: | the peer is dead or unknown, or a partition cuts either direction, when sending | `broken_promise` | 1100 | no: it never left |',
  },
  'a request in flight when the peer dies fails with broken_promise (as if it certainly did not run)': {
    pr: 'A request broken by a kill now fails with broken_promise, the same error as a send to a dead peer; one error for "the peer is gone" is easier for callers.',
    why: 'Both cases look like "the peer is gone". But a request already sent may have run, and only request_maybe_delivered tells the caller not to assume it did not.',
    see: 'README.md: | the connection broke (peer killed, partition) after sending, before the reply | `request_maybe_delivered` | 1030 | maybe |',
  },
  'a broken connection still delivers what was in flight on it': {
    pr: 'Deliveries no longer compare epochs: a message already on the wire when the link broke got out before the break, so it still arrives.',
    why: '"It left before the break" sounds fair. But a cut connection loses what is in flight, and the caller was already told the request may not have arrived.',
    see: 'README.md: has an **epoch**, and a delivery from an older epoch does nothing), and pending requests across',
  },
  'messages on one connection can overtake each other (no floor at the previous arrival)': {
    pr: "arrivalTime is now just now + latency (or the clog's end); the max with the previous arrival only delayed fast messages behind slow ones.",
    why: 'Independent latencies look more random and more realistic. But a connection is like TCP, and a later message must never overtake an earlier one.',
    see: "README.md: overtake an earlier one, which TCP never allows. So a message's arrival time is",
  },
  'a clog between two processes holds only the first direction': {
    pr: 'clog(a, b) now holds messages from a to b only: the caller named a first, and a one-way clog is the common case in our tests.',
    why: 'Naming a first suggests a direction. But a clog is two-way unless asked otherwise, so replies slip through it.',
    see: 'README.md: - `clog(a, b, micros)` holds messages in both directions (unless one-way) until the clog ends:',
  },
  'a partition is one-way only': {
    pr: 'partition(a, b) cuts a to b; whoever wants both directions can call it twice, which keeps the method simple.',
    why: 'Calling it twice works, so it looks like a simplification. But callers rely on the two-way default, and a half-cut partition still lets replies through.',
    see: PARTITION,
  },
  'a one-way partition cuts both directions': {
    pr: 'A one-way partition now cuts both directions as well: a real network failure is rarely one-way, so this is the more realistic fault.',
    why: 'Symmetric failures are more common, which makes it sound realistic. But the caller asked for one direction, and tests of asymmetric faults never run.',
    see: PARTITION,
  },
  'heal forgets the second direction': {
    pr: 'heal(a, b) restores the connection from a to b; the reverse one is restored when b talks to a again.',
    why: 'Nothing restores it later. A request from a to b arrives and its reply is lost on the way back.',
    see: 'README.md: is lost. `heal(a, b)` restores both directions, and new messages flow again.',
  },
  'slowDisk is ignored': {
    pr: 'slowDisk is a no-op for now: disk latency is already drawn per operation, and the extra knob made runs slower without finding anything.',
    why: 'The knob looked unused by the tests I ran. A slow disk is a fault the cluster must survive, and nothing exercises it any more.',
    see: 'README.md: - `slowDisk(address, micros)` adds time to every disk operation of that process. Each operation',
  },
  'BUGGIFY is active outside simulation': {
    pr: 'fires() checks only whether BUGGIFY is enabled, not whether we are simulated: enabling it should be enough, and the extra flag was confusing.',
    why: 'One switch does look simpler. But a real process must never take these paths, whatever its configuration says.',
    see: 'README.md: | outside simulation | never | always |',
  },
  'BUGGIFY draws whether a site is on at every call, not once per run': {
    pr: 'fires() draws whether a site is active on every call, so each call is an independent coin toss and no site stays stuck on for a whole run.',
    why: 'Independent draws sound more random. But a site that breaks something must do so repeatedly in its run, and per-call draws spread it thin.',
    see: BUGGIFY_TABLE,
  },
  'a BUGGIFY site that is on fires every time': {
    pr: 'Once a site is active for the run, fires() returns true every time; a second draw on top of the activation looked redundant.',
    why: 'The activation draw already looks random enough. Firing every time turns a rare path into the only path, and the code around it never runs normally.',
    see: 'README.md: | a site that is on fires | `P_BUGGIFIED_SECTION_FIRES` = 0.25 | every time it is reached |',
  },
};
