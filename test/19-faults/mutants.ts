import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  // Kill and reboot.
  {
    name: 'a kill lets a sleeping task of the dead process run once more (its wake is not dropped)',
    file: 'process.ts',
    find: 'resolve: (value) => {\n          if (this.isCurrent(incarnation)) wake.resolve(value);\n        },',
    replace: 'resolve: (value) => wake.resolve(value),',
  },
  {
    name: 'a task spawned just before a kill still starts after it',
    file: 'process.ts',
    find: '      if (!this.isCurrent(incarnation)) return;\n      await fn();',
    replace: '      await fn();',
  },
  {
    name: 'a reboot keeps unsynced bytes (the kill does not crash the disk)',
    file: 'world.ts',
    find: '    process.simDisk.crash();\n',
    replace: '',
  },
  {
    name: 'a request to a dead process is sent anyway (and the caller waits forever)',
    file: 'world.ts',
    find: 'return target !== undefined && target.alive && !this.connection(from, to).cut;',
    replace: 'return target !== undefined && !this.connection(from, to).cut;',
  },
  // How requests fail.
  {
    name: 'a request in flight when the peer dies fails with broken_promise (as if it certainly did not run)',
    file: 'world.ts',
    find: '        new RequestMaybeDelivered(',
    replace: '        new BrokenPromise(',
  },
  {
    name: 'a broken connection still delivers what was in flight on it',
    file: 'world.ts',
    find: '        if (connection.epoch === epoch) onArrival();',
    replace: '        void epoch;\n        onArrival();',
  },
  // The connection's order and clogging.
  {
    name: 'messages on one connection can overtake each other (no floor at the previous arrival)',
    file: 'world.ts',
    find: '    at = Math.max(at, connection.lastArrival);\n',
    replace: '',
  },
  {
    name: 'a clog between two processes holds only the first direction',
    file: 'world.ts',
    find: "this.sim.note('clog', `${a}${options.oneWay ? '->' : '<->'}${b}`, `${micros}`);\n    const directions: Array<[string, string]> = options.oneWay\n      ? [[a, b]]\n      : [\n          [a, b],\n          [b, a],\n        ];",
    replace:
      "this.sim.note('clog', `${a}${options.oneWay ? '->' : '<->'}${b}`, `${micros}`);\n    const directions: Array<[string, string]> = [[a, b]];",
  },
  // Partitions.
  {
    name: 'a partition is one-way only',
    file: 'world.ts',
    find: "this.sim.note('partition', `${a}${options.oneWay ? '->' : '<->'}${b}`);\n    const directions: Array<[string, string]> = options.oneWay\n      ? [[a, b]]\n      : [\n          [a, b],\n          [b, a],\n        ];",
    replace:
      "this.sim.note('partition', `${a}${options.oneWay ? '->' : '<->'}${b}`);\n    const directions: Array<[string, string]> = [[a, b]];",
  },
  {
    name: 'a one-way partition cuts both directions',
    file: 'world.ts',
    find: "this.sim.note('partition', `${a}${options.oneWay ? '->' : '<->'}${b}`);\n    const directions: Array<[string, string]> = options.oneWay\n      ? [[a, b]]\n      : [\n          [a, b],\n          [b, a],\n        ];",
    replace:
      "this.sim.note('partition', `${a}${options.oneWay ? '->' : '<->'}${b}`);\n    const directions: Array<[string, string]> = [\n          [a, b],\n          [b, a],\n        ];",
  },
  {
    name: 'heal forgets the second direction',
    file: 'world.ts',
    find: '    this.connection(b, a).cut = false;\n',
    replace: '',
  },
  // Slow disks.
  {
    name: 'slowDisk is ignored',
    file: 'world.ts',
    find: '    this.process(address).diskDelay = micros;',
    replace: '    void address;',
  },
  // BUGGIFY.
  {
    name: 'BUGGIFY is active outside simulation',
    file: 'buggify.ts',
    find: 'if (!this.simulated || !this.enabled) return false;',
    replace: 'if (!this.enabled) return false;',
  },
  {
    name: 'BUGGIFY draws whether a site is on at every call, not once per run',
    file: 'buggify.ts',
    find: '    if (on === undefined) {\n      on = this.random() < P_BUGGIFIED_SECTION_ACTIVATED;',
    replace: '    {\n      on = this.random() < P_BUGGIFIED_SECTION_ACTIVATED;',
  },
  {
    name: 'a BUGGIFY site that is on fires every time',
    file: 'buggify.ts',
    find: 'return on && this.random() < P_BUGGIFIED_SECTION_FIRES;',
    replace: 'return on;',
  },
  // Found by a later hunt for bugs the tests missed.
  {
    name: 'a kill breaks only the connections from the killed process (what was in flight to it reaches the rebooted one)',
    file: 'world.ts',
    find: '      if (other !== address) this.breakConnection(other, address, `${address} was killed`);\n',
    replace: '',
  },
  {
    name: 'a task spawned before a kill starts if the process was rebooted in the same instant (spawn checks alive, not the incarnation)',
    file: 'process.ts',
    find: '      if (!this.isCurrent(incarnation)) return;\n      await fn();',
    replace: '      if (!this.alive) return;\n      await fn();',
  },
  {
    name: 'after a kill a late reject still wakes a task of the dead incarnation (only resolve is dropped)',
    file: 'process.ts',
    find: '        reject: (error) => {\n          if (this.isCurrent(incarnation)) wake.reject(error);\n        },',
    replace: '        reject: (error) => wake.reject(error),',
  },
  {
    name: 'a broken connection fails every pending request to either of its ends, not only those that use it',
    file: 'world.ts',
    find: '(request.from.address === from && request.to === to) || (request.from.address === to && request.to === from);',
    replace: 'request.to === to || request.to === from;',
  },
  {
    name: 'a message is scheduled at its arrival time as a delay from now (it arrives twice as late as it should)',
    file: 'world.ts',
    find: '    this.sim.schedule(at - this.sim.now, {',
    replace: '    this.sim.schedule(at, {',
  },
  {
    name: 'a one-way clog holds both directions',
    file: 'world.ts',
    find: "this.sim.note('clog', `${a}${options.oneWay ? '->' : '<->'}${b}`, `${micros}`);\n    const directions: Array<[string, string]> = options.oneWay\n      ? [[a, b]]\n      : [\n          [a, b],\n          [b, a],\n        ];",
    replace:
      "this.sim.note('clog', `${a}${options.oneWay ? '->' : '<->'}${b}`, `${micros}`);\n    const directions: Array<[string, string]> = [\n          [a, b],\n          [b, a],\n        ];",
  },
  {
    name: 'a shorter clog ends a longer one early (the clog overwrites cloggedUntil)',
    file: 'world.ts',
    find: '      connection.cloggedUntil = Math.max(connection.cloggedUntil, this.sim.now + micros);',
    replace: '      connection.cloggedUntil = this.sim.now + micros;',
  },
  {
    name: 'a buggified clog ends a longer clog early (it overwrites cloggedUntil)',
    file: 'world.ts',
    find: '      connection.cloggedUntil = Math.max(\n        connection.cloggedUntil,\n        this.sim.now + randomInt(this.sim.random, MAX_BUGGIFIED_CLOG),\n      );',
    replace: '      connection.cloggedUntil = this.sim.now + randomInt(this.sim.random, MAX_BUGGIFIED_CLOG);',
  },
  {
    name: 'clog accepts a negative or fractional duration',
    file: 'world.ts',
    find: '    if (!Number.isSafeInteger(micros) || micros < 0)\n      throw new RangeError(`clog(${a}, ${b}, ${micros}): a whole number of microseconds, 0 or more.`);\n',
    replace: '',
  },
  {
    name: 'partition accepts an address no process has',
    file: 'world.ts',
    find: '    this.process(a);\n    this.process(b);\n',
    replace: '',
  },
  {
    name: 'a BUGGIFY site that is switched on fires on its first call without the second draw',
    file: 'buggify.ts',
    find: '      this.sites.set(site, on);\n    }',
    replace: '      this.sites.set(site, on);\n      return on;\n    }',
  },
  // ---- added by the bug hunt: the given request and slowDisk (partition.test.ts) ----
  {
    name: 'a request is sent when only its reply direction is cut (the peer runs it, and the caller waits forever)',
    file: 'world.ts',
    find: 'if (!this.canSend(from.address, to) || this.connection(to, from.address).cut) {',
    replace: 'if (!this.canSend(from.address, to)) {',
  },
  {
    name: 'slowDisk accepts a negative delay',
    file: 'world.ts',
    find: `    if (!Number.isSafeInteger(micros) || micros < 0)
      throw new RangeError(\`slowDisk(`,
    replace: `    if (!Number.isSafeInteger(micros))
      throw new RangeError(\`slowDisk(`,
  },
  {
    name: 'a one-way message is sent across a cut or to a dead process',
    file: 'world.ts',
    find: `    if (!this.canSend(from.address, to)) return;
    this.transmit(from.address, to, \`message \${endpoint}\``,
    replace: `    this.transmit(from.address, to, \`message \${endpoint}\``,
  },
];
