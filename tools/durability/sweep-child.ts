/**
 * Runs the corruption sweep's cases for one file, from a start index, in its own process, so the
 * parent can kill it if a case hangs (or restart it if a case kills it).
 *
 * Messages to the parent: { type: 'result', index, verdict, detail? } after every case, in order,
 * then { type: 'end' }. Usage (the parent starts it): sweep-child.ts <subject.json> <start> <end>
 */
import { readFile } from 'node:fs/promises';
import { caseList, deserializeWrite, type Case, type Judgement, type Subject } from './sweep-cases.ts';
import { describeError } from './cli-args.ts';
import type { Write } from './workload.ts';

const [subjectFile, startText, endText] = process.argv.slice(2) as [string, string, string];

function send(message: object): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error('sweep-child.ts must be started by corruption-sweep.ts'));
    process.send(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });
}

type Checker = (subject: Subject, intact: Uint8Array, writes: readonly Write[], c: Case) => Promise<Judgement>;

let current = -1;
// Code under test may leave a promise rejecting after its case returned; pin it on the case
// running when it surfaces, rather than let it end the sweep.
const stray: string[] = [];
process.on('unhandledRejection', (reason) => stray.push(`unhandled rejection: ${describeError(reason)}`));
process.on('uncaughtException', (error) => stray.push(`uncaught exception: ${describeError(error)}`));

async function main(): Promise<void> {
  const subject = JSON.parse(await readFile(subjectFile, 'utf8')) as Subject;
  const intact = new Uint8Array(await readFile(subject.bytesFile));
  const writes = subject.writes.map(deserializeWrite);
  const check: Checker =
    subject.kind === 'wal'
      ? (await import('./sweep-wal.ts')).checkWalCase
      : (await import('./sweep-sstable.ts')).checkTableCase;
  const cases = caseList(subject.plan);
  const end = Math.min(cases.length, Number(endText));
  for (let index = Number(startText); index < end; index++) {
    current = index;
    let judged: Judgement;
    try {
      judged = await check(subject, intact, writes, cases[index]!);
    } catch (error) {
      judged = { verdict: 'untyped-error', detail: `the check itself failed: ${describeError(error)}` };
    }
    if (stray.length > 0) judged = { verdict: 'untyped-error', detail: stray.splice(0).join('; ') };
    await send({ type: 'result', index, verdict: judged.verdict, detail: judged.detail });
  }
  await send({ type: 'end' });
  process.disconnect();
}

main().catch((error: unknown) => {
  console.error(`sweep-child failed at case ${current}: ${describeError(error)}`);
  process.exit(1);
});
