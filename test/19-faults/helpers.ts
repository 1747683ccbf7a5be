// Shared pieces of lesson 19's tests: a world on a fresh simulator, and runs that keep a
// starter's NotImplemented visible (from lesson 18's helpers).
import { Simulator } from '@ferris/18-simulator/simulator.ts';
import { SimWorld, type WorldOptions } from '@ferris/19-faults/world.ts';

export { failureOf, runUntil } from '../18-simulator/helpers.ts';

export function newWorld(seed: number, options: WorldOptions = {}): { sim: Simulator; world: SimWorld } {
  const sim = new Simulator({ seed });
  return { sim, world: new SimWorld(sim, options) };
}

/** What a request ended with, in a word: the reply, or the error's class name. */
export async function outcome(request: Promise<unknown>): Promise<string> {
  try {
    return `ok ${JSON.stringify(await request)}`;
  } catch (error) {
    return (error as Error).name;
  }
}

/** An echo server: replies with the payload after `work` microseconds. */
export function echoServer(work = 0) {
  return (p: import('@ferris/19-faults/process.ts').SimProcess) => {
    p.handle('echo', async (payload) => {
      if (work > 0) await p.sleep(work);
      return payload;
    });
  };
}
