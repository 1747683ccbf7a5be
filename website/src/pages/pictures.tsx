// Every interactive picture on one page: each file in src/pictures/ is found here by itself, so a
// new picture needs no line in this file.
import React from 'react';
import Layout from '@theme/Layout';
import Link from '@docusaurus/Link';
import Heading from '@theme/Heading';
import { useCourseData } from '../components/CourseMap';
import PictureBoundary from '../components/PictureBoundary';

interface PictureModule {
  default: React.ComponentType;
  picture: { title: string; lesson?: string; description: string };
}

declare const require: {
  context(dir: string, deep: boolean, filter: RegExp): { keys(): string[]; (id: string): PictureModule };
};

const context = require.context('../pictures', false, /^\.\/[a-z0-9-]+\.tsx$/);
const pictures = context
  .keys()
  .map((key) => ({ name: key.slice(2, -4), module: context(key) }))
  .sort(
    (a, b) =>
      (a.module.picture.lesson ?? '').localeCompare(b.module.picture.lesson ?? '') || a.name.localeCompare(b.name),
  );

export default function Pictures(): React.JSX.Element {
  const { course, tree } = useCourseData();
  const lessons = new Map(course.parts.flatMap((p) => p.lessons).map((l) => [l.slug, l]));
  return (
    <Layout title="Interactive pictures" description="Pictures that run the course's reference code in the browser">
      <main className="container margin-vert--lg pictures-page">
        <h1>Interactive pictures</h1>
        <p>
          {tree.mode === 'mine' ? (
            <>
              Each picture runs your own code (the files in <code>lessons/</code>) for the lessons you have started, and
              the reference code (<code>solutions/</code>) for the others, in your browser: each says which.
            </>
          ) : (
            <>
              Each picture runs the reference code of the course (the files in <code>solutions/</code>) in your browser,
              so what you see is what the tests check.
            </>
          )}{' '}
          The lessons show them where they help; here they all are.
        </p>
        <nav aria-label="Pictures on this page">
          <ul>
            {pictures.map(({ name, module }) => (
              <li key={name}>
                <Link to={`#${name}`}>{module.picture.title}</Link>
              </li>
            ))}
          </ul>
        </nav>
        {pictures.map(({ name, module }) => {
          const Picture = module.default;
          const lesson = module.picture.lesson ? lessons.get(module.picture.lesson) : undefined;
          return (
            <section key={name} className="pictures-page__item" data-picture-name={name}>
              <Heading as="h2" id={name}>
                {module.picture.title}
              </Heading>
              <p>
                {module.picture.description}
                {lesson ? (
                  <>
                    {' '}
                    From{' '}
                    {lesson.exists ? (
                      <Link to={lesson.permalink}>
                        lesson {lesson.number}: {lesson.title}
                      </Link>
                    ) : (
                      <>
                        lesson {lesson.number}: {lesson.title}
                      </>
                    )}
                    .
                  </>
                ) : null}
              </p>
              <PictureBoundary name={name}>
                <Picture />
              </PictureBoundary>
            </section>
          );
        })}
      </main>
    </Layout>
  );
}
