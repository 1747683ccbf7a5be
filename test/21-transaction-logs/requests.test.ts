/**
 * Lesson 21, requests that do not fit: each is refused with an error that says why.
 *
 * - "a push that does not fit the chain ...": a log that takes a version whose predecessor it
 *   does not hold, or acknowledges a "repeat" that names another predecessor;
 * - "a repeat of a held version is acknowledged ...": a log that refuses repeats;
 * - "requests for tags the log does not serve ...": a log that accepts any tag.
 */
import { describe, expect, it } from 'vitest';
import type { SimProcess } from '@ferris/19-faults/process.ts';
import { ENDPOINTS, type LogPushRequest } from '@ferris/20-sequencer/protocol.ts';
import { UnknownTagError, VersionChainError, BadLogRequestError } from '@ferris/21-transaction-logs/errors.ts';
import { addLog, LOG, runUntil, newWorld, pushUntilAcked, type History } from './helpers.ts';

const history: History = {
  tags: [7],
  pushes: [
    {
      prevVersion: 0,
      version: 5,
      messages: [{ tag: 7, ops: [{ kind: 'set', key: new Uint8Array([1]), value: new Uint8Array(0) }] }],
    },
    { prevVersion: 5, version: 9, messages: [] },
  ],
};

/** What each request ends with after the history is pushed: 'ok' or the error's class name. */
async function outcomes(requests: ReadonlyArray<readonly [string, unknown]>): Promise<string[]> {
  const { sim, world } = newWorld(21);
  addLog(world, history);
  const seen: string[] = [];
  world.addProcess('proxy', (p: SimProcess) => {
    p.spawn('client', async () => {
      for (const push of history.pushes) await pushUntilAcked(p, push, () => {});
      for (const [endpoint, payload] of requests) {
        try {
          await p.request(LOG, endpoint, payload);
          seen.push('ok');
        } catch (error) {
          seen.push((error as Error).name);
        }
      }
    });
  });
  await runUntil(sim);
  return seen;
}

const push = (prevVersion: number, version: number, messages: LogPushRequest['messages'] = []) =>
  [ENDPOINTS.push, { prevVersion, version, messages }] as const;

describe('requests that do not fit', () => {
  it('a push that does not fit the chain is refused with VersionChainError', async () => {
    expect(
      await outcomes([push(5, 7), push(3, 9), push(0, 7), push(5, 12), push(0, 3), push(9, 10), push(5, 9)]),
      'a version between two held ones, a held version after another predecessor, a version the log skipped, a new version after one that is not the last, a version below the first one: refused; the next version and a true repeat: acknowledged',
    ).toEqual([
      VersionChainError.name,
      VersionChainError.name,
      VersionChainError.name,
      VersionChainError.name,
      VersionChainError.name,
      'ok',
      'ok',
    ]);
  });

  it('a repeat of a held version is acknowledged again, and a malformed push is refused with BadLogRequestError', async () => {
    expect(
      await outcomes([
        push(0, 5),
        push(9, 9),
        push(9, -1),
        push(9, 10.5),
        [ENDPOINTS.pop, { tag: 7, upTo: 9 }],
        push(0, 5),
      ]),
      'a repeat is acknowledged, also after every tag popped it; a version not above its predecessor, or not a whole number, is malformed',
    ).toEqual(['ok', BadLogRequestError.name, BadLogRequestError.name, BadLogRequestError.name, 'ok', 'ok']);
  });

  it('requests for tags the log does not serve are refused with UnknownTagError', async () => {
    const set = { kind: 'set', key: new Uint8Array(0), value: new Uint8Array(0) } as const;
    expect(
      await outcomes([
        push(9, 12, [{ tag: 8, ops: [set] }]),
        [ENDPOINTS.peek, { tag: 8, from: 0 }],
        [ENDPOINTS.pop, { tag: 8, upTo: 5 }],
        push(9, 12, [{ tag: 7, ops: [set] }]),
      ]),
      'push, peek and pop of tag 8 (the log serves 7) are refused; a push for tag 7 is taken',
    ).toEqual([UnknownTagError.name, UnknownTagError.name, UnknownTagError.name, 'ok']);
  });
});
