// One commit's path through the simulated cluster (lessons 20 to 22), for the simulation replay's
// "follow a commit". Nothing is modelled or guessed from timing: every tie comes from the run's own
// trace and from who scheduled what (sim-replay.ts watches the scheduler: for every event, the
// event and the task that were running when it was scheduled).
//
// - The client's read version: the last grv.getReadVersion that the same client task sent, and
//   got answered, before it sent the commit (lesson 22's transaction asks once, before its first
//   read or its commit). The GRV proxy's reply was sent when a `notify` woke its handler; that
//   notify was scheduled while the sequencer's reply to getLiveCommittedVersion was delivered.
// - The batch: the commit proxy's reply to the client was sent when a `notify` woke the commit's
//   handler, and that notify was scheduled by the task `proxy-0/batch N` (lesson 20 runs each
//   batch as a task). The batch's requests are those that task sent; its pushes are sent by the
//   tasks it spawned (`proxy-0/push V i`, named after the commit version V).
// - The storage servers: a log replies to a push once the version is on its disk, and answers a
//   peek at once with every version it has on disk; so for each storage server, the first peek
//   reply a log sent after it had acknowledged V is the first that can carry V.
import type { TraceRecord } from '@ferris/18-simulator/trace.ts';
import type { MessageEvent, ReplayEvent, Scheduled } from './sim-replay.ts';

/** One message of a commit's path, in words. */
export interface CommitStep {
  /** The message's `seq` (MessageEvent.seq). */
  readonly seq: number;
  readonly text: string;
}

/** What the picture highlights for one commit: its messages in time order, each said in words. */
export interface CommitPath {
  readonly client: string;
  readonly proxy: string;
  /** The commit proxy's batch task, as the trace names it ("proxy-0/batch 12"). */
  readonly batch: string;
  /** The batch's commit version, from its push tasks' names (null if it pushed nothing). */
  readonly version: number | null;
  readonly steps: readonly CommitStep[];
}

const REQUEST = /^request (\S+) #(\d+)$/;
const REPLY = /^reply #(\d+)$/;
const PUSH_TASK = /\/push (\d+) \d+$/;

/** The trace and the scheduler's notes, indexed for walking from an event to what caused it. */
class Causes {
  private readonly records = new Map<number, { record: TraceRecord; position: number }>();
  readonly requests = new Map<string, MessageEvent & { endpoint: string }>();
  readonly replies = new Map<string, MessageEvent>();
  /** Every task start: the task's name, where it ran, and the task that spawned it. */
  readonly starts: { name: string; position: number; by: string | null }[] = [];

  constructor(
    private readonly trace: readonly TraceRecord[],
    private readonly scheduled: readonly Scheduled[],
    messages: readonly MessageEvent[],
  ) {
    trace.forEach((record, position) => {
      if (!this.records.has(record.seq)) this.records.set(record.seq, { record, position });
      if (record.kind === 'start') this.starts.push({ name: record.name, position, by: this.task(record.seq) });
    });
    for (const m of messages) {
      const request = REQUEST.exec(m.label);
      if (request) this.requests.set(request[2]!, { ...m, endpoint: request[1]! });
      const reply = REPLY.exec(m.label);
      if (reply) this.replies.set(reply[1]!, m);
    }
  }

  /** The task running when event `seq` was scheduled (for a message: the task that sent it). */
  task(seq: number): string | null {
    return this.scheduled[seq]?.task ?? null;
  }

  /** Where event `seq` was scheduled: how many trace records came before. */
  position(seq: number): number {
    return this.scheduled[seq]?.position ?? -1;
  }

  /** The event that was running when event `seq` was scheduled. */
  cause(seq: number): TraceRecord | undefined {
    const position = this.position(seq);
    return position > 0 ? this.record(this.trace[position - 1]!.seq) : undefined;
  }

  /** The record of the event `seq` itself, when it ran. */
  record(seq: number): TraceRecord | undefined {
    return this.records.get(seq)?.record;
  }

  /** Where event `seq` ran in the trace (-1: it never ran). */
  ranAt(seq: number): number {
    return this.records.get(seq)?.position ?? -1;
  }

  idOf(m: MessageEvent): string | undefined {
    return REQUEST.exec(m.label)?.[2] ?? REPLY.exec(m.label)?.[1];
  }

  replyTo(request: MessageEvent): MessageEvent | undefined {
    const id = this.idOf(request);
    return id === undefined ? undefined : this.replies.get(id);
  }

  /** The request a delivered reply answered, when `record` is such a delivery. */
  answered(record: TraceRecord | undefined): (MessageEvent & { endpoint: string }) | undefined {
    const id = record?.kind === 'deliver' ? REPLY.exec(record.detail)?.[1] : undefined;
    return id === undefined ? undefined : this.requests.get(id);
  }
}

/** Every commit request whose batch the trace names, with its path; in the order they were sent. */
export function commitPaths(
  trace: readonly TraceRecord[],
  scheduled: readonly Scheduled[],
  events: readonly ReplayEvent[],
): CommitPath[] {
  const messages = events.filter((e): e is MessageEvent => e.type === 'message');
  const causes = new Causes(trace, scheduled, messages);
  const paths: CommitPath[] = [];
  for (const m of messages) {
    const request = causes.requests.get(causes.idOf(m) ?? '');
    if (request?.endpoint === 'proxy.commit' && request.seq === m.seq) {
      const path = commitPath(causes, messages, request);
      if (path) paths.push(path);
    }
  }
  return paths;
}

