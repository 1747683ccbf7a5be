import type { Reviews } from '../review.ts';

export const reviews: Reviews = {
  'a read is answered at the newest version the server has, whatever version it asked for': {
    pr: 'After waiting for the version I now read at store.latestVersion: it is at least the requested version by then, and the newest data is the most useful.',
    why: 'Newer looks better, and the wait already guarantees the version is there. But a transaction must read every key at its one read version, or it sees half of a later commit.',
    see: 'dialogue.md: Then `serveGet` reads at `request.version`, not at `store.latestVersion`.',
  },
  'a read above the server’s version is answered at once, at the newest version it has (stale data)': {
    pr: 'Reads no longer wait: if the server is a little behind, it answers with the newest version it has. Clients get an answer at once instead of sitting for up to a second.',
    why: 'Answering from slightly old data sounds like a harmless latency win. But the read version may cover a commit the server has not pulled, and the transaction then reads the past.',
    see: 'README.md: The server must not',
  },
  'a read above the server’s version throws future_version at once, without waiting': {
    pr: 'A read above the server’s version now fails with future_version straight away; the client retries anyway, so waiting on the server only ties up a task.',
    why: 'The retry loop does handle future_version, so failing fast looks fine. But the server is usually only a peek behind, and every such read now costs the client a whole retry.',
    see: 'README.md: at most `FUTURE_VERSION_DELAY` (1 s), then fails with `future_version` (1009)',
  },
  'a waiting read checks its deadline with > instead of >=, so at the deadline it sleeps 0 again and again and time stops':
    {
      pr: 'waitForVersion now gives up only once the deadline has strictly passed: with >= a read could fail at the very instant its version arrives, and a waiting read deserves the full second.',
      why: 'Giving the read the benefit of the doubt sounds generous. But the last sleep is clamped to the time left, which is 0 at the deadline, so the loop sleeps 0 forever and the simulated clock never moves again.',
      see: 'dialogue.md: The `Math.min` keeps the last sleep from overshooting the deadline',
    },
  'a range read with limit 0 returns nothing (lesson 14’s meaning) instead of everything (the wire’s)': {
    pr: 'I pass the request’s limit straight to the store’s getRange: both sides call it limit, and the conversion looked like dead code.',
    why: 'Same name, same type, so the same meaning seems obvious. But on the wire 0 means no limit and to lesson 14’s store it means none, so every unlimited range read comes back empty.',
    see: 'dialogue.md: It is two conventions meeting.',
  },
  'the server moves its version to `end` instead of `end - 1` (it claims a version the log does not hold)': {
    pr: 'After a peek the server moves its version to reply.end, and the next peek starts there too: end is where the log says the next data starts.',
    why: '`end` reads like "the version I am now at". But it is the first version the log does not hold yet, so the server claims a version whose ops may still come.',
    see: 'README.md: tag, so `end` is what moves the server forward: after a reply it has every version up to',
  },
  'the server moves its version only with versions that carry ops for it': {
    pr: 'applyPeek now only applies the entries; the extra empty apply at the end looked like bookkeeping with no data in it.',
    why: 'A version with no mutations seems to change nothing. It changes the one number reads check, and without it reads at such versions wait a second and fail.',
    see: 'dialogue.md: Why apply an empty version at all?',
  },
  'atomic operations are applied to the oldest version the store keeps, not its latest': {
    pr: 'Atomic ops now read their base at store.oldestVersion: that is the stable, durable side of the window, so the base cannot change under a concurrent write.',
    why: 'Reading from a settled version sounds safer. But an add is defined on the value just before its own version, and the oldest version misses five seconds of adds.',
    see: 'README.md: `BatchState` per version, reading `store.get(key, store.latestVersion)`.',
  },
  'each op of a version is applied on its own, so an atomic operation misses the ops before it in the same version': {
    pr: 'applyVersion now materializes each op with its own BatchState, so one odd op cannot affect how the others are computed.',
    why: 'Independence between ops looks tidy. But the ops of one version are in the store only after the apply, so a second add to the same key in the same batch reads the old value.',
    see: 'dialogue.md: The ops of one version are not in the store until `store.apply` runs at the end.',
  },
  'after a reboot the server pulls from version 1 again instead of after its durable version': {
    pr: 'The pull loop starts from version 1: the logs hold everything anyway, and starting from the beginning is the simplest thing that is obviously complete.',
    why: 'Replaying from the start sounds like the safe choice. But the logs forgot what the server popped, and the store already holds everything up to its durable version.',
    see: 'README.md: At `durableVersion + 1`, from the engine.',
  },
  'a server whose log does not answer keeps asking the same log': {
    pr: 'A failed peek now just sleeps and asks the same log again. Logs come back after a reboot, and sticking to one log keeps the server’s view consistent.',
    why: 'Staying with one source sounds consistent. But a log can be cut off for a long time, and every other log holds the same versions.',
    see: 'README.md: A peek that fails (the log is dead, rebooting, or cut off) is no reason to stop',
  },
  'the server pops the logs up to its latest version, ahead of what it made durable': {
    pr: 'Pops now name store.latestVersion: the server has every version up to there, so the logs can free that space sooner.',
    why: 'Having a version in memory feels like having it. But memory is lost in a crash, and the logs are the only other place those versions are.',
    see: 'README.md: The one rule that keeps a crash harmless is `popped <= durable`.',
  },
  'the server pops the logs first and makes the versions durable afterwards': {
    pr: 'The durability round now pops the logs before the engine write: the pops are quick network calls, and the write can take its time afterwards.',
    why: 'Both happen in the same round, so the order looks like a detail. A crash between them reboots at the old durable version, and the logs have forgotten what came after it.',
    see: 'README.md: Only after that write has resolved does it pop the logs up to the durable version.',
  },
  'the pops of all logs share one try, so the first log that does not answer stops the pops of the logs after it': {
    pr: 'popLogs has one try/catch around the loop instead of one per log: it reads better, and a failed pop is retried next round anyway.',
    why: 'A single error handler looks like a harmless tidy-up. But a log that stays down now stops every log after it from being popped, and their disks fill with versions nobody needs.',
    see: 'README.md: then pop every log',
  },
  'the server pops the logs only in a round that made something new durable, so a log that missed a pop is never popped again':
    {
      pr: 'The durability round now pops only when makeDurable actually moved the durable version; popping the same version again is a wasted round trip to every log.',
      why: 'Skipping a repeat looks like a free saving. But a log that was cut off or rebooting missed the last pop, and with nothing new to make durable it is never told again.',
      see: 'README.md: that does not answer is popped again next round.',
    },
  'the next peek starts at the reply’s `end`, so after moving to a log behind the one it left the server asks again for versions it has':
    {
      pr: 'applyPeek now returns reply.end: the log says it holds every version below end, so end is exactly where the next peek should start, with no need to look at the store again.',
      why: 'With one log, or logs in step, end is the right place. But a push reaches one log before another, and after a move to a log behind, its end is below the server’s version: the next peek asks for versions already applied.',
      see: "README.md: never from the reply's `end`, which would take it back to versions it already has.",
    },
  'the pull loop catches every error and moves on to the next log, so a bug is retried forever instead of reported': {
    pr: 'The pull loop now moves to the next log on any error, not just FdbError: whatever went wrong with this log, another one has the same versions, so the server keeps going.',
    why: 'Staying up sounds robust. But an error that is not an FdbError is a bug, and trying each log in turn only hides it: the server stops moving forward and nothing says why.',
    see: 'README.md: Only an `FdbError` means a log did not answer. Any other error is a bug, in the log or in the',
  },
  'popLogs skips a log whatever the error, so a bug in the pops is never reported': {
    pr: 'popLogs ignores any error from a log, not just FdbError: a pop is only advice to the log, and the next round sends it again anyway.',
    why: 'Pops are retried each round, so skipping one looks harmless. But an error that is not an FdbError is a bug that would then be skipped every round, forever, with the log never freed and nothing reported.',
    see: 'README.md: simulator stops the run and reports it with the seed. The pops follow the same rule.',
  },
};
