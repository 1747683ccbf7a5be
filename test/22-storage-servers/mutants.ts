import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  // Reads.
  {
    name: 'a read is answered at the newest version the server has, whatever version it asked for',
    file: 'reads.ts',
    find: 'const value = await store.get(request.key, request.version);',
    replace: 'const value = await store.get(request.key, store.latestVersion);',
  },
  {
    name: 'a read above the server’s version is answered at once, at the newest version it has (stale data)',
    file: 'reads.ts',
    find: '  await waitForVersion(p, store, request.version);\n  const value = await store.get(request.key, request.version);',
    replace: '  const value = await store.get(request.key, Math.min(request.version, store.latestVersion));',
  },
  {
    name: 'a read above the server’s version throws future_version at once, without waiting',
    file: 'reads.ts',
    find: 'const deadline = p.now + FUTURE_VERSION_DELAY;',
    replace: 'const deadline = p.now;',
  },
  {
    name: 'a waiting read checks its deadline with > instead of >=, so at the deadline it sleeps 0 again and again and time stops',
    file: 'reads.ts',
    find: 'if (p.now >= deadline) {',
    replace: 'if (p.now > deadline) {',
  },
  {
    name: 'a range read with limit 0 returns nothing (lesson 14’s meaning) instead of everything (the wire’s)',
    file: 'reads.ts',
    find: 'request.limit === 0 ? { reverse: request.reverse } : { limit: request.limit, reverse: request.reverse }',
    replace: '{ limit: request.limit, reverse: request.reverse }',
  },
  // Applying the logs.
  {
    name: 'the server moves its version to `end` instead of `end - 1` (it claims a version the log does not hold)',
    file: 'apply.ts',
    find: 'const complete = reply.end - 1;',
    replace: 'const complete = reply.end;',
  },
  {
    name: 'the server moves its version only with versions that carry ops for it',
    file: 'apply.ts',
    find: '  if (complete > store.latestVersion) store.apply(complete, []);\n',
    replace: '  void complete;\n',
  },
  {
    name: 'atomic operations are applied to the oldest version the store keeps, not its latest',
    file: 'apply.ts',
    find: 'new BatchState((key) => store.get(key, store.latestVersion))',
    replace: 'new BatchState((key) => store.get(key, store.oldestVersion))',
  },
  {
    name: 'each op of a version is applied on its own, so an atomic operation misses the ops before it in the same version',
    file: 'apply.ts',
    find: '  store.apply(version, await materialize(ops, NO_STAMP, state));',
    replace:
      '  void state;\n  const mutations = [];\n  for (const op of ops)\n    mutations.push(...(await materialize([op], NO_STAMP, new BatchState((key) => store.get(key, store.latestVersion)))));\n  store.apply(version, mutations);',
  },
  // Pulling.
  {
    name: 'after a reboot the server pulls from version 1 again instead of after its durable version',
    file: 'pull.ts',
    find: 'let from = store.latestVersion + 1;',
    replace: 'let from = 1;',
  },
  {
    name: 'the next peek starts at the reply’s `end`, so after moving to a log behind the one it left the server asks again for versions it has',
    file: 'apply.ts',
    find: 'return store.latestVersion + 1;',
    replace: 'return reply.end;',
  },
  {
    name: 'the pull loop catches every error and moves on to the next log, so a bug is retried forever instead of reported',
    file: 'pull.ts',
    find: '      if (!(error instanceof FdbError)) throw error;\n',
    replace: '',
  },
  {
    name: 'a server whose log does not answer keeps asking the same log',
    file: 'pull.ts',
    find: '      at = (at + 1) % config.logs.length;\n',
    replace: '',
  },
  // Durability and pops.
  {
    name: 'the server pops the logs up to its latest version, ahead of what it made durable',
    file: 'durability.ts',
    find: 'await popLogs(p, config, store.durableVersion);',
    replace: 'await popLogs(p, config, store.latestVersion);',
  },
  {
    name: 'the server pops the logs first and makes the versions durable afterwards',
    file: 'durability.ts',
    find: '  if (store.oldestVersion > store.durableVersion) await store.makeDurable(store.oldestVersion);\n  await popLogs(p, config, store.durableVersion);',
    replace:
      '  const target = Math.max(store.oldestVersion, store.durableVersion);\n  await popLogs(p, config, target);\n  if (target > store.durableVersion) await store.makeDurable(target);',
  },
  {
    name: 'the pops of all logs share one try, so the first log that does not answer stops the pops of the logs after it',
    file: 'durability.ts',
    find: `  for (const log of config.logs) {
    try {
      await p.request(log, ENDPOINTS.pop, pop);
    } catch (error) {
      if (!(error instanceof FdbError)) throw error;
    }
  }`,
    replace: `  try {
    for (const log of config.logs) await p.request(log, ENDPOINTS.pop, pop);
  } catch (error) {
    if (!(error instanceof FdbError)) throw error;
  }`,
  },
  {
    name: 'popLogs skips a log whatever the error, so a bug in the pops is never reported',
    file: 'durability.ts',
    find: '      if (!(error instanceof FdbError)) throw error;\n',
    replace: '',
  },
  {
    name: 'the server pops the logs only in a round that made something new durable, so a log that missed a pop is never popped again',
    file: 'durability.ts',
    find: '  if (store.oldestVersion > store.durableVersion) await store.makeDurable(store.oldestVersion);\n  await popLogs(p, config, store.durableVersion);',
    replace:
      '  if (store.oldestVersion > store.durableVersion) {\n    await store.makeDurable(store.oldestVersion);\n    await popLogs(p, config, store.durableVersion);\n  }',
  },
];
