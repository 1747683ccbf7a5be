/**
 * Lesson 20: lesson 16's Resolver as a role of the cluster.
 *
 * Batches reach the resolver from several commit proxies, each at its own pace over its own
 * connection, so they arrive in any order. The resolver's rule only holds if it decides them in
 * version order: a batch's verdicts depend on the write ranges of every batch before it. Each
 * request carries `prevVersion`, the version handed out just before its own, so the role waits
 * until it has resolved exactly that version, then resolves this one. The chain of prevVersions
 * is the order; nothing else is needed.
 *
 * A commit proxy that lost a reply sends the same request again, and must get the same verdicts:
 * resolving a batch twice would see its own writes as conflicts. So the role remembers its
 * answers for REPLY_MEMORY_VERSIONS, as the sequencer does.
 */
import { Resolver, type ResolverOptions, type ResolverTransaction } from '@ferris/16-transactions/resolver.ts';
import type { Boot, SimProcess } from '@ferris/19-faults/process.ts';
import { AnswerForgotten } from './errors.ts';
import { ENDPOINTS, type ResolveReply, type ResolveRequest } from './protocol.ts';
import { REPLY_MEMORY_VERSIONS } from './sequencer.ts';
import { NotifiedVersion } from './waiting.ts';

export class ResolverRole {
  /** The newest version resolved: the next batch to resolve has this as its prevVersion. */
  private readonly resolved = new NotifiedVersion('resolved version');
  /** Recent answers by version, oldest first. */
  private readonly answers = new Map<number, ResolveReply>();

  constructor(
    private readonly p: SimProcess,
    readonly resolver: Resolver,
  ) {}

  /**
   * The verdicts of one batch: waits until `prevVersion` is resolved; answers a version resolved
   * before with the same reply; otherwise resolves the batch (on copies of its ranges, which the
   * resolver keeps), remembers the answer, and lets the next batch go.
   */
  async resolve(request: ResolveRequest): Promise<ResolveReply> {
    await this.resolved.whenAtLeast(this.p, request.prevVersion);
    const known = this.answers.get(request.version);
    if (known) return known;
    if (this.resolved.get() !== request.prevVersion) {
      throw new AnswerForgotten('resolver', `the batch at version ${request.version}`);
    }
    const verdicts = this.resolver.resolveBatch(request.version, request.transactions.map(copyTransaction));
    const reply: ResolveReply = { verdicts };
    this.answers.set(request.version, reply);
    this.forgetOldAnswers(request.version);
    this.resolved.set(request.version);
    return reply;
  }

  private forgetOldAnswers(newest: number): void {
    for (const version of this.answers.keys()) {
      if (version >= newest - REPLY_MEMORY_VERSIONS) break;
      this.answers.delete(version);
    }
  }
}

/** A transaction whose ranges are the resolver's own: the sender may reuse its buffers. */
function copyTransaction(tr: ResolverTransaction): ResolverTransaction {
  const copy = (r: { begin: Uint8Array; end: Uint8Array }) => ({ begin: r.begin.slice(), end: r.end.slice() });
  return { readVersion: tr.readVersion, readRanges: tr.readRanges.map(copy), writeRanges: tr.writeRanges.map(copy) };
}

/** The resolver role: a fresh lesson 16 Resolver (with `options`) behind the resolve endpoint. */
export function resolverRole(options: ResolverOptions = {}): Boot {
  return (p) => {
    const role = new ResolverRole(p, new Resolver(options));
    p.handle(ENDPOINTS.resolve, (payload) => role.resolve(payload as ResolveRequest));
  };
}
