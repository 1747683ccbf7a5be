/**
 * Lesson 20: the sequencer (FoundationDB's master), the one role that hands out commit versions.
 *
 * A commit version is a point in time: versions advance with the virtual clock, about
 * VERSIONS_PER_SECOND (a million) a second, and each is strictly above the one before. Every
 * reply also carries `prevVersion`, the version handed out just before it (0 for the first), so
 * the resolver and the logs, which see versions from several commit proxies in any order, can
 * take them in exactly the order they were handed out.
 *
 * Each commit proxy numbers its requests 1, 2, 3, ... The sequencer answers one proxy's requests
 * in that order (request n waits until n - 1 was answered), and remembers its answers for a
 * while: a request sent again, because its reply was lost, gets the same answer, never a second
 * version. A version handed out twice, or handed out and then dropped, would leave a hole or a
 * fork in the chain every log follows.
 *
 * The sequencer also keeps the live committed version: the newest version a commit proxy has
 * reported as durable on every log. GRV proxies read it to give transactions their read versions.
 */
import { SECOND } from '@ferris/18-simulator/clock.ts';
import type { Boot, SimProcess } from '@ferris/19-faults/process.ts';
import { AnswerForgotten } from './errors.ts';
import { NotImplemented } from '@support/not-implemented.ts';
import {
  ENDPOINTS,
  type CommitVersionReply,
  type GetCommitVersionRequest,
  type ReportCommittedRequest,
  type VersionReply,
} from './protocol.ts';
import { NotifiedVersion } from './waiting.ts';

/** FoundationDB's VERSIONS_PER_SECOND: commit versions advance about this much each second. */
export const VERSIONS_PER_SECOND = 1_000_000;
/** The most one new version may jump ahead (FoundationDB's MAX_READ_TRANSACTION_LIFE_VERSIONS). */
export const MAX_VERSION_ADVANCE = 5 * VERSIONS_PER_SECOND;
/** How far back, in versions, the sequencer remembers its answers for resent requests. */
export const REPLY_MEMORY_VERSIONS = MAX_VERSION_ADVANCE;

/** What the sequencer knows about one commit proxy's requests. */
interface ProxyRequests {
  /** The highest request number answered so far. */
  readonly answered: NotifiedVersion;
  /** Recent answers by request number, oldest first. */
  readonly replies: Map<number, CommitVersionReply>;
}

export class Sequencer {
  private version = 0;
  private lastVersionTime: number;
  private liveCommitted = 0;
  private readonly proxies = new Map<string, ProxyRequests>();

  constructor(private readonly p: SimProcess) {
    this.lastVersionTime = p.now;
  }

  /** The newest version reported committed (0 before any). */
  get liveCommittedVersion(): number {
    return this.liveCommitted;
  }

  /**
   * The commit version for request `requestNum` of `proxy`: waits until that proxy's request
   * `requestNum - 1` was answered; answers a request seen before with the same reply; otherwise
   * hands out the next version (nextVersion) and remembers the reply.
   */
  async getCommitVersion(request: GetCommitVersionRequest): Promise<CommitVersionReply> {
    // TODO: find this proxy's record (proxyRequests) and wait until its request requestNum - 1 was
    // answered (proxy.answered.whenAtLeast(this.p, ...)): one proxy's requests go in their order.
    // A request number with a remembered reply gets that same reply again. One that was answered
    // but is no longer remembered is an AnswerForgotten. Otherwise take nextVersion(), remember
    // it under the request number, forgetOldReplies(proxy), and only then mark the request answered
    // (proxy.answered.set(requestNum)), which lets the proxy's next request go.
    throw new NotImplemented('20-sequencer', 'Sequencer.getCommitVersion()');
  }

  /**
   * The next commit version and the one before it. It moves ahead by the virtual time since the
   * last one, in versions (a million a second), at least 1 and at most MAX_VERSION_ADVANCE.
   */
  nextVersion(): CommitVersionReply {
    // TODO: the version moves ahead by the microseconds since lastVersionTime, in versions
    // (VERSIONS_PER_SECOND per SECOND), at least 1 and at most MAX_VERSION_ADVANCE. Return the
    // version before the move as prevVersion, and remember when this version was made.
    throw new NotImplemented('20-sequencer', 'Sequencer.nextVersion()');
  }

  /** A commit proxy made `version` durable on every log: the live committed version rises to it. */
  reportCommitted(request: ReportCommittedRequest): void {
    // TODO: raise the live committed version to request.version. Reports from several proxies
    // arrive in any order: it never goes down.
    throw new NotImplemented('20-sequencer', 'Sequencer.reportCommitted()');
  }

  private proxyRequests(proxy: string): ProxyRequests {
    let known = this.proxies.get(proxy);
    if (!known) {
      known = { answered: new NotifiedVersion(`requests answered for ${proxy}`), replies: new Map() };
      this.proxies.set(proxy, known);
    }
    return known;
  }

  private forgetOldReplies(proxy: ProxyRequests): void {
    for (const [requestNum, reply] of proxy.replies) {
      if (reply.version >= this.version - REPLY_MEMORY_VERSIONS) break;
      proxy.replies.delete(requestNum);
    }
  }
}

/** The sequencer role: boots a fresh Sequencer on `p` and serves its three endpoints. */
export function sequencer(): Boot {
  return (p) => {
    const role = new Sequencer(p);
    p.handle(ENDPOINTS.getCommitVersion, (payload) => role.getCommitVersion(payload as GetCommitVersionRequest));
    p.handle(ENDPOINTS.reportCommitted, (payload) => role.reportCommitted(payload as ReportCommittedRequest));
    p.handle(ENDPOINTS.getLiveCommittedVersion, (): VersionReply => ({ version: role.liveCommittedVersion }));
  };
}
