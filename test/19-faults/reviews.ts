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
  'a kill breaks only the connections from the killed process (what was in flight to it reaches the rebooted one)': {
    pr: "kill now breaks the killed process's outgoing connections only: messages coming to it find it dead anyway, so breaking the incoming side was redundant work.",
    why: 'A dead process does drop what arrives, which makes it look redundant. But a quick reboot makes it alive again, and a message from before the kill reaches the new incarnation.',
    see: 'README.md: - its connections break in both directions: messages in flight on them are lost (each connection',
  },
  'a task spawned before a kill starts if the process was rebooted in the same instant (spawn checks alive, not the incarnation)':
    {
      pr: 'spawn now checks only whether the process is alive when the task starts; the incarnation bookkeeping was duplicated work, since a dead process is never alive.',
      why: 'Alive looks like the whole question. But a reboot in between makes the process alive again, and a task of the old incarnation runs in the new one.',
      see: 'README.md: - a task spawned before the kill that had not started yet never starts;',
    },
  'after a kill a late reject still wakes a task of the dead incarnation (only resolve is dropped)': {
    pr: 'suspend guards resolve with the incarnation check; reject goes straight through, because the errors a dead task gets are exactly what it should see to clean up.',
    why: 'Letting errors through sounds like giving the task a chance to clean up. But a dead process runs nothing, and its task would take one more step in the catch block.',
    see: 'README.md: dropped, so no task of the dead process ever runs again, not even one more step;',
  },
  'a broken connection fails every pending request to either of its ends, not only those that use it': {
    pr: 'breakConnection fails every pending request addressed to either end of the broken connection; simpler than matching both directions, and the peers are in trouble anyway.',
    why: 'Failing more looks like the safe side. But a request from a third process never crossed the broken connection, and it is told "maybe delivered" for nothing.',
    see: 'README.md: has an **epoch**, and a delivery from an older epoch does nothing), and pending requests across',
  },
  'a message is scheduled at its arrival time as a delay from now (it arrives twice as late as it should)': {
    pr: 'transmit passes the arrival time straight to schedule: arrivalTime already works it out, so no extra arithmetic is needed.',
    why: 'It reads naturally, since schedule takes a time. But it takes a delay from now, so every message is late by the current time, later and later as the run goes on.',
    see: 'README.md: `MIN_NETWORK_LATENCY` (100 \u00b5s) and `FAST_NETWORK_LATENCY` (800 \u00b5s), otherwise up to',
  },
  'a one-way clog holds both directions': {
    pr: 'clog always holds both directions now, and oneWay is accepted for compatibility: a slow link is slow both ways in practice.',
    why: 'Symmetric slowness is common, which makes it sound realistic. But the caller asked for one direction, and the replies it expected to flow are held too.',
    see: 'README.md: - `clog(a, b, micros)` holds messages in both directions (unless one-way) until the clog ends:',
  },
  'a shorter clog ends a longer one early (the clog overwrites cloggedUntil)': {
    pr: 'clog sets cloggedUntil to now + micros: the latest call says how long the link is clogged, which is easier to reason about than a max.',
    why: '"The last call wins" sounds predictable. But a short clog on top of a long one would end the long clog early, and messages slip through it.',
    see: 'README.md: - `clog(a, b, micros)` holds messages in both directions (unless one-way) until the clog ends:',
  },
  'a buggified clog ends a longer clog early (it overwrites cloggedUntil)': {
    pr: "The buggified clog in arrivalTime sets cloggedUntil to now plus its random duration; it's a random fault, so there is no need to merge it with other clogs.",
    why: 'A random clog looks independent of the others. But it overwrites the end of a longer clog the test asked for, and that clog is cut short.',
    see: 'README.md: - `clog(a, b, micros)` holds messages in both directions (unless one-way) until the clog ends:',
  },
  'clog accepts a negative or fractional duration': {
    pr: 'clog no longer validates micros: Math.max with the current clog already makes a negative duration harmless.',
    why: 'The max does absorb negative numbers. A fractional or NaN duration then surfaces as a RangeError in some later send, far from the call that caused it.',
    see: 'README.md: - `clog(a, b, micros)` holds messages in both directions (unless one-way) until the clog ends:',
  },
  'partition accepts an address no process has': {
    pr: 'partition no longer looks the addresses up: it only marks connections, and a connection to an address nobody has is harmless.',
    why: 'A mark on an unused connection is harmless. But a typo in an address then partitions nothing, and the test believes it ran under a partition.',
    see: 'README.md: - `partition(a, b)` cuts both directions (`{ oneWay: true }` only a to b); whatever was in flight',
  },
  'a BUGGIFY site that is switched on fires on its first call without the second draw': {
    pr: 'The first call of a site returns the activation draw directly: the site has just been switched on, so it may as well fire right away.',
    why: 'Firing on activation looks natural. But the first call then fires with 0.25 instead of 0.25 \u00d7 0.25, and every active site fires where it is first reached.',
    see: 'README.md: | a site that is on fires | `P_BUGGIFIED_SECTION_FIRES` = 0.25 | every time it is reached |',
  },
  'a request is sent when only its reply direction is cut (the peer runs it, and the caller waits forever)': {
    pr: "request only checks the direction it sends on: the reply direction is the server's business, and the request may well be answered after a heal.",
    why: 'Checking one direction looks enough to send. But the cut is still there when the reply is ready, the reply is dropped, and nothing fails the request: the caller waits forever, and the server has run work whose result nobody gets.',
    see: 'README.md: alone is cut is refused at once, and the peer never runs it: its answer could not come back.',
  },
  'slowDisk accepts a negative delay': {
    pr: 'slowDisk only checks that the delay is a whole number: a negative one just makes the disk fast.',
    why: 'A disk cannot answer before it is asked: a negative delay would schedule disk work in the past. The README refuses it with RangeError for clog and slowDisk alike.',
    see: 'README.md: `RangeError`, for `clog` and `slowDisk` alike.',
  },
  'a one-way message is sent across a cut or to a dead process': {
    pr: 'send no longer checks canSend: transmit already drops a message whose connection broke, so the check is redundant.',
    why: 'transmit drops a message only if the connection breaks after it was sent. A message sent across a cut that is already there finds the epoch unchanged and arrives, straight through the partition.',
    see: 'README.md: - `partition(a, b)` cuts both directions (`{ oneWay: true }` only a to b); whatever was in flight',
  },
};
