// Shared pieces of lesson 21's tests: generated version histories, the model of what a peek must
// return, and a simulated world with one transaction log and requests that are sent again until
// the log answers (lesson 20's requestUntilAnswered), as a commit proxy and a storage server do.
import { expect } from 'vitest';
import { fc } from '@fast-check/vitest';
import { ATOMIC_OPS } from '@ferris/17-retry-loop/atomic.ts';
import type { SimProcess } from '@ferris/19-faults/process.ts';
import type { SimWorld } from '@ferris/19-faults/world.ts';
import {
  ENDPOINTS,
  type LogOp,
  type LogPushRequest,
  type PeekEntry,
  type PeekReply,
  type Tag,
} from '@ferris/20-sequencer/protocol.ts';
import { requestUntilAnswered } from '@ferris/20-sequencer/retry.ts';
import { transactionLog } from '@ferris/21-transaction-logs/transaction-log.ts';
import { hexOf, viewInto } from '../shared/bytes.ts';

export { failureOf, runUntil } from '../18-simulator/helpers.ts';
export { newWorld } from '../19-faults/helpers.ts';

/** The log's address in every test world. */
export const LOG = 'log';
/** Virtual time a run may take, in microseconds: far more than any history here needs. */
export const RUN_LIMIT = 120_000_000;
/** The folder the tests give the log (its own default is checked by none). */
export const LOG_DIR = 'tlog';

/** Bytes biased to the edges: empty, one zero byte, short, now and then a view into a bigger buffer. */
export const bytes = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0).map(() => new Uint8Array(0)) },
  { weight: 2, arbitrary: fc.constant(0).map(() => new Uint8Array([0])) },
  { weight: 4, arbitrary: fc.uint8Array({ maxLength: 6 }) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.uint8Array({ maxLength: 6 }), fc.nat(4), fc.nat(4))
      .map(([b, before, after]) => viewInto(b, { before, after })),
  },
);

export const logOp: fc.Arbitrary<LogOp> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('set' as const), key: bytes, value: bytes }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const), begin: bytes, end: bytes }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('atomic' as const),
      op: fc.constantFrom(...ATOMIC_OPS),
      key: bytes,
      param: bytes,
    }),
  },
);

/** Tags a log serves: 1 to 4 of them, 0 and the largest among the choices. */
export const tagSet = fc.uniqueArray(fc.oneof(fc.constantFrom(0, 1, 2, 2 ** 32 - 1), fc.nat(1000)), {
  minLength: 1,
  maxLength: 4,
});

/** One step of a history: how far the version moves, and which of the tags (by position) get ops. */
const step = fc.record({
  gap: fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 3 }) },
    { weight: 1, arbitrary: fc.integer({ min: 4, max: 2 ** 40 }) },
  ),
  ops: fc.array(fc.option(fc.array(logOp, { minLength: 1, maxLength: 3 }), { nil: undefined, freq: 2 }), {
    maxLength: 4,
  }),
});

export interface History {
  readonly tags: readonly Tag[];
  readonly pushes: readonly LogPushRequest[];
}

/** A history: tags, then versions that strictly increase from 0, many empty, some with ops for several tags. */
export function histories(maxVersions = 30): fc.Arbitrary<History> {
  return fc.record({ tags: tagSet, steps: fc.array(step, { maxLength: maxVersions }) }).map(({ tags, steps }) => {
    let prevVersion = 0;
    const pushes = steps.map(({ gap, ops }) => {
      const version = prevVersion + gap;
      const messages = tags.flatMap((tag, i) => (ops[i] === undefined ? [] : [{ tag, ops: ops[i]! }]));
      const push = { prevVersion, version, messages };
      prevVersion = version;
      return push;
    });
    return { tags, pushes };
  });
}

/** The newest version of a history (0 for none). */
export const lastVersion = (history: History): number => history.pushes.at(-1)?.version ?? 0;

/** What peek(tag, from) must return as entries when the log's end is `end`. */
export function expectedEntries(history: History, tag: Tag, from: number, end: number): PeekEntry[] {
  return history.pushes
    .filter((p) => p.version >= from && p.version < end)
    .flatMap((p) => p.messages.filter((m) => m.tag === tag).map((m) => ({ version: p.version, ops: m.ops })));
}

/** An op in words, bytes in hex: "set 00ab=01". */
export function describeOp(op: LogOp): string {
  switch (op.kind) {
    case 'set':
      return `set ${hexOf(op.key)}=${hexOf(op.value)}`;
    case 'clear':
      return `clear [${hexOf(op.begin)}, ${hexOf(op.end)})`;
    case 'atomic':
      return `${op.op} ${hexOf(op.key)} ${hexOf(op.param)}`;
  }
}

/** The byte arrays an op holds. */
export function opBuffers(op: LogOp): Uint8Array[] {
  switch (op.kind) {
    case 'set':
      return [op.key, op.value];
    case 'clear':
      return [op.begin, op.end];
    case 'atomic':
      return [op.key, op.param];
  }
}

/** Peek entries in words, for readable failures: ["v3: set 01=02, clear [, 00)"]. */
export function describeEntries(entries: readonly PeekEntry[]): string[] {
  return entries.map((e) => `v${e.version}: ${e.ops.map(describeOp).join(', ')}`);
}

/**
 * Sends `push` until the log acknowledges it (lesson 20's requestUntilAnswered), and calls
 * `onAck` the moment the reply arrives, before anything else runs.
 */
export async function pushUntilAcked(p: SimProcess, push: LogPushRequest, onAck: () => void): Promise<void> {
  await requestUntilAnswered<void>(p, LOG, ENDPOINTS.push, push);
  onAck();
}

/** Peeks until the log answers (it may be down or recovering). */
export function peekUntilAnswered(p: SimProcess, tag: Tag, from: number): Promise<PeekReply> {
  return requestUntilAnswered<PeekReply>(p, LOG, ENDPOINTS.peek, { tag, from });
}

/** Pops until the log answers. */
export function popUntilAnswered(p: SimProcess, tag: Tag, upTo: number): Promise<void> {
  return requestUntilAnswered<void>(p, LOG, ENDPOINTS.pop, { tag, upTo });
}

/** Adds the log process to `world`, serving the history's tags with small segments. */
export function addLog(world: SimWorld, history: History, segmentBytes = 300): SimProcess {
  return world.addProcess(LOG, transactionLog({ tags: history.tags, dir: LOG_DIR, segmentBytes }));
}

/** Checks one peek reply against the history: exactly the tag's versions in [from, end), and an end the history explains. */
export function expectReplyMatches(history: History, tag: Tag, from: number, reply: PeekReply, where: string): void {
  const versions = [0, ...history.pushes.map((p) => p.version)];
  const held = reply.end - 1;
  expect(
    versions.includes(held),
    `${where}: peek(tag ${tag}, from ${from}) says the log holds every version below end ${reply.end}, but ${held} is no version of the history`,
  ).toBe(true);
  expect(
    describeEntries(reply.entries),
    `${where}: peek(tag ${tag}, from ${from}) with end ${reply.end} must return exactly the tag's versions in [from, end), in order, with their ops`,
  ).toEqual(describeEntries(expectedEntries(history, tag, from, reply.end)));
}
