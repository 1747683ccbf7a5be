import type { Mutant } from '../mutant.ts';

export const mutants: Mutant[] = [
  // The event queue.
  {
    name: 'equal times leave the queue in no particular order (the heap compares times only)',
    file: 'event-queue.ts',
    find: 'return a.time < b.time || (a.time === b.time && a.seq < b.seq);',
    replace: 'return a.time < b.time;',
  },
  {
    name: 'equal times leave the queue newest first (the tie-break is reversed)',
    file: 'event-queue.ts',
    find: 'return a.time < b.time || (a.time === b.time && a.seq < b.seq);',
    replace: 'return a.time < b.time || (a.time === b.time && a.seq > b.seq);',
  },
  {
    name: 'equal times ordered by what the event carries instead of the sequence (like iterating a Set of tasks)',
    file: 'event-queue.ts',
    find: 'return a.time < b.time || (a.time === b.time && a.seq < b.seq);',
    replace: 'return a.time < b.time || (a.time === b.time && String(a.item) < String(b.item));',
  },
  {
    name: 'sift-down looks at the left child only',
    file: 'event-queue.ts',
    find: '      if (right < heap.length && before(heap[right]!, heap[first]!)) first = right;\n',
    replace: '',
  },
  {
    name: 'sift-down moves to the first child that beats the parent, not the smaller child',
    file: 'event-queue.ts',
    find: 'if (right < heap.length && before(heap[right]!, heap[first]!)) first = right;',
    replace: 'if (first === i && right < heap.length && before(heap[right]!, heap[i]!)) first = right;',
  },
  {
    name: 'sift-up uses the wrong parent index (i >> 1)',
    file: 'event-queue.ts',
    find: 'const parent = (i - 1) >> 1;',
    replace: 'const parent = i >> 1;',
  },
  {
    name: 'pop forgets to sift the moved last event down',
    file: 'event-queue.ts',
    find: '      this.siftDown(0);\n',
    replace: '',
  },
  // The clock.
  {
    name: 'the clock can move back (advanceTo accepts an earlier time)',
    file: 'clock.ts',
    find: '    if (time < this.current) throw new TimeWentBackwards(this.current, time);\n',
    replace: '',
  },
  {
    name: 'the clock refuses to stay at the same time (two events at one time fail)',
    file: 'clock.ts',
    find: 'if (time < this.current) throw new TimeWentBackwards(this.current, time);',
    replace: 'if (time <= this.current && time !== 0) throw new TimeWentBackwards(this.current, time);',
  },
  // The scheduler.
  {
    name: 'a timer fires one tick early',
    file: 'simulator.ts',
    find: "this.schedule(micros, { kind: 'wake', name, detail: '', action: () => wake.resolve() }),",
    replace:
      "this.schedule(Math.max(0, micros - 1), { kind: 'wake', name, detail: '', action: () => wake.resolve() }),",
  },
  {
    name: 'schedule forgets to add the current time (a delay is taken as an absolute time)',
    file: 'simulator.ts',
    find: 'this.queue.push(this.clock.now + delay, event);',
    replace: 'this.queue.push(delay, event);',
  },
  {
    name: 'the run loop yields to the microtask queue once per event instead of until the task waits again',
    file: 'simulator.ts',
    find: '    while (this.current !== null) {\n      if (++turns',
    replace: '    if (this.current !== null) {\n      if (++turns',
  },
  {
    name: 'the run loop goes on after a task failed (the failure is only reported at the end)',
    file: 'simulator.ts',
    find: '        if (this.failure) throw this.failure;\n        events++;',
    replace: '        events++;',
  },
  {
    name: 'the run restores the real globals only when it succeeds (not in a finally)',
    file: 'simulator.ts',
    find: '      return { seed: this.seed, traceHash: this.hash.hex(), events, now: this.clock.now };\n    } finally {\n      restore();\n    }',
    replace:
      '      restore();\n      return { seed: this.seed, traceHash: this.hash.hex(), events, now: this.clock.now };\n    } catch (error) {\n      throw error;\n    }',
  },
  {
    name: 'the run never switches the real world off',
    file: 'simulator.ts',
    find: '    const restore = forbidRealWorld();\n    try {',
    replace: '    let restore = () => {};\n    try {',
  },
  {
    name: 'the trace leaves out the virtual time of each event',
    file: 'simulator.ts',
    find: 'this.record({ time: next.time, seq: next.seq, kind, name, detail });',
    replace: 'this.record({ time: 0, seq: next.seq, kind, name, detail });',
  },
  {
    name: 'the trace leaves out the name of each event',
    file: 'simulator.ts',
    find: 'this.record({ time: next.time, seq: next.seq, kind, name, detail });',
    replace: "this.record({ time: next.time, seq: next.seq, kind, name: '', detail });",
  },
  {
    name: 'until stops before an event exactly at the limit',
    file: 'simulator.ts',
    find: 'next.time > options.until',
    replace: 'next.time >= options.until',
  },
  {
    name: 'maxEvents lets one event too many run',
    file: 'simulator.ts',
    find: 'while (!this.stopped && events < maxEvents) {',
    replace: 'while (!this.stopped && events <= maxEvents) {',
  },
  {
    name: 'run pops the next event before checking until, so the first event past the limit is lost',
    file: 'simulator.ts',
    find: '        const next = this.queue.peek();\n        if (next === undefined || (options.until !== undefined && next.time > options.until)) break;\n        this.queue.pop();',
    replace:
      '        const next = this.queue.pop();\n        if (next === undefined || (options.until !== undefined && next.time > options.until)) break;',
  },
  {
    name: 'the run loop ignores stop()',
    file: 'simulator.ts',
    find: 'while (!this.stopped && events < maxEvents) {',
    replace: 'while (events < maxEvents) {',
  },
  {
    name: 'run never clears stop(), so every run after a stop ends at once',
    file: 'simulator.ts',
    find: '      this.stopped = false;\n',
    replace: '',
  },
  {
    name: 'a wake event is traced without the name of the task it wakes',
    file: 'simulator.ts',
    find: "kind: 'wake', name, detail",
    replace: "kind: 'wake', name: '', detail",
  },
  {
    name: 'the run records an event after running its action',
    file: 'simulator.ts',
    find: '        this.record({ time: next.time, seq: next.seq, kind, name, detail });\n        this.act(name, action);',
    replace:
      '        this.act(name, action);\n        this.record({ time: next.time, seq: next.seq, kind, name, detail });',
  },
  {
    name: 'the run forgets to remember the current event sequence for note()',
    file: 'simulator.ts',
    find: '        this.currentSeq = next.seq;\n',
    replace: '',
  },
  {
    name: "the run loop calls an event's action directly instead of through act()",
    file: 'simulator.ts',
    find: '        this.act(name, action);',
    replace: '        action();',
  },
];
