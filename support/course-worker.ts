/**
 * Starting a worker_threads Worker that runs course TypeScript. On Node 20, `--import tsx` in the
 * main thread does not reach worker threads; the course loader (cli/loader/register.mjs) registers
 * tsx in a worker, then resolves `@ferris/...` and `@support/...` through FERRIS_MAP, which the
 * worker inherits from the environment. So a worker imports the same tree (reference, starter,
 * mutant or --impl folder) as the thread that started it.
 */
export const COURSE_WORKER_EXEC_ARGV: readonly string[] = [
  '--import',
  new URL('../cli/loader/register.mjs', import.meta.url).href,
];
