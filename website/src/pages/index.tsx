// The landing page: what the course is, how to start, the spine of the course as a diagram, and
// the course map.
import React from 'react';
import Layout from '@theme/Layout';
import Link from '@docusaurus/Link';
import CodeBlock from '@theme/CodeBlock';
import Mermaid from '@theme/Mermaid';
import Heading from '@theme/Heading';
import CourseMap, { useCourseData } from '../components/CourseMap';
import { RepositoryLink } from '../components/Repository';

const SPINE = `flowchart TB
  accTitle: The log is the database
  accDescr: Writes are appended to the write-ahead log, the source of truth. The memtable is a projection of the log, rebuilt by replaying it after a crash; it is flushed to SSTables, and the manifest, itself a log of version edits, says which SSTables make up the database. In the distributed part, storage servers are projections that pull from the transaction logs.
  W([a write: key, value, sequence]) -->|append, then fsync| L[("write-ahead log: the source of truth")]
  L -->|apply| M["memtable: a projection of the log"]
  L -.->|replay after a crash| M
  L -->|pull| R["storage servers: projections, in Part 4"]
  M -->|flush| S["SSTables on disk"]
  F[("manifest: a log of version edits")] -->|says which| S`;

export default function Home(): React.JSX.Element {
  const { course, guides } = useCourseData();
  const lessons = course.parts.flatMap((p) => p.lessons);
  const first = lessons.find((l) => l.exists);
  const ready = lessons.filter((l) => l.exists).length;
  return (
    <Layout title="Build a database from the log up" description={course.title}>
      <header className="hero hero--ferris">
        <div className="container">
          <h1 className="hero__title">FerrisDB</h1>
          <p className="hero__subtitle">
            Build a FoundationDB-inspired database from scratch in TypeScript, one tested lesson at a time: from a
            single log record to a crash-safe storage engine, serializable transactions and a simulated cluster.
          </p>
          <div className="hero__buttons">
            {first ? (
              <Link className="button button--primary button--lg" to={first.permalink}>
                Start with lesson {first.number}: {first.title}
              </Link>
            ) : null}
            <Link className="button button--secondary button--lg" to="/start-here">
              Start here: set up and how a lesson goes
            </Link>
          </div>
        </div>
      </header>
      <main className="container margin-vert--lg">
        <div className="row">
          <div className="col col--5">
            <h2>How it works</h2>
            <p>
              Each lesson is a folder you work in: a README with the idea and the exact task, starter files whose
              functions throw until you write them, property tests (vitest and fast-check) that fail until your code is
              right, graded hints, and a code review of the reference solution written as a conversation.
            </p>
            <p>
              Clone <RepositoryLink />, then (with Node 20 or newer):
            </p>
            <CodeBlock language="bash">{'npm install\nnpm start'}</CodeBlock>
            <p>
              <code>npm start</code> shows your progress and opens the current lesson in watch mode: save a file and its
              tests run again. {ready} of {lessons.length} lessons are ready. New here?{' '}
              <Link to="/start-here">Start here</Link>.
            </p>
          </div>
          <div className="col col--7">
            <h2>The log is the database</h2>
            <p>
              The whole course is event-sourced. The write-ahead log is the truth; everything else is a projection of it
              that can be rebuilt by replaying it. Every lesson says where its piece sits on this spine.
            </p>
            <figure className="spine-diagram">
              <Mermaid value={SPINE} />
              <figcaption>
                The spine of the course: writes go to the log; the memtable, the SSTables and (in Part 4) the storage
                servers are projections of it, and recovery is a replay.
              </figcaption>
            </figure>
          </div>
        </div>
        <Heading as="h2" id="course-map">
          Course map
        </Heading>
        <p>
          Four parts, {lessons.length} lessons. A lesson marked <em>coming soon</em> is planned and not written yet.{' '}
          <Link to="/pictures">Interactive pictures</Link> run the reference code in your browser.
        </p>
        <CourseMap />
        {guides.length > 0 ? (
          <>
            <Heading as="h2" id="guides">
              Guides
            </Heading>
            <ul>
              {guides.map((g) => (
                <li key={g.name}>
                  <Link to={g.permalink}>{g.title}</Link>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </main>
    </Layout>
  );
}
