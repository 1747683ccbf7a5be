// Which tree the site's pictures run (website/plugins/site-tree.ts, `npm run docs -- --mine`),
// without a browser: the choice per lesson, the bundler's aliases it becomes, the note every
// picture shows, and the command's arguments.
// Catches: --mine running a lesson the learner has not started (a starter where the reference was
// promised) or the reference for one they have started or passed; a reset lesson counted as not
// started; a catch-all `@ferris` alias that could win over a lesson's own (order-dependent
// resolution); aliases to folders that do not exist; the default site running anything but the
// reference; an unreadable progress log stopping the site instead of being reported; the logged
// passes shown in a build for others; --mine passed on to docusaurus (which refuses it).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fc, test } from '@fast-check/vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { appendEvent, replay, type ProgressEvent } from '../../cli/progress.ts';
import { parseDocsArgs } from '../../cli/docs.ts';
import { LESSONS, SOLUTIONS, SUPPORT, allLessons } from '../../website/course.ts';
import {
  chooseTrees,
  loadSiteTree,
  passedLessons,
  pictureAliases,
  readProgress,
  showsLoggedProgress,
  siteTreeMode,
} from '../../website/plugins/site-tree.ts';
import { lessonRanges, treeNote } from '../../website/src/components/tree-note.ts';

const SLUGS = allLessons().map((l) => l.slug);
const WRITTEN = SLUGS.filter((s) => Number(s.slice(0, 2)) <= 19);
const dirs = { lessons: LESSONS, solutions: SOLUTIONS, support: SUPPORT };

/** What a bundler does with an alias map: the key the request starts with (key, or key + '/'). */
function resolveWith(aliases: Record<string, string>, request: string): string | undefined {
  const keys = Object.keys(aliases).filter((k) => request === k || request.startsWith(`${k}/`));
  if (keys.length > 1) throw new Error(`${request} matches ${keys.join(' and ')}: resolution would depend on order`);
  const key = keys[0];
  return key === undefined ? undefined : path.join(aliases[key]!, request.slice(key.length));
}

const event = fc.record({
  type: fc.constantFrom('started', 'passed', 'hint', 'solution-viewed', 'reset'),
  lesson: fc.constantFrom(...WRITTEN.slice(0, 6)),
});
const at = '2026-12-05T00:00:00.000Z';
const asEvents = (raw: { type: string; lesson: string }[]) =>
  raw.map((e) => ({ ...e, at, level: 1, backup: 'b' }) as unknown as ProgressEvent);

describe('the tree of each lesson', () => {
  test.prop([fc.array(event, { maxLength: 20 })])(
    'with --mine, a lesson runs your code exactly when the log says you started or passed it',
    (raw) => {
      const progress = replay(asEvents(raw));
      const trees = chooseTrees('mine', WRITTEN, progress, () => true);
      for (const t of trees) {
        const status = progress.get(t.slug)?.status;
        const yours = status === 'in progress' || status === 'done';
        expect(t.tree, `${t.slug} (${status ?? 'no events'})`).toBe(yours ? 'lessons' : 'solutions');
        if (status === 'done') expect(t.why, `${t.slug} passed`).toBe('passed');
      }
    },
  );

  it('a lesson reset after it passed still runs your code, as in progress', () => {
    const progress = replay(
      asEvents([
        { type: 'passed', lesson: '04-skip-list' },
        { type: 'reset', lesson: '04-skip-list' },
      ]),
    );
    const [tree] = chooseTrees('mine', ['04-skip-list'], progress, () => true);
    expect(tree, 'a reset lesson is yours, in progress').toEqual({
      slug: '04-skip-list',
      tree: 'lessons',
      why: 'in progress',
    });
  });

  test.prop([fc.array(event, { maxLength: 20 })])('without --mine, every lesson runs the reference', (raw) => {
    for (const t of chooseTrees('reference', WRITTEN, replay(asEvents(raw)), () => true)) {
      expect(t.tree, `${t.slug} in the default site`).toBe('solutions');
    }
  });

  it('a lesson with no folder in lessons/ runs the reference even if the log says it passed', () => {
    const progress = replay(asEvents([{ type: 'passed', lesson: '01-wal-entry' }]));
    const [tree] = chooseTrees('mine', ['01-wal-entry'], progress, () => false);
    expect(tree?.tree, 'no folder, nothing of yours to run').toBe('solutions');
  });
});