function commitPath(causes: Causes, messages: readonly MessageEvent[], commit: MessageEvent): CommitPath | null {
  const client = commit.from;
  const proxy = commit.to;
  const reply = causes.replyTo(commit);
  if (!reply) return null; // the reply never left the proxy: the trace does not say which batch carried it
  const batch = causes.task(causes.cause(reply.seq)?.seq ?? -1);
  if (batch === null || batch === causes.task(commit.seq)) return null;
  const steps: { m: MessageEvent; text: string }[] = [];
  const say = (m: MessageEvent | undefined, text: string) => {
    if (m) steps.push({ m, text: m.lost ? `${text} (lost on the way)` : text });
  };

  // The read version: the client task's last answered GRV request before the commit.
  const clientTask = causes.task(commit.seq);
  const sentBefore = (m: MessageEvent, seq: number) => causes.position(m.seq) < causes.position(seq);
  const grv = messages
    .filter(
      (m) =>
        REQUEST.exec(m.label)?.[1] === 'grv.getReadVersion' &&
        causes.task(m.seq) === clientTask &&
        m.from === client &&
        sentBefore(m, commit.seq),
    )
    .filter((m) => {
      const answer = causes.replyTo(m);
      return answer !== undefined && !answer.lost && causes.ranAt(answer.seq) < causes.position(commit.seq);
    })
    .at(-1);
  if (grv) {
    const grvReply = causes.replyTo(grv)!;
    say(grv, `${client} asks ${grv.to} for a read version`);
    const ask = causes.answered(causes.cause(causes.cause(grvReply.seq)?.seq ?? -1));
    if (ask) {
      say(ask, `${ask.from} asks ${ask.to} for the newest committed version`);
      say(causes.replyTo(ask), `${ask.to} tells ${ask.from} the newest committed version`);
    }
    say(grvReply, `${grv.to} gives ${client} its read version`);
  }
  say(commit, `${client} sends its commit to ${proxy}`);

  // The batch: what its task sent, and what the tasks it spawned (its pushes) sent.
  const batchName = batch.slice(batch.indexOf('/') + 1);
  const batchStart = lastStart(causes, batch, causes.position(reply.seq));
  const inBatch = (m: MessageEvent) =>
    causes.position(m.seq) > batchStart && causes.position(m.seq) <= causes.position(reply.seq);
  const pushTasks = new Set(causes.starts.filter((s) => s.by === batch && s.position > batchStart).map((s) => s.name));
  let version: number | null = null;
  const acknowledged = new Map<string, number>(); // log -> position of its first push reply
  for (const m of messages) {
    if (!inBatch(m)) continue;
    const task = causes.task(m.seq);
    const endpoint = REQUEST.exec(m.label)?.[1];
    if (endpoint === undefined) continue;
    const answer = causes.replyTo(m);
    if (task === batch && endpoint === 'sequencer.getCommitVersion') {
      say(m, `${proxy} closes ${batchName} and asks ${m.to} for its commit version`);
      say(answer, `${m.to} gives ${batchName} its commit version (and the one before it)`);
    } else if (task === batch && endpoint === 'resolver.resolve') {
      say(m, `${proxy} asks ${m.to} whether ${batchName}'s transactions conflict`);
      say(answer, `${m.to} answers with a verdict for each transaction`);
    } else if (task === batch && endpoint === 'sequencer.reportCommitted') {
      say(m, `${proxy} tells ${m.to} that version ${version ?? '?'} is committed`);
      say(answer, `${m.to} takes note: read versions from now on include it`);
    } else if (task !== null && pushTasks.has(task) && endpoint === 'log.push') {
      version ??= Number(PUSH_TASK.exec(task)?.[1] ?? Number.NaN);
      say(m, `${proxy} pushes version ${version} to ${m.to}`);
      say(answer, `${m.to} has version ${version} on disk and says so`);
      if (answer && !acknowledged.has(m.to)) acknowledged.set(m.to, causes.position(answer.seq));
    }
  }
  say(reply, `${proxy} answers ${client}: the batch is done (committed, or refused on a conflict)`);
  if (version !== null && Number.isNaN(version)) version = null;

  // The storage servers: each one's first peek reply sent by a log after it acknowledged the version.
  const peeked = new Set<string>();
  const inSendOrder = [...messages].sort((a, b) => causes.position(a.seq) - causes.position(b.seq));
  for (const m of inSendOrder) {
    const request = causes.requests.get(REPLY.exec(m.label)?.[1] ?? '');
    if (request?.endpoint !== 'log.peek' || m.lost || peeked.has(m.to)) continue;
    const since = acknowledged.get(m.from);
    if (since === undefined || causes.position(m.seq) <= since) continue;
    peeked.add(m.to);
    say(m, `${m.from} answers ${m.to} with what it has on disk, version ${version ?? '?'} included`);
  }

  steps.sort((a, b) => a.m.sentAt - b.m.sentAt || causes.position(a.m.seq) - causes.position(b.m.seq));
  return { client, proxy, batch, version, steps: steps.map(({ m, text }) => ({ seq: m.seq, text })) };
}

/** The position of the last start of task `name` before `position` (-1: none). */
function lastStart(causes: Causes, name: string, position: number): number {
  let found = -1;
  for (const s of causes.starts) if (s.name === name && s.position < position) found = s.position;
  return found;
}
