// Loads TypeScript in a worker thread: `node --import` this file from a Worker's execArgv.
//
// `--import tsx` is not enough on Node 20: tsx registers its loader in the main thread only
// (before Node 22.22 it leaves worker threads alone), so a worker started with it still cannot
// load a .ts file. Calling tsx's API registers it in the worker itself, on every Node version.
import { register } from 'tsx/esm/api';

register();
