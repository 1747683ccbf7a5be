// Use with: node --import tsx --import ./cli/loader/register.mjs script.ts
// (worker_threads started with the same execArgv get the same resolution.)
import { register } from 'node:module';
import { isMainThread } from 'node:worker_threads';

// On Node before 22.22, `--import tsx` registers TypeScript support in the main thread only.
if (!isMainThread) (await import('tsx/esm/api')).register();

register('./hooks.mjs', import.meta.url);