describe("the bundler's aliases", () => {
  test.prop([fc.array(event, { maxLength: 20 })])(
    'every lesson import resolves to exactly one file of the tree chosen for it',
    (raw) => {
      const trees = chooseTrees('mine', WRITTEN, replay(asEvents(raw)), () => true);
      const aliases = pictureAliases(trees, dirs);
      for (const t of trees) {
        const file = resolveWith(aliases, `@ferris/${t.slug}/x.ts`);
        expect(file, `@ferris/${t.slug}/x.ts`).toBe(
          path.join(t.tree === 'lessons' ? LESSONS : SOLUTIONS, t.slug, 'x.ts'),
        );
      }
      expect(resolveWith(aliases, '@support/random.ts'), 'support code is shared').toBe(
        path.join(SUPPORT, 'random.ts'),
      );
      expect(resolveWith(aliases, '@ferrisdb/x'), 'a look-alike name is not ours').toBeUndefined();
    },
  );

  it('the picture imports resolve to files that exist, from lessons/ for a lesson you started', () => {
    const progress = replay(asEvents([{ type: 'started', lesson: '02-serialization' }]));
    const aliases = pictureAliases(
      chooseTrees('mine', SLUGS, progress, () => true),
      dirs,
    );
    expect(resolveWith(aliases, '@ferris/02-serialization/frame.ts'), 'yours').toBe(
      path.join(LESSONS, '02-serialization', 'frame.ts'),
    );
    expect(resolveWith(aliases, '@ferris/04-skip-list/skip-list.ts'), 'not started: the reference').toBe(
      path.join(SOLUTIONS, '04-skip-list', 'skip-list.ts'),
    );
  });
});

describe('the mode and the progress log', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'site-tree-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads FERRIS_SITE_TREE, refusing a value it does not know', () => {
    expect(siteTreeMode({}), 'the default').toBe('reference');
    expect(siteTreeMode({ FERRIS_SITE_TREE: 'mine' }), '--mine').toBe('mine');
    expect(() => siteTreeMode({ FERRIS_SITE_TREE: 'yours' }), 'a typo').toThrow(/mine/);
  });

  it('shows the logged passes only on the learner machine', () => {
    expect(showsLoggedProgress('reference', 'production'), 'a build for others').toBe(false);
    expect(showsLoggedProgress('reference', 'development'), 'npm run docs').toBe(true);
    expect(showsLoggedProgress('mine', 'production'), 'a build of your own tree').toBe(true);
  });

  it('takes the passes and the tree choice from the log file', () => {
    const log = path.join(dir, 'progress.jsonl');
    appendEvent({ type: 'started', lesson: '01-wal-entry', at }, log);
    appendEvent({ type: 'passed', lesson: '02-serialization', at }, log);
    const { tree, progress } = loadSiteTree(SLUGS, LESSONS, { FERRIS_SITE_TREE: 'mine', FERRIS_PROGRESS_LOG: log });
    expect(passedLessons(SLUGS, progress), 'the passes').toEqual(['02-serialization']);
    expect(
      tree.lessons.filter((l) => l.tree === 'lessons').map((l) => l.slug),
      'the lessons run from lessons/',
    ).toEqual(['01-wal-entry', '02-serialization']);
    expect(tree.problem, 'a good log is no problem').toBeUndefined();
  });

  it('an unreadable log is no progress and a problem to show, not a site that will not start', () => {
    const log = path.join(dir, 'broken.jsonl');
    writeFileSync(log, '{"type":"passed","lesson":"01-wal-entry","at":"x"}\nnot json\n');
    const read = readProgress(log);
    expect(read.progress.size, 'nothing counts').toBe(0);
    expect(read.problem, 'the problem names the line').toMatch(/line 2/);
  });
});

describe('what a picture says', () => {
  it('lists lesson numbers as ranges', () => {
    expect(
      lessonRanges(['03-recovery', '01-wal-entry', '02-serialization', '05-memtable', '07-sstable', '08-bloom-filter']),
    ).toBe('01-03, 05, 07-08');
    expect(lessonRanges([]), 'nothing').toBe('');
  });

  it('says nothing in the default site, and whose code runs with --mine', () => {
    expect(
      treeNote(chooseTrees('reference', SLUGS, new Map(), () => true)),
      'the reference needs no note',
    ).toBeUndefined();
    const progress = replay(asEvents([{ type: 'started', lesson: '02-serialization' }]));
    const note = treeNote(chooseTrees('mine', WRITTEN, progress, () => true));
    expect(note?.mine, 'yours').toContain('lessons 02');
    expect(note?.reference, 'the reference').toContain('01, 03-19');
    const none = treeNote(chooseTrees('mine', WRITTEN, new Map(), () => true));
    expect(none?.mine, 'nothing started yet').toMatch(/not started a lesson yet/);
  });
});

describe('npm run docs arguments', () => {
  test.prop([
    fc.array(fc.constantFrom('--port', '3001', '--no-open', '--host', '127.0.0.1'), { maxLength: 5 }),
    fc.boolean(),
  ])('--mine is taken out and everything else goes to docusaurus in order', (others, mine) => {
    const args = parseDocsArgs(mine ? ['--mine', ...others] : others);
    expect(args.mine, '--mine seen').toBe(mine);
    expect(args.forward, 'forwarded unchanged').toEqual(others);
  });
});
