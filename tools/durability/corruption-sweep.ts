/**
 * `npm run corruption-sweep`: damage files written by the reference, every way, and check that
 * the code reading them keeps its promise.
 *
 * For a WAL and an SSTable, each written by the reference on the real disk: cut the file at every
 * offset and flip every bit (for files over 64 KiB, a seeded sample of offsets and bits). Each
 * damaged copy must either recover to a valid prefix (a WAL whose tail was torn; the log must
 * then take new writes) or raise the typed corruption error naming the file and an offset inside
 * the damage. Never a wrong value, never intact entries dropped in silence, never any other
 * exception, never a hang. Cases run in a child process with a watchdog: a case that hangs or
 * kills the process is recorded, and the sweep goes on with the next one.
 *
 * Ends with: corruption cases: N, valid prefix: A, salvaged: S, typed errors: B, no effect: C,
 * failures: F
 * Exit code 1 if F is above zero; 2 for bad flags.
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './launch.ts';
import { intFlag, parseFlags, removeOnExit, seconds, usageError } from './cli-args.ts';

const USAGE = `Usage: npm run corruption-sweep -- [options]

Cuts a WAL and an SSTable written by the reference at every offset and flips every bit, and
checks each damaged copy recovers a valid prefix or raises the typed corruption error.

Options:
  --quick            a sampled run for CI (a few thousand cases)
  --seed S           seed of the files' contents and of the sampled positions (default 1)
  --subject A,B      only these files: wal-small, wal-large, sstable-small, sstable-large,
                     or wal-small/MODE for a recovery mode other than the default
                     (absolute-consistency, point-in-time, skip-any-corrupted)
  --case I           with --subject: only case I (0-based), printed in full
  --case-timeout MS  a case running longer than this is a hang (default 10000)
  --examples N       failures shown per kind and file (default 5)
  --impl DIR         run another tree laid out like solutions/ (default: solutions/)
  --help             this text`;

const args = await launch();
const flags = parseFlags(
  args,
  {
    quick: { type: 'boolean' },
    seed: { type: 'string' },
    subject: { type: 'string' },
    case: { type: 'string' },
    'case-timeout': { type: 'string' },
    examples: { type: 'string' },
    help: { type: 'boolean' },
  },
  USAGE,
);
const quick = flags.quick === true;
const seed = intFlag(flags.seed, 'seed', 1, USAGE, 0, 0x7fff_ffff);
const caseTimeout = intFlag(flags['case-timeout'], 'case-timeout', 10_000, USAGE, 10, 3_600_000);
const examples = intFlag(flags.examples, 'examples', 5, USAGE, 0, 1000);
const onlyCase = flags.case === undefined ? undefined : intFlag(flags.case, 'case', 0, USAGE, 0);
const WAL_MODES = ['tolerate-corrupted-tail', 'absolute-consistency', 'point-in-time', 'skip-any-corrupted'];
const SUBJECTS = [
  'wal-small',
  ...WAL_MODES.slice(1).map((m) => `wal-small/${m}`),
  'wal-large',
  'sstable-small',
  'sstable-large',
];
const chosen = flags.subject?.split(',').map((s) => s.trim());
for (const name of chosen ?? []) {
  if (!SUBJECTS.includes(name)) usageError(`unknown --subject ${name}; choose from ${SUBJECTS.join(', ')}`, USAGE);
}
if (onlyCase !== undefined && chosen?.length !== 1) usageError('--case needs exactly one --subject', USAGE);

const { lessonFileExists } = await import('./targets.ts');
const { treeOf } = await import('./launch.ts');
const { BAD, GOOD, VERDICT_WORDS, EXHAUSTIVE_LIMIT, caseList, describeCase } = await import('./sweep-cases.ts');
type Subject = import('./sweep-cases.ts').Subject;
type Verdict = import('./sweep-cases.ts').Verdict;

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'sweep-child.ts');
const MAX_INCIDENTS = 25;

interface Tally {
  readonly subject: Subject;
  readonly cases: number;
  readonly counts: Map<Verdict, number>;
  readonly examples: Map<Verdict, string[]>;
}

/** Sampling caps: files over 64 KiB always, every file with --quick. */
function planFor(small: boolean) {
  if (quick) return { seed, exhaustive: false, truncations: small ? 150 : 20, flips: small ? 450 : 60 };
  return { seed, exhaustive: small, truncations: 300, flips: 900 };
}

