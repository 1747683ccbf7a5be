// "Start here": what a new learner needs before lesson 01: requirements, getting the code, how a
// lesson goes, and how to get unstuck. Linked from the navbar, the landing page and the footer.
import React from 'react';
import Layout from '@theme/Layout';
import Link from '@docusaurus/Link';
import CodeBlock from '@theme/CodeBlock';
import Heading from '@theme/Heading';
import { useCourseData } from '../components/CourseMap';
import { RepositoryLink, cloneCommand, useRepositoryHome } from '../components/Repository';

export default function StartHere(): React.JSX.Element {
  const { course } = useCourseData();
  const first = course.parts.flatMap((p) => p.lessons).find((l) => l.exists);
  const home = useRepositoryHome();
  return (
    <Layout
      title="Start here"
      description="How to start the FerrisDB course: what you need, how to get the code, how a lesson goes and how to get unstuck."
    >
      <main className="container container--narrow margin-vert--lg start-here">
        <Heading as="h1">Start here</Heading>
        <p>
          You build FerrisDB yourself, one lesson at a time, on your own machine. This page is all you need before the
          first lesson.
        </p>

        <Heading as="h2" id="requirements">
          What you need
        </Heading>
        <ul>
          <li>
            <strong>Node 20 or newer</strong> (<code>node --version</code> tells you). Nothing else: no database, no
            compiler, no Docker.
          </li>
          <li>An editor that knows TypeScript, and a terminal.</li>
        </ul>

        <Heading as="h2" id="get-the-code">
          Get the code
        </Heading>
        <p>
          Clone <RepositoryLink />, then install and start the course:
        </p>
        <CodeBlock language="bash">{`${cloneCommand(home)}\nnpm install && npm start`}</CodeBlock>
        <p>
          <code>npm start</code> shows your progress, finds your current lesson (the first whose tests fail on your
          code), runs its tests and runs them again every time you save a file.
        </p>

        <Heading as="h2" id="how-a-lesson-goes">
          How a lesson goes
        </Heading>
        <ol>
          <li>
            Read the lesson&apos;s page here (or <code>lessons/NN-slug/README.md</code>): what you will build, why, and
            the exact task.
          </li>
          <li>
            Open the lesson&apos;s folder, <code>lessons/NN-slug/</code>, and fill in every <code>{'// TODO'}</code> of
            its <code>.ts</code> files. Until you do, they throw <code>NotImplemented</code>.
          </li>
          <li>
            Watch the tests: a failing property says in words what went wrong, the smallest input that shows it, and the
            seed that replays it (<code>npm run course -- test NN --seed S</code>).
          </li>
          <li>
            When the lesson turns green, read the code review of the reference solution (the &ldquo;Code review&rdquo;
            section of the page) and compare it with yours. Then go on to the next lesson.
          </li>
        </ol>

        <Heading as="h2" id="unstuck">
          When you are stuck
        </Heading>
        <ul>
          <li>
            <strong>Hints</strong>, one at a time, from a nudge to nearly the answer:{' '}
            <code>npm run course -- hint NN</code>, or the &ldquo;Hints&rdquo; folds at the end of each lesson page.
          </li>
          <li>
            <strong>Skip ahead without a dead end</strong>: <code>npm run course -- test NN --with-solutions</code> runs
            a lesson with the reference in place of your earlier lessons.
          </li>
          <li>
            <strong>The dialogue</strong>: each lesson&apos;s &ldquo;Code review&rdquo; is a conversation about the
            reference code, with the mistakes people usually make and why the code avoids them.
          </li>
          <li>
            <strong>The reference</strong> itself, when you have tried: <code>npm run course -- solution NN</code> shows
            it and a diff against your file.
          </li>
        </ul>

        <div className="start-here__next">
          {first ? (
            <Link className="button button--primary button--lg" to={first.permalink}>
              Begin lesson {first.number}: {first.title}
            </Link>
          ) : null}
          <Link className="button button--secondary button--lg" to="/#course-map">
            See the course map
          </Link>
        </div>
      </main>
    </Layout>
  );
}
