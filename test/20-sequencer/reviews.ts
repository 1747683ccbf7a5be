import type { Reviews } from '../review.ts';

export const reviews: Reviews = {
  'versions count up by one whatever the clock says': {
    pr: 'Versions only need to be unique and increasing, so the sequencer now adds one per batch. No clock arithmetic, no rounding, and the numbers in traces are small and easy to read.',
    why: 'Lesson 16 counted up by one, and uniqueness is the part everyone remembers. But every window in the system (the resolver, the MVCC store) is measured in versions and meant as seconds.',
    see: 'dialogue.md: Because the rest of the system reads versions as time.',
  },
  'a version repeats when no virtual time passed since the last one': {
    pr: 'I dropped the max(1, ...) in nextVersion: the version is now exactly the time since the last one, clamped, which matches the formula in the docs more directly.',
    why: 'Two batches can ask in the same microsecond, and then "time since the last version" is 0. The lower bound is what keeps versions strictly increasing.',
    see: "README.md: So a version says roughly when it was handed out, two versions are never equal, and lesson 14's",
  },
  'a version may jump ahead without the MAX_VERSION_ADVANCE cap': {
    pr: 'Versions now follow the clock exactly, even after a long pause, so a version always tells you when it was handed out. The cap made them drift from real time.',
    why: 'A cap looks like an arbitrary tweak. It keeps one step below the MVCC window, so a pause never makes every read version in flight too old at once.',
    see: "README.md: `MAX_READ_TRANSACTION_LIFE_VERSIONS` (five seconds' worth) in one step:",
  },
  'versions measure time from the boot, not from the last version': {
    pr: 'lastVersionTime is set once when the sequencer boots; nextVersion measures from there. One assignment fewer on the hot path.',
    why: 'It reads as "time since we started", which sounds like what a clock-based version is. But the advance is added to the previous version, so the elapsed time must be since that one.',
    see: 'dialogue.md: It is "the time of the last version", not "the time of boot"',
  },
  'prevVersion is taken to be the version minus one': {
    pr: 'prevVersion is simply version - 1 now: the version right before this one. It saves keeping the old value around in nextVersion.',
    why: 'In lesson 16 versions were consecutive, so "the one before" was v - 1. Here versions jump with the clock, and prevVersion must be the version actually handed out before.',
    see: 'README.md: version handed out just before. Batches from several commit proxies reach the resolver and the',
  },
  'a resent request gets a new version': {
    pr: 'The sequencer no longer keeps a map of old replies per proxy: a resent request just gets the next version, which is just as unique. Less memory, less code.',
    why: 'A fresh version looks harmless because it is unique. But the lost reply may have been for a version already in the chain, and nobody would ever push it.',
    see: 'README.md: (`REPLY_MEMORY_VERSIONS`), so **a resent request gets the same answer, never a second version**.',
  },
  'a resend whose answer was forgotten gets a fresh version instead of AnswerForgotten': {
    pr: 'A resend the sequencer no longer remembers now just gets the next version instead of an error: the proxy still needs a version, and a fresh one is just as unique.',
    why: 'The first version was handed out and may be in the chain already (only its reply was lost). A second version for the same batch leaves that one unpushed, and every log waits for it forever.',
    see: 'dialogue.md: and a resend too old for that is an `AnswerForgotten` error rather than a silent second version.',
  },
  "the sequencer remembers only its latest answer for a proxy's resends": {
    pr: 'Only the latest reply per proxy is kept for resends; a proxy resends right away, so older ones are never asked for again.',
    why: 'A proxy runs several batches at once; an earlier batch can resend after later ones were answered.',
    see: 'dialogue.md: When request 4 was lost and is being sent again.',
  },
  "one proxy's requests are answered in the order they arrive, not by request number": {
    pr: 'Removed the wait for the previous request number in getCommitVersion: connections deliver in order, so requests already arrive in number order.',
    why: 'Connections do deliver in order, which makes the wait look redundant. Resends break that: a lost request comes back after later ones.',
    see: 'dialogue.md: When request 4 was lost and is being sent again.',
  },
  'the live committed version is the last version reported, not the highest': {
    pr: 'reportCommitted now just stores the reported version. Proxies only report after their logs acknowledge, so reports arrive in version order anyway.',
    why: 'For one proxy that is nearly true. With two proxies, reports cross on different connections and the live committed version would move backwards.',
    see: "dialogue.md: Each proxy's do, roughly; two proxies' do not.",
  },
  'a GRV proxy answers from the version it heard less than a millisecond ago (a cache)': {
    pr: 'Read versions were a round trip to the sequencer each time. The GRV proxy now reuses the live committed version for up to a millisecond, which cuts sequencer traffic a lot under load.',
    why: 'Caching for a millisecond feels too short to matter. External consistency has no tolerance: a commit acknowledged inside that millisecond is missed.',
    see: 'dialogue.md: The same bug, slower to show.',
  },
  'a read version request joins the ask to the sequencer that was already under way': {
    pr: 'When the sequencer answers, the GRV proxy now answers everyone who is waiting, including requests that came in during the ask. Fewer asks, lower latency.',
    why: 'Batching is encouraged, so sharing more looks strictly better. A request may only share an ask that starts after it arrived.',
    see: 'README.md: A GRV proxy batches too: requests that arrive while an ask is under way wait for the next ask,',
  },
  'a GRV proxy answers with the clock when it is ahead, since versions follow the clock': {
    pr: 'Versions follow the clock, so when the clock is ahead of the live committed version the GRV proxy hands out the clock: readers see the freshest data possible.',
    why: 'Since versions track time, the clock looks like a fine read version. But a version that nothing has committed up to may not exist on the logs or storage yet.',
    see: 'README.md: 3. a GRV proxy asks the sequencer for its live committed version on behalf of each request.',
  },
  'the resolver role resolves a batch as soon as it arrives, not after its prevVersion': {
    pr: 'The resolver role no longer parks batches until their predecessor is resolved: it resolves each batch as soon as it arrives, which removes a queue and its latency.',
    why: 'With one proxy and in-order connections, batches do arrive in order. Several proxies break that.',
    see: 'dialogue.md: It is the same shape for the same reasons.',
  },
  'the resolver role resolves a resent batch again': {
    pr: 'Dropped the answer cache in the resolver role: a batch sent twice is simply resolved again, and the resolver is deterministic, so the verdicts are the same.',
    why: "Determinism suggests the same input gives the same output, but the resolver has state: the first pass remembered the batch's writes.",
    see: 'dialogue.md: A repeated batch gets its remembered verdicts;',
  },
  'the resolver role resolves a batch again when its answer was forgotten': {
    pr: 'Dropped the AnswerForgotten check in the resolver role: if the answer is gone, the batch is simply resolved again, which is better than failing the commit proxy.',
    why: "Resolving again means resolving a version below the ones already resolved, against history that includes the batch's own writes; the verdicts cannot be the first ones.",
    see: 'README.md: never a second version, never a second resolve.',
  },
  "the resolver role keeps the sender's buffers as its write ranges": {
    pr: "The resolver role passes the request's transactions straight to lesson 16's resolver instead of copying every range first; on a real network they are fresh buffers anyway.",
    why: 'In a real process the payload would be deserialized into new buffers, so copying seems redundant. In the simulation it arrives by reference, and the rule is to copy what you keep.',
    see: "dialogue.md: Because this role must be right here too, and here the client's buffers arrive as they are.",
  },
  'the resolver role remembers only its latest answer': {
    pr: 'The resolver role keeps only its most recent answer for resends: a commit proxy resends a lost batch immediately.',
    why: "Resends are rare and quick, so one answer seems enough. Other proxies' batches can be resolved between a batch and its resend.",
    see: 'dialogue.md: A repeated batch gets its remembered verdicts;',
  },
  'a commit proxy acknowledges before the logs reply (it sends the pushes and moves on)': {
    pr: 'The pushes to the logs now run in their own tasks, so the batch does not sit idle while the slowest log fsyncs; the logs retry on their own.',
    why: 'Overlapping slow I/O is usually good engineering. Here the acknowledgement is the promise that the data is durable.',
    see: 'README.md: heart of the lesson: no client hears "committed" before every log has the version on its disk and',
  },
  'a commit proxy pushes to the first log only': {
    pr: 'The commit proxy pushes to the primary log only; the other logs are replicas and can catch up from it.',
    why: 'Primary-and-replicas is a familiar pattern, but here no log copies from another: each version must reach every log from the proxy.',
    see: "dialogue.md: One log's acknowledgement is not enough",
  },
  'a commit proxy pushes only versions that carry writes': {
    pr: 'Batches that commit nothing (all refused, or empty) no longer push anything to the logs: there is nothing to store.',
    why: "Skipping empty work looks like a free saving. But every log waits for each version's predecessor, so a skipped version blocks everything after it.",
    see: 'README.md: no messages: a log must see every version to know it has them all.',
  },
  'a commit proxy sends each push once, without retrying it': {
    pr: 'Pushes are sent with a plain request now; the retry helper hid failures, and a log that is down should be noticed.',
    why: 'Failing fast is often right. Here a batch that has its version can never give up.',
    see: 'README.md: A batch that has its version must never give up.',
  },
  'a commit proxy sends reportCommitted and replies without waiting for it to be answered': {
    pr: 'reportCommitted is fire-and-forget now: the sequencer only raises a number, so the clients need not wait for its answer.',
    why: 'The report carries no result the proxy needs. What it buys is ordering: a read version asked for after the reply must see the report.',
    see: 'README.md: 1. the commit proxy reports version `v` to the sequencer (`reportCommitted`) and waits for the',
  },
  'a commit proxy refuses conflicts as soon as the resolver answers, before the push and the report': {
    pr: 'A refused transaction has nothing to push, so the commit proxy now tells its client right after the resolver answers; the client can retry a few milliseconds sooner.',
    why: 'It looks like only "committed" needs to wait for the logs. But the rule is about the batch: its clients hear back after the report, whatever their verdicts.',
    see: 'README.md: the sequencer knows it. Refused transactions wait too: every client of a batch, committed or',
  },
  "a committed transaction's reply stamps its place in the batch counted from 1": {
    pr: 'Versionstamp orders in replies now start at 1, so an order of 0 can mean "no stamp" in client code.',
    why: "Counting from 1 is a habit, but the client's stamp must match the one placed in its data.",
    see: "README.md: 6. Why does a batch's versionstamp order count refused transactions too?",
  },
  'a batch closes only once it holds more than batchCountMax commits': {
    pr: 'The full-batch check uses > instead of >= so a batch can use its whole capacity.',
    why: 'Off by one at a limit: "at most N" means it closes when it reaches N.',
    see: 'README.md: batch closes when it holds `batchCountMax` commits, or',
  },
  'a batch closes only when its time is up, however full': {
    pr: 'Batches now close only on their timer. Closing by count made batch sizes uneven under load, and the interval is only a millisecond anyway.',
    why: 'A millisecond feels short, but a busy proxy can receive far more than the limit in it, and the versionstamp order has only two bytes.',
    see: 'README.md: The count limit is 32,768 because a versionstamp numbers a transaction in its batch with two bytes.',
  },
  "a batch's timer closes whatever batch is open when it fires": {
    pr: 'Simplified the batch timer: when it fires it closes the open batch, no need to remember which batch it was started for.',
    why: 'It looks equivalent because usually the batch is the same one. When a batch closed early by count, the leftover timer cuts the next batch short.',
    see: 'dialogue.md: Because the batch it was started for may have closed already, by count.',
  },
  'an idle commit proxy never closes an empty batch': {
    pr: 'The idle loop no longer sends empty batches: they cost a version, a resolve and a push to every log for nothing.',
    why: 'Empty work looks wasteful. But versions are how the logs and storage servers learn that time passed.',
    see: 'dialogue.md: So that versions move when nobody writes.',
  },
  'the empty-batch loop sleeps while the wait is >= 0, so once it is due it sleeps 0 again and again and time stops': {
    pr: 'emptyBatches sleeps whenever the wait is not negative: a wait of exactly 0 is just a no-op sleep, and it reads more naturally than a strict > 0.',
    why: 'A sleep of 0 is not a no-op in a simulator: it is an event due now, and events due now always run first. Once the wait is exactly 0 it stays 0, because the clock cannot move past it.',
    see: 'README.md: a loop that sleeps 0 again and again (a wait that is due now, "sleep a little" written as',
  },
  'the empty-batch loop looks again at once (a sleep of 0) while a batch is open, so time stops': {
    pr: 'While a batch is open the idle loop just yields (sleep(0)) and looks again: the open batch closes by itself, so there is nothing to wait for.',
    why: 'The open batch closes on its timer, at a later time. A loop that only yields keeps the clock at now, so that timer never comes and the proxy spins forever.',
    see: 'README.md: Every sleep in a loop must move the clock. An event due now always runs before any later one, so',
  },
  'the versionstamp placed in a write counts only the committed transactions before it': {
    pr: 'pushRequest filters the batch down to the committed transactions first and then stamps them 0, 1, 2, ...: the stamps in the data are dense and still unique.',
    why: 'Filtering first is the natural way to write it, and the stamps stay unique. But they no longer match the order the client hears in its reply.',
    see: "README.md: each transaction's place in the batch (its index, refused ones counted). So it places every",
  },
  'the writes of transactions refused as conflicts are pushed too': {
    pr: 'Only transaction_too_old is a hard refusal; the writes of other transactions go to the logs so storage has the full batch.',
    why: 'A refused transaction never happened: none of its writes may reach the logs.',
    see: 'README.md: every committed write goes to every tag. A version with nothing committed is still pushed, with',
  },
  'the writes go under the first storage tag only': {
    pr: "The push now carries the ops under one tag, the first storage server's; the others can read that tag too.",
    why: 'One copy seems enough when every server holds every key, but each storage server peeks only its own tag.',
    see: 'README.md: server reads only its own. Until sharding (lesson 23) every storage server holds every key, so',
  },
  'a push says its prevVersion is the version minus one': {
    pr: "The push computes prevVersion as version - 1 instead of threading the sequencer's reply through: the log only needs to know the version before.",
    why: 'Versions jump with the clock, so version - 1 was almost never handed out, and the log waits for it forever.',
    see: 'README.md: The resolver (and, in lesson 21, every log) keeps "the last version I took" and lets a request',
  },
  'a versionstamped write is checked only when its batch commits': {
    pr: 'Dropped the up-front versionstamp check in commit(): placeVersionstamp checks the offset anyway when the batch places the stamps.',
    why: 'The check does happen later, so the early one looks redundant. But by then the batch has its version, and a batch that has its version must not fail.',
    see: 'README.md: `client_invalid_operation` (2000), before it joins a batch: once a batch has its version, nothing',
  },
};
