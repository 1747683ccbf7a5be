import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  // The sequencer: versions.
  {
    name: 'versions count up by one whatever the clock says',
    file: 'sequencer.ts',
    find: 'this.version += Math.max(1, Math.min(MAX_VERSION_ADVANCE, elapsed));',
    replace: 'this.version += 1;',
  },
  {
    name: 'a version repeats when no virtual time passed since the last one',
    file: 'sequencer.ts',
    find: 'this.version += Math.max(1, Math.min(MAX_VERSION_ADVANCE, elapsed));',
    replace: 'this.version += Math.min(MAX_VERSION_ADVANCE, elapsed);',
  },
  {
    name: 'a version may jump ahead without the MAX_VERSION_ADVANCE cap',
    file: 'sequencer.ts',
    find: 'this.version += Math.max(1, Math.min(MAX_VERSION_ADVANCE, elapsed));',
    replace: 'this.version += Math.max(1, elapsed);',
  },
  {
    name: 'versions measure time from the boot, not from the last version',
    file: 'sequencer.ts',
    find: '    this.lastVersionTime = now;\n',
    replace: '',
  },
  {
    name: 'prevVersion is taken to be the version minus one',
    file: 'sequencer.ts',
    find: 'return { prevVersion, version: this.version };',
    replace: 'void prevVersion;\n    return { prevVersion: this.version - 1, version: this.version };',
  },
  // The sequencer: resends, order, live committed version.
  {
    name: 'a resent request gets a new version',
    file: 'sequencer.ts',
    find: "    const known = proxy.replies.get(request.requestNum);\n    if (known) return known;\n    if (request.requestNum <= proxy.answered.get()) {\n      throw new AnswerForgotten('sequencer', `request ${request.requestNum} of ${request.proxy}`);\n    }\n",
    replace: '',
  },
  {
    name: "the sequencer remembers only its latest answer for a proxy's resends",
    file: 'sequencer.ts',
    find: 'if (reply.version >= this.version - REPLY_MEMORY_VERSIONS) break;',
    replace: 'if (reply.version >= this.version) break;',
  },
  {
    name: 'a resend whose answer was forgotten gets a fresh version instead of AnswerForgotten',
    file: 'sequencer.ts',
    find: "    if (request.requestNum <= proxy.answered.get()) {\n      throw new AnswerForgotten('sequencer', `request ${request.requestNum} of ${request.proxy}`);\n    }\n",
    replace: '',
  },
  {
    name: "one proxy's requests are answered in the order they arrive, not by request number",
    file: 'sequencer.ts',
    find: '    await proxy.answered.whenAtLeast(this.p, request.requestNum - 1);\n',
    replace: '',
  },
  {
    name: 'the live committed version is the last version reported, not the highest',
    file: 'sequencer.ts',
    find: 'if (request.version > this.liveCommitted) this.liveCommitted = request.version;',
    replace: 'this.liveCommitted = request.version;',
  },
  // The GRV proxy.
  {
    name: 'a GRV proxy answers from the version it heard less than a millisecond ago (a cache)',
    file: 'grv-proxy.ts',
    find: '      const live = await requestUntilAnswered<VersionReply>(\n        this.p,\n        this.sequencer,\n        ENDPOINTS.getLiveCommittedVersion,\n        {},\n      );',
    replace:
      '      const self = this as unknown as { cache?: { at: number; live: VersionReply } };\n      if (!self.cache || this.p.now - self.cache.at >= 1000) {\n        const fresh = await requestUntilAnswered<VersionReply>(this.p, this.sequencer, ENDPOINTS.getLiveCommittedVersion, {});\n        self.cache = { at: this.p.now, live: fresh };\n      }\n      const live = self.cache.live;',
  },
  {
    name: 'a read version request joins the ask to the sequencer that was already under way',
    file: 'grv-proxy.ts',
    find: 'for (const reply of batch) reply.resolve({ version: live.version });',
    replace: 'for (const reply of [...batch, ...this.waiting.splice(0)]) reply.resolve({ version: live.version });',
  },
  {
    name: 'a GRV proxy answers with the clock when it is ahead, since versions follow the clock',
    file: 'grv-proxy.ts',
    find: 'for (const reply of batch) reply.resolve({ version: live.version });',
    replace: 'for (const reply of batch) reply.resolve({ version: Math.max(live.version, this.p.now) });',
  },
  // The resolver role.
  {
    name: 'the resolver role resolves a batch as soon as it arrives, not after its prevVersion',
    file: 'resolver-role.ts',
    find: "    await this.resolved.whenAtLeast(this.p, request.prevVersion);\n    const known = this.answers.get(request.version);\n    if (known) return known;\n    if (this.resolved.get() !== request.prevVersion) {\n      throw new AnswerForgotten('resolver', `the batch at version ${request.version}`);\n    }\n",
    replace: '    const known = this.answers.get(request.version);\n    if (known) return known;\n',
  },
  {
    name: 'the resolver role resolves a resent batch again',
    file: 'resolver-role.ts',
    find: "    const known = this.answers.get(request.version);\n    if (known) return known;\n    if (this.resolved.get() !== request.prevVersion) {\n      throw new AnswerForgotten('resolver', `the batch at version ${request.version}`);\n    }\n",
    replace: '',
  },
  {
    name: "the resolver role keeps the sender's buffers as its write ranges",
    file: 'resolver-role.ts',
    find: 'request.transactions.map(copyTransaction)',
    replace: 'request.transactions',
  },
  {
    name: 'the resolver role remembers only its latest answer',
    file: 'resolver-role.ts',
    find: 'if (version >= newest - REPLY_MEMORY_VERSIONS) break;',
    replace: 'if (version >= newest) break;',
  },
  {
    name: 'the resolver role resolves a batch again when its answer was forgotten',
    file: 'resolver-role.ts',
    find: "    if (this.resolved.get() !== request.prevVersion) {\n      throw new AnswerForgotten('resolver', `the batch at version ${request.version}`);\n    }\n",
    replace: '',
  },
  // The commit proxy: the commit path.
  {
    name: 'a commit proxy acknowledges before the logs reply (it sends the pushes and moves on)',
    file: 'commit-proxy.ts',
    find: '    await whenAll(\n      p,\n      `push ${versions.version}`,\n      layout.logs.map((log) => () => requestUntilAnswered<void>(p, log, ENDPOINTS.push, push)),\n    );',
    replace:
      '    for (const log of layout.logs)\n      p.spawn(`push to ${log}`, async () => void (await requestUntilAnswered<void>(p, log, ENDPOINTS.push, push)));',
  },
  {
    name: 'a commit proxy pushes to the first log only',
    file: 'commit-proxy.ts',
    find: 'layout.logs.map((log) =>',
    replace: 'layout.logs.slice(0, 1).map((log) =>',
  },
  {
    name: 'a commit proxy pushes only versions that carry writes',
    file: 'commit-proxy.ts',
    find: '    await whenAll(\n      p,',
    replace: '    if (push.messages.length > 0)\n      await whenAll(\n      p,',
  },
  {
    name: 'a commit proxy sends each push once, without retrying it',
    file: 'commit-proxy.ts',
    find: '() => requestUntilAnswered<void>(p, log, ENDPOINTS.push, push)',
    replace: '() => p.request<void>(log, ENDPOINTS.push, push)',
  },
  {
    name: 'a commit proxy sends reportCommitted and replies without waiting for it to be answered',
    file: 'commit-proxy.ts',
    find: '    await requestUntilAnswered<void>(p, layout.sequencer, ENDPOINTS.reportCommitted, { version: versions.version });',
    replace:
      "    p.spawn('report', async () => {\n      await requestUntilAnswered<void>(p, layout.sequencer, ENDPOINTS.reportCommitted, { version: versions.version });\n    });",
  },
  {
    name: 'a commit proxy refuses conflicts as soon as the resolver answers, before the push and the report',
    file: 'commit-proxy.ts',
    find: '    const { verdicts } = await requestUntilAnswered<ResolveReply>(p, layout.resolver, ENDPOINTS.resolve, resolve);\n',
    replace:
      "    const { verdicts } = await requestUntilAnswered<ResolveReply>(p, layout.resolver, ENDPOINTS.resolve, resolve);\n    batch.forEach(({ request, reply }, order) => {\n      const verdict = verdicts[order]!;\n      if (verdict !== 'committed') reply.reject(refusal(verdict, request, versions.version));\n    });\n",
  },
  {
    name: "a committed transaction's reply stamps its place in the batch counted from 1",
    file: 'commit-proxy.ts',
    find: 'stamp: versionstamp(versions.version, order) });',
    replace: 'stamp: versionstamp(versions.version, order + 1) });',
  },
  // The commit proxy: batching.
  {
    name: 'a batch closes only once it holds more than batchCountMax commits',
    file: 'commit-proxy.ts',
    find: 'if (this.open.length >= this.batchCountMax) this.closeBatch();',
    replace: 'if (this.open.length > this.batchCountMax) this.closeBatch();',
  },
  {
    name: 'a batch closes only when its time is up, however full',
    file: 'commit-proxy.ts',
    find: '    if (this.open.length >= this.batchCountMax) this.closeBatch();\n',
    replace: '',
  },
  {
    name: "a batch's timer closes whatever batch is open when it fires",
    file: 'commit-proxy.ts',
    find: 'if (this.open === batch) this.closeBatch();',
    replace: 'if (this.open !== null) this.closeBatch();',
  },
  {
    name: 'an idle commit proxy never closes an empty batch',
    file: 'commit-proxy.ts',
    find: '      else this.closeBatch();',
    replace: '      else this.lastBatchAt = this.p.now;',
  },
  {
    name: 'the empty-batch loop sleeps while the wait is >= 0, so once it is due it sleeps 0 again and again and time stops',
    file: 'commit-proxy.ts',
    find: 'if (wait > 0) await this.p.sleep(wait);',
    replace: 'if (wait >= 0) await this.p.sleep(wait);',
  },
  {
    name: 'the empty-batch loop looks again at once (a sleep of 0) while a batch is open, so time stops',
    file: 'commit-proxy.ts',
    find: 'else if (this.open !== null) await this.p.sleep(Math.max(1, this.batchIntervalMicros));',
    replace: 'else if (this.open !== null) await this.p.sleep(0);',
  },
  // What the logs receive.
  {
    name: 'the versionstamp placed in a write counts only the committed transactions before it',
    file: 'log-push.ts',
    find: "const ops = batch.flatMap((request, order) =>\n    verdicts[order] === 'committed' ? logOps(request.ops, versionstamp(versions.version, order)) : [],\n  );",
    replace:
      "const ops = batch\n    .filter((_, i) => verdicts[i] === 'committed')\n    .flatMap((request, order) => logOps(request.ops, versionstamp(versions.version, order)));",
  },
  {
    name: 'the writes of transactions refused as conflicts are pushed too',
    file: 'log-push.ts',
    find: "verdicts[order] === 'committed' ? logOps",
    replace: "verdicts[order] !== 'too_old' ? logOps",
  },
  {
    name: 'the writes go under the first storage tag only',
    file: 'log-push.ts',
    find: 'tags.map((tag) => ({ tag, ops }))',
    replace: '[{ tag: tags[0]!, ops }]',
  },
  {
    name: 'a push says its prevVersion is the version minus one',
    file: 'log-push.ts',
    find: 'prevVersion: versions.prevVersion,',
    replace: 'prevVersion: versions.version - 1,',
  },
  {
    name: 'a versionstamped write is checked only when its batch commits',
    file: 'commit-proxy.ts',
    find: '    checkVersionstamps(request);\n',
    replace: '',
  },
];
