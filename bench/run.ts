// `npm run bench`: runs every bench/*.bench.ts and prints one table.
//
//   npm run bench -- [--quick] [--impl DIR] [--only NAME] [--keys N,M,...] [--json FILE]
//
// Benchmarks import lesson code through @ferris/..., served from solutions/ unless --impl names
// another tree laid out like it (your lessons/, for example).
import { mkdtempSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { register } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Benchmark, BenchRow } from './types.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

const USAGE = 'Usage: npm run bench -- [--quick] [--impl DIR] [--only NAME] [--keys N,M,...] [--json FILE]';

/** `--keys 100000,1000000`: whole numbers from 1,000 to 100,000,000, or exit 2. */
function parseKeys(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const sizes = text.split(',').map((part) => Number(part.trim().replaceAll('_', '')));
  if (sizes.length === 0 || sizes.some((n) => !Number.isSafeInteger(n) || n < 1_000 || n > 100_000_000))
    fail(
      `--keys ${text}: give data sizes as whole numbers from 1000 to 100000000, separated by commas (--keys 100000,1000000).\n${USAGE}`,
    );
  return sizes;
}

/** The command line, or exit 2 with the usage. */
function parseArguments() {
  try {
    return parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        impl: { type: 'string' },
        only: { type: 'string' },
        json: { type: 'string' },
        keys: { type: 'string' },
      },
      strict: true,
    });
  } catch (error) {
    return fail(`${(error as Error).message.split('\n')[0]}\n${USAGE}`);
  }
}
const { values } = parseArguments();
const keys = parseKeys(values.keys);
const impl = path.resolve(values.impl ?? path.join(root, 'solutions'));
if (!existsSync(impl)) fail(`--impl ${values.impl}: no such folder. It must be laid out like solutions/.`);
register('../cli/loader/hooks.mjs', import.meta.url, { data: { map: { default: impl } } });
process.env.FERRIS_MAP = JSON.stringify({ default: impl });

const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !values.only || f.startsWith(values.only))
  .sort();
if (files.length === 0) {
  fail(
    `No benchmark matches "${values.only}". Available: ${readdirSync(here)
      .filter((f) => f.endsWith('.bench.ts'))
      .map((f) => f.replace('.bench.ts', ''))
      .join(', ')}`,
  );
}

const results: (BenchRow & { benchmark: string })[] = [];
for (const file of files) {
  const name = file.replace('.bench.ts', '');
  const tmpDir = mkdtempSync(path.join(os.tmpdir(), `ferris-bench-${name}-`));
  console.log(`\n${name}${values.quick ? ' (quick)' : ''}`);
  try {
    const module = (await import(pathToFileURL(path.join(here, file)).href)) as { default: Benchmark };
    const rows = await module.default({ quick: values.quick, keys, tmpDir, log: (m) => console.log(`  ${m}`) });
    for (const row of rows) results.push({ ...row, benchmark: name });
  } finally {
    rmSync(tmpDir, { recursive: true, force: true });
  }
}

const format = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toPrecision(3));
const width = Math.max(...results.map((r) => r.name.length), 10);
const measure = (r: BenchRow) =>
  r.opsPerSec !== undefined ? `${format(r.opsPerSec)} ops/s` : `${(r.seconds ?? NaN).toFixed(2)} s`;
console.log(`\n${'benchmark'.padEnd(width)}  ${'result'.padStart(16)}  note`);
console.log(`${'-'.repeat(width)}  ${'-'.repeat(16)}  ----`);
for (const r of results) console.log(`${r.name.padEnd(width)}  ${measure(r).padStart(16)}  ${r.note ?? ''}`);
console.log(
  `\nTree: ${path.relative(process.cwd(), impl) || '.'}; machine: ${os.cpus().length} cores, Node ${process.version}`,
);
// Engine comparisons are written as {workload, engine, opsPerSec}; other rows keep their name.
const json = results.map((r) =>
  r.workload && r.engine
    ? { workload: r.workload, engine: r.engine, keys: r.keys, opsPerSec: r.opsPerSec }
    : { benchmark: r.benchmark, name: r.name, opsPerSec: r.opsPerSec, seconds: r.seconds, note: r.note },
);
if (values.json) writeFileSync(values.json, `${JSON.stringify(json, null, 2)}\n`);
