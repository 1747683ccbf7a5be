// The course map: every part and lesson of course.json, with a badge for whether the lesson is
// written yet (lessons/NN-slug/README.md exists), or done (the reader's progress, useProgress).
// Data from the ferris-course plugin.
import React from 'react';
import Link from '@docusaurus/Link';
import { usePluginData } from '@docusaurus/useGlobalData';
import type { CourseData } from '../../plugins/course-plugin';
import { useProgress } from './useProgress';

export function useCourseData(): CourseData {
  return usePluginData('ferris-course') as CourseData;
}

export default function CourseMap(): React.JSX.Element {
  const { course } = useCourseData();
  const progress = useProgress();
  return (
    <div className="course-map" data-testid="course-map">
      {course.parts.map((part) => {
        const ready = part.lessons.filter((l) => l.exists).length;
        return (
          <section key={part.title} className="course-map__part" aria-labelledby={`part-${part.title.slice(5, 6)}`}>
            <h3 id={`part-${part.title.slice(5, 6)}`} className="course-map__part-title">
              {part.title}
              <span className="course-map__count">
                {ready} of {part.lessons.length} lessons ready
              </span>
            </h3>
            <ol className="course-map__lessons">
              {part.lessons.map((l) => {
                const done = l.exists ? progress.doneBecause(l.slug) : undefined;
                return (
                  <li
                    key={l.slug}
                    className={`course-map__lesson ${l.exists ? 'is-ready' : 'is-planned'}${done ? ' is-done' : ''}`}
                    data-lesson={l.slug}
                    data-done={done ?? 'no'}
                  >
                    <span className="course-map__number" aria-hidden="true">
                      {l.number}
                    </span>
                    {l.exists ? (
                      <Link to={l.permalink} className="course-map__title">
                        <span className="sr-only">Lesson {l.number}: </span>
                        {l.title}
                      </Link>
                    ) : (
                      <span className="course-map__title">
                        <span className="sr-only">Lesson {l.number}: </span>
                        {l.title}
                      </span>
                    )}
                    {done ? (
                      <span
                        className="badge course-map__badge course-map__badge--done"
                        title={done === 'passed' ? 'Its tests passed (npm run course)' : 'Marked done on this site'}
                      >
                        done
                      </span>
                    ) : (
                      <span className={`badge ${l.exists ? 'badge--success' : 'badge--secondary'} course-map__badge`}>
                        {l.exists ? 'ready' : 'coming soon'}
                      </span>
                    )}
                  </li>
                );
              })}
            </ol>
          </section>
        );
      })}
    </div>
  );
}
