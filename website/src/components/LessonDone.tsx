// "Mark this lesson done", in a lesson page's "Run this lesson" section (plugins/remark-lesson.ts
// puts it there). The mark is kept in this browser and shows in the sidebar and on the course map.
// A lesson whose tests passed (the progress log of `npm run course`) is done without a button.
import React from 'react';
import { useProgress } from './useProgress';

export default function LessonDone({ lesson }: { readonly lesson: string }): React.JSX.Element {
  const progress = useProgress();
  const done = progress.doneBecause(lesson);
  if (done === 'passed') {
    return (
      <p className="ferris-lesson-done" data-testid="lesson-done" data-done="passed">
        <span aria-hidden="true">✓ </span>Done: your code passed this lesson's tests (recorded by{' '}
        <code>npm run course</code>).
      </p>
    );
  }
  return (
    <p className="ferris-lesson-done" data-testid="lesson-done" data-done={done ?? 'no'}>
      <button
        type="button"
        className={`button button--sm ${done ? 'button--success' : 'button--outline button--primary'}`}
        aria-pressed={done === 'marked'}
        onClick={() => progress.mark(lesson, done !== 'marked')}
      >
        {done ? '✓ Done' : 'Mark this lesson done'}
      </button>{' '}
      <span className="ferris-lesson-done__note">
        {done
          ? 'Marked in this browser; press again to unmark.'
          : 'Kept in this browser: the sidebar and the course map show it.'}
      </span>
    </p>
  );
}