async function buildSubjects(dir: string): Promise<{ subjects: Subject[]; notices: string[] }> {
  const notices: string[] = [];
  const subjects: Subject[] = [];
  const wanted = (name: string) => chosen === undefined || chosen.some((c) => c.split('/')[0] === name);
  const pick = (list: Subject[]) => list.filter((s) => chosen === undefined || chosen.includes(s.name));
  if (['node-fs.ts', 'wal-writer.ts', 'recovery.ts'].every((f) => lessonFileExists('03-recovery', f))) {
    const { buildWal, walWrites } = await import('./sweep-wal.ts');
    // The small log is swept in every recovery mode; the large one, which is slower per case,
    // in the default mode.
    if (wanted('wal-small'))
      subjects.push(...pick(await buildWal(dir, 'wal-small', walWrites(seed, 24, 0, 48), planFor(true), WAL_MODES)));
    if (wanted('wal-large'))
      subjects.push(...pick(await buildWal(dir, 'wal-large', walWrites(seed + 1, 12, 6000, 9000), planFor(false))));
  } else {
    notices.push(`lesson 03-recovery is not in ${treeOf('03-recovery')} yet: WAL sweep skipped`);
  }
  if (lessonFileExists('07-sstable', '')) {
    const { buildTable, tableEntries } = await import('./sweep-sstable.ts');
    if (wanted('sstable-small'))
      subjects.push(...pick(await buildTable(dir, 'sstable-small', tableEntries(seed, 40, 0, 40), planFor(true), 256)));
    if (wanted('sstable-large'))
      subjects.push(
        ...pick(await buildTable(dir, 'sstable-large', tableEntries(seed + 1, 300, 100, 500), planFor(false), 4096)),
      );
  } else {
    notices.push(
      `lesson 07-sstable is not in ${treeOf('07-sstable')} yet: SSTable sweep skipped (it runs once the files exist)`,
    );
  }
  return { subjects, notices };
}

/** Runs cases [start, end) of one subject in a child; resolves with how far it got. */
function runChild(
  subjectFile: string,
  start: number,
  end: number,
  onResult: (index: number, verdict: Verdict, detail?: string) => void,
): Promise<{ next: number; incident?: { verdict: Verdict; detail: string } }> {
  return new Promise((resolve) => {
    let next = start;
    let ended = false;
    let hung = false;
    let stderr = '';
    const child = fork(CHILD, [subjectFile, String(start), String(end)], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < 10_000) stderr += chunk.toString();
    });
    // The first case also pays for starting the process and loading the code.
    let watchdog = setTimeout(onHang, caseTimeout + 30_000);
    function onHang() {
      hung = true;
      child.kill('SIGKILL');
    }
    child.on('message', (m: { type: string; index: number; verdict: Verdict; detail?: string }) => {
      clearTimeout(watchdog);
      if (m.type === 'end') {
        ended = true;
        return;
      }
      onResult(m.index, m.verdict, m.detail);
      next = m.index + 1;
      watchdog = setTimeout(onHang, caseTimeout);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(watchdog);
      if (ended || next >= end) return resolve({ next });
      if (hung) return resolve({ next, incident: { verdict: 'hang', detail: `no answer within ${caseTimeout} ms` } });
      resolve({
        next,
        incident: {
          verdict: 'process-died',
          detail: `the process ended (code ${code}, signal ${signal}) ${stderr.trim().slice(-600)}`,
        },
      });
    });
  });
}

