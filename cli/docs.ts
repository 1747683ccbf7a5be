// npm run docs [-- --mine] [Docusaurus options]: the course site on http://localhost:3000.
//
// --mine: the site's pictures run the learner's own code (lessons/) for every lesson they have
// started or passed (the progress log), and the reference (solutions/) for the others; the site
// says so on every page and in every picture (website/plugins/site-tree.ts). Any other option
// (--port 3001, --host 127.0.0.1, --no-open) goes to `docusaurus start` unchanged.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { allLessons } from '../website/course.ts';
import { lessonsWithCode, loadSiteTree, SITE_TREE_ENV } from '../website/plugins/site-tree.ts';
import { lessonRanges } from '../website/src/components/tree-note.ts';
import { ROOT } from './trees.mjs';

export interface DocsArgs {
  readonly mine: boolean;
  readonly help: boolean;
  /** Everything else, for `docusaurus start`. */
  readonly forward: string[];
}

export function parseDocsArgs(argv: readonly string[]): DocsArgs {
  return {
    mine: argv.includes('--mine'),
    help: argv.includes('--help') || argv.includes('-h'),
    forward: argv.filter((a) => a !== '--mine'),
  };
}

export const DOCS_USAGE = [
  'Usage: npm run docs [-- --mine] [docusaurus start options]',
  '',
  '  --mine   the pictures run your own code (lessons/) for the lessons you have started or passed,',
  '           and the reference (solutions/) for the others; every picture says which',
  '',
  'Other options go to docusaurus start (for example --port 3001, --no-open).',
].join('\n');

/** The lines `--mine` prints before the site starts: whose code each lesson runs. */
export function mineSummary(env: NodeJS.ProcessEnv): string[] {
  const dirs = { lessons: path.join(ROOT, 'lessons'), solutions: path.join(ROOT, 'solutions') };
  const slugs = lessonsWithCode(
    allLessons().map((l) => l.slug),
    dirs,
  );
  const { tree } = loadSiteTree(slugs, dirs.lessons, { ...env, [SITE_TREE_ENV]: 'mine' });
  const mine = tree.lessons.filter((l) => l.tree === 'lessons').map((l) => l.slug);
  const reference = tree.lessons.filter((l) => l.tree === 'solutions').map((l) => l.slug);
  return [
    'The pictures run your own code (npm run docs -- --mine):',
    `  from lessons/:   ${mine.length > 0 ? lessonRanges(mine) : 'none yet (start a lesson with npm start)'}`,
    `  from solutions/: ${reference.length > 0 ? `${lessonRanges(reference)} (not started yet)` : 'none'}`,
    ...(tree.problem
      ? [`  (the progress log could not be read, so no lesson counts as started: ${tree.problem})`]
      : []),
    'Restart this command after starting or passing a lesson to see it in the pictures.',
  ];
}

async function main(argv: readonly string[]): Promise<number> {
  const args = parseDocsArgs(argv);
  if (args.help) {
    console.log(DOCS_USAGE);
    return 0;
  }
  const env = { ...process.env };
  if (args.mine) {
    env[SITE_TREE_ENV] = 'mine';
    console.log(mineSummary(env).join('\n'));
  }
  const docusaurus = path.join(ROOT, 'node_modules', '@docusaurus', 'core', 'bin', 'docusaurus.mjs');
  const child = spawn(process.execPath, [docusaurus, 'start', 'website', ...args.forward], {
    cwd: ROOT,
    stdio: 'inherit',
    env,
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1))));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
