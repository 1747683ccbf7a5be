/**
 * The learner's loop, end to end through a pseudo-terminal: `npm run lesson` and `npm start`
 * notice every kind of save and run the whole lesson again, and a lesson is recorded as passed
 * only when the whole lesson passed. Catches:
 *
 * - watch mode running only the test files that import the saved file, then recording a pass
 *   while another file of the lesson still fails (the false green);
 * - `npm start` ignoring saves (its watcher knew no modules after the start-up scan);
 * - saves by rename (editors) or by append going unnoticed, and no fallback where file events
 *   are not delivered (FERRIS_WATCH=poll turns the events off, leaving only the poll).
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hasPty, reference, RESULT, sandbox, save, session, type Sandbox, type Session } from './cli-session.ts';

// Generous: these start real vitest runs, and `npm test` runs them beside everything else.
const LONG = 600_000;
let open: { box?: Sandbox; run?: Session }[] = [];
afterEach(() => {
  for (const { box, run } of open) {
    run?.stop();
    box?.remove();
  }
  open = [];
});

function start(args: string[], box: Sandbox, env: NodeJS.ProcessEnv = {}): Session {
  const run = session(args, box, env);
  open.push({ box, run });
  return run;
}

describe(`watch mode${hasPty ? ' through a pseudo-terminal' : ''}`, () => {
  it(
    'a save that fixes one file while another is still broken runs the whole lesson and records nothing',
    async () => {
      const box = sandbox(['01-wal-entry', '02-serialization']);
      const lesson = path.join(box.lessons, '03-recovery');
      const run = start(['lesson', '03', '--seed', '1'], box);
      const first = await run.waitFor(RESULT('03'), 0);
      const total = Number(RESULT('03').exec(first)![3]);
      expect(total, 'the first run counts every test of the lesson').toBeGreaterThan(10);

      // node-fs.ts and wal-writer.ts are fixed; recovery.ts still throws NotImplemented.
      let mark = run.output().length;
      save.inPlace(path.join(lesson, 'node-fs.ts'), reference('03-recovery', 'node-fs.ts'));
      save.inPlace(path.join(lesson, 'wal-writer.ts'), reference('03-recovery', 'wal-writer.ts'));
      const partial = RESULT('03').exec(await run.waitFor(RESULT('03'), mark))!;
      expect(Number(partial[3]), 'a re-run after a save counts the whole lesson, not the files related to it').toBe(
        total,
      );
      expect(Number(partial[2]), 'recovery.ts is still a starter, so some tests fail').toBeGreaterThan(0);
      expect(run.output().slice(mark), 'no pass may be announced').not.toMatch(/Lesson 03 passes/);
      expect(box.events('passed', '03-recovery'), 'nothing is recorded while a file of the lesson fails').toBe(0);

      // The last file, saved the way editors do it (a new file renamed over the old one).
      mark = run.output().length;
      save.byRename(path.join(lesson, 'recovery.ts'), reference('03-recovery', 'recovery.ts'));
      await run.waitFor(/Lesson 03 passes/, mark);
      expect(box.events('passed', '03-recovery'), 'the whole lesson passed: now it is recorded').toBe(1);
    },
    LONG,
  );

  it(
    'npm start re-runs the lesson on saves in place, by rename and by append',
    async () => {
      const box = sandbox();
      const entry = path.join(box.lessons, '01-wal-entry', 'entry.ts');
      const run = start(['start', '--seed', '1'], box);
      await run.waitFor(RESULT('01'), 0);
      let mark = run.output().length;
      save.inPlace(entry, reference('01-wal-entry', 'entry.ts'));
      await run.waitFor(/Lesson 01 passes/, mark);
      expect(box.events('passed', '01-wal-entry')).toBe(1);

      mark = run.output().length;
      save.byRename(
        entry,
        `${reference('01-wal-entry', 'entry.ts')}\nexport const broken: number = 'text' as unknown as number;\nthrow new Error('saved by rename');\n`,
      );
      await run.waitFor(/saved by rename/, mark);

      mark = run.output().length;
      save.inPlace(entry, reference('01-wal-entry', 'entry.ts'));
      await run.waitFor(/Lesson 01 passes/, mark);
      mark = run.output().length;
      save.append(entry, "\nthrow new Error('saved by append');\n");
      await run.waitFor(/saved by append/, mark);
      if (hasPty) {
        run.send('q');
        expect(await run.exited(), 'q quits with exit code 0').toBe(0);
      }
    },
    LONG,
  );

  it(
    'npm run lesson notices saves by polling where file events are not delivered, and n opens the next lesson',
    async () => {
      const box = sandbox();
      const entry = path.join(box.lessons, '01-wal-entry', 'entry.ts');
      const run = start(['lesson', '01', '--seed', '1'], box, { FERRIS_WATCH: 'poll' });
      await run.waitFor(RESULT('01'), 0);
      let mark = run.output().length;
      save.byRename(entry, reference('01-wal-entry', 'entry.ts'));
      await run.waitFor(/Lesson 01 passes/, mark);
      expect(box.events('passed', '01-wal-entry')).toBe(1);
      if (hasPty) {
        // `n`, advertised on the key bar, works in a lesson session too.
        mark = run.output().length;
        run.send('n');
        await run.waitFor(RESULT('02'), mark);
      }
    },
    LONG,
  );
});
