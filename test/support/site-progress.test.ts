// The site's progress logic (website/src/components/progress.ts), without a browser: what is kept
// in localStorage and which lessons show as done in the sidebar and on the course map.
// Catches: stored marks that do not read back (unsorted or duplicated output, a lost lesson); a
// page broken by a stale or hand-edited stored value (not JSON, another version, non-slugs)
// instead of showing nothing marked; marking that changes the caller's set; unmarking a lesson
// the progress log says passed (the log is the truth); a sidebar link whose lesson is misread
// (anchors, trailing slashes, guides and other pages taken for lessons).
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  PROGRESS_KEY,
  doneLessons,
  lessonOfHref,
  parseStored,
  serializeStored,
  withMark,
} from '../../website/src/components/progress.ts';

const slug = fc
  .tuple(fc.integer({ min: 0, max: 99 }), fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,12}$/))
  .map(([n, name]) => `${String(n).padStart(2, '0')}-${name}`);
const slugs = fc.array(slug, { maxLength: 12 });

describe('stored marks', () => {
  test.prop([slugs])('marks read back as the same set of lessons', (lessons) => {
    expect(parseStored(serializeStored(lessons)), 'what was stored should read back').toEqual(new Set(lessons));
  });

  test.prop([slugs, slugs])('equal sets store equal text, whatever the order', (a, b) => {
    const same = [...a, ...b];
    expect(serializeStored(same), 'the stored text should not depend on order or repeats').toBe(
      serializeStored([...b, ...a, ...a].reverse()),
    );
  });

  test.prop([fc.oneof(fc.string(), fc.json(), fc.constant('null'), fc.constant('{"version":2,"done":["01-a"]}'))])(
    'an unreadable stored value is nothing marked, never an error',
    (raw) => {
      const marked = parseStored(raw);
      for (const lesson of marked) {
        expect(lesson, 'only lesson slugs may come out of storage').toMatch(/^\d\d-[a-z0-9-]+$/);
      }
    },
  );

  it('keeps the lessons of a version 1 value and drops what is not a slug', () => {
    const raw = JSON.stringify({ version: 1, done: ['01-wal-entry', 7, 'lessons/02', '02-serialization'] });
    expect(parseStored(raw), 'the two slugs should be kept').toEqual(new Set(['01-wal-entry', '02-serialization']));
    expect(parseStored(null), 'no stored value is nothing marked').toEqual(new Set());
    expect(parseStored('{"version":1}'), 'a value without a list is nothing marked').toEqual(new Set());
    expect(PROGRESS_KEY, 'the key is part of the format readers already have').toBe('ferris-progress');
  });
});

describe('marking', () => {
  test.prop([slugs, slug, fc.boolean()])(
    'marking returns a new set and leaves the given one alone',
    (lessons, lesson, on) => {
      const before = new Set(lessons);
      const copy = new Set(before);
      const after = withMark(before, lesson, on);
      expect(before, 'the given set should not change').toEqual(copy);
      expect(after.has(lesson), `the lesson should be ${on ? 'marked' : 'unmarked'}`).toBe(on);
      for (const other of lessons) {
        if (other !== lesson) expect(after.has(other), `${other} should keep its mark`).toBe(true);
      }
    },
  );

  it('refuses to mark something that is not a lesson', () => {
    expect(() => withMark(new Set(), '/lessons/01-wal-entry', true), 'a path is not a slug').toThrow(RangeError);
  });

  test.prop([slugs, slugs])(
    'a lesson the log says passed is done because it passed, marked or not',
    (passed, marked) => {
      const done = doneLessons(passed, marked);
      for (const lesson of passed) expect(done.get(lesson), `${lesson} passed`).toBe('passed');
      for (const lesson of marked) {
        if (!passed.includes(lesson)) expect(done.get(lesson), `${lesson} was marked`).toBe('marked');
      }
      expect(done.size, 'nothing else is done').toBe(new Set([...passed, ...marked]).size);
    },
  );
});

describe('sidebar links', () => {
  test.prop([slug, fc.constantFrom('', '/', '#background', '?x=1')])(
    'a lesson link names its lesson',
    (lesson, tail) => {
      expect(lessonOfHref(`/lessons/${lesson}${tail}`), 'the lesson of the link').toBe(lesson);
    },
  );

  it('other pages are no lesson', () => {
    for (const href of ['/guides/durability', '/', '/pictures', '/lessons', '/lessons/01-wal-entry/extra', undefined]) {
      expect(lessonOfHref(href), `${href} is not a lesson page`).toBeUndefined();
    }
  });
});