async function sweep(subject: Subject, dir: string): Promise<Tally> {
  const subjectFile = path.join(dir, `${subject.name.replaceAll('/', '--')}.json`);
  await writeFile(subjectFile, JSON.stringify(subject));
  const cases = caseList(subject.plan);
  const tally: Tally = { subject, cases: 0, counts: new Map(), examples: new Map() };
  const record = (index: number, verdict: Verdict, detail?: string) => {
    tally.counts.set(verdict, (tally.counts.get(verdict) ?? 0) + 1);
    (tally as { cases: number }).cases++;
    const list = tally.examples.get(verdict) ?? [];
    const show = onlyCase !== undefined || ((BAD as readonly string[]).includes(verdict) && list.length < examples);
    if (show) list.push(`case ${index} (${describeCase(cases[index]!)}): ${detail ?? VERDICT_WORDS[verdict]}`);
    tally.examples.set(verdict, list);
  };
  let start = onlyCase ?? 0;
  const end = onlyCase !== undefined ? Math.min(onlyCase + 1, cases.length) : cases.length;
  if (start >= end) usageError(`--case ${onlyCase} is out of range: ${subject.name} has ${cases.length} cases`, USAGE);
  let incidents = 0;
  while (start < end) {
    const { next, incident } = await runChild(subjectFile, start, end, record);
    if (!incident) break;
    record(next, incident.verdict, incident.detail);
    start = next + 1;
    if (++incidents >= MAX_INCIDENTS) {
      console.log(
        `  ${subject.name}: ${incidents} hangs or dead processes; stopping this file at case ${start} of ${cases.length}`,
      );
      break;
    }
  }
  return tally;
}

function summary(t: Tally): string {
  const s = t.subject;
  const how = s.plan.exhaustive
    ? 'every offset and bit'
    : `a seeded sample${s.plan.size > EXHAUSTIVE_LIMIT ? ' (over 64 KiB)' : ''}`;
  const parts = [...GOOD, ...BAD]
    .filter((v) => (t.counts.get(v) ?? 0) > 0)
    .map((v) => `${v} ${t.counts.get(v)}`)
    .join(', ');
  return `${s.name}: ${s.plan.size} bytes, ${s.writes.length} records, ${how}: ${t.cases} cases: ${parts}`;
}

async function main(): Promise<number> {
  const started = performance.now();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ferris-sweep-'));
  const forget = removeOnExit(dir);
  try {
    const { subjects, notices } = await buildSubjects(dir);
    for (const notice of notices) console.log(`notice: ${notice}`);
    if (subjects.length === 0) {
      console.error(
        'error: nothing to sweep in this tree; the WAL of lesson 03 (or the SSTable of lesson 07) is needed.',
      );
      return 1;
    }
    const trees = [...new Set(subjects.map((s) => treeOf(s.kind === 'wal' ? '03-recovery' : '07-sstable')))];
    console.log(`corruption sweep: seed ${seed}${quick ? ', quick' : ''}, code under test from ${trees.join(' and ')}`);
    const tallies: Tally[] = [];
    for (const subject of subjects) {
      const t0 = performance.now();
      const tally = await sweep(subject, dir);
      tallies.push(tally);
      console.log(`${summary(tally)} (${seconds(t0)})`);
      for (const [verdict, list] of tally.examples) {
        if (list.length === 0) continue;
        const bad = (BAD as readonly string[]).includes(verdict);
        console.log(`  ${bad ? 'FAIL' : 'ok  '} ${VERDICT_WORDS[verdict]}: ${tally.counts.get(verdict)} case(s)`);
        for (const line of list) console.log(`       ${line}`);
        if (bad && onlyCase === undefined) {
          console.log(
            `       replay one: npm run corruption-sweep -- --seed ${seed}${quick ? ' --quick' : ''} --subject ${subject.name} --case N`,
          );
        }
      }
    }
    const total = (vs: readonly Verdict[]) =>
      tallies.reduce((s, t) => s + vs.reduce((a, v) => a + (t.counts.get(v) ?? 0), 0), 0);
    const failures = total(BAD);
    console.log(`done in ${seconds(started)}`);
    console.log(
      `corruption cases: ${total([...GOOD, ...BAD])}, valid prefix: ${total(['valid-prefix'])}, ` +
        `salvaged: ${total(['salvaged'])}, typed errors: ${total(['typed-error'])}, no effect: ${total(['no-effect'])}, ` +
        `failures: ${failures}`,
    );
    return failures > 0 ? 1 : 0;
  } finally {
    forget();
    await rm(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
