/**
 * Lesson 20: the GRV proxy, which gives transactions their read versions.
 *
 * The promise a read version keeps is external consistency: a transaction that starts after
 * another's commit was acknowledged sees that commit. A commit is acknowledged only after its
 * commit proxy reported the version to the sequencer, so the sequencer's live committed version
 * is at least every acknowledged commit version. The GRV proxy therefore asks the sequencer for
 * it on behalf of each request that arrives.
 *
 * Many requests arrive at once, so it batches them, as FoundationDB's GRV proxy does: requests
 * that arrive while an ask is under way wait for the next ask, and one answer serves them all.
 * What it must never do is answer from a version it heard earlier: a commit may have been
 * acknowledged since, and the reader would not see it. A request may join an ask that starts
 * after it arrived, never one that started before.
 */
import type { Boot, SimProcess } from '@ferris/19-faults/process.ts';
import { ENDPOINTS, type ClusterLayout, type VersionReply } from './protocol.ts';
import { requestUntilAnswered } from './retry.ts';
import { Deferred } from './waiting.ts';

export class GrvProxy {
  /** Requests that wait for the next ask to the sequencer. */
  private waiting: Deferred<VersionReply>[] = [];
  private asking = false;
  private asks = 0;

  constructor(
    private readonly p: SimProcess,
    private readonly sequencer: string,
  ) {}

  /** How many times this proxy asked the sequencer (fewer than requests when they batch). */
  get askCount(): number {
    return this.asks;
  }

  /** A read version: waits for the next ask to the sequencer that starts after this request arrived. */
  getReadVersion(): Promise<VersionReply> {
    const reply = new Deferred<VersionReply>('a read version');
    this.waiting.push(reply);
    if (!this.asking) {
      this.asking = true;
      this.p.spawn('ask-sequencer', () => this.askLoop());
    }
    return reply.wait(this.p);
  }

  /** Asks the sequencer for everyone waiting, again and again while requests keep coming. */
  private async askLoop(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0);
      this.asks++;
      const live = await requestUntilAnswered<VersionReply>(
        this.p,
        this.sequencer,
        ENDPOINTS.getLiveCommittedVersion,
        {},
      );
      for (const reply of batch) reply.resolve({ version: live.version });
    }
    this.asking = false;
  }
}

/** The GRV proxy role for the cluster `layout`. */
export function grvProxy(layout: ClusterLayout): Boot {
  return (p) => {
    const role = new GrvProxy(p, layout.sequencer);
    p.handle(ENDPOINTS.getReadVersion, () => role.getReadVersion());
  };
}
