/**
 * The child of a crash trial: writes the trial's stream through a target until it is killed.
 *
 * Protocol (IPC messages to the parent, each flushed before the child goes on):
 *   { type: 'ready' }                     the store is open; the parent starts its kill timer
 *   { type: 'writing', upTo: n }          writes up to sequence n are about to be made
 *   { type: 'ack', upTo: n }              every write up to sequence n is durable
 *   { type: 'failed', error: string }     the child hit an error (the trial is void)
 * "writing" goes out before the bytes do, so the parent knows every write that can be on disk;
 * "ack" goes out only after they are durable, so every ack the parent sees is a promise kept.
 *
 * Usage (the parent starts it): crash-child.ts <target> <dir> <seed> <mode>
 */
import { randomInt, seededRandom } from '@support/random.ts';
import { ALL_TARGETS, type WriteMode } from './targets.ts';
import { writeStream, type Write } from './workload.ts';

const [targetName, dir, seedText, mode] = process.argv.slice(2) as [string, string, string, WriteMode];

function send(message: object): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) return reject(new Error('crash-child.ts must be started by crash-test.ts (no IPC channel)'));
    process.send(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
  });
}

/** Writes are capped so a child that is never killed still ends; the parent kills long before. */
const MAX_WRITES = 1_000_000;

async function main(): Promise<void> {
  const target = ALL_TARGETS[targetName];
  if (!target) throw new Error(`unknown target ${targetName}`);
  const seed = Number(seedText);
  const writer = await target.openWriter(dir, mode);
  const stream = writeStream(seed);
  const batchSizes = seededRandom(seed ^ 0x5bd1e995);
  await send({ type: 'ready' });
  let written = 0;
  while (written < MAX_WRITES) {
    const size = mode === 'every-append' ? 1 : 1 + randomInt(batchSizes, 8);
    const batch: Write[] = [];
    for (let i = 0; i < size; i++) batch.push(stream.next().value);
    const upTo = batch[batch.length - 1]!.sequence;
    await send({ type: 'writing', upTo });
    await writer.writeDurably(batch);
    await send({ type: 'ack', upTo });
    written += size;
  }
  await send({ type: 'done' });
}

main().catch(async (error: unknown) => {
  const text = error instanceof Error ? `${error.name}: ${error.message}\n${error.stack ?? ''}` : String(error);
  try {
    await send({ type: 'failed', error: text });
  } finally {
    process.exit(1);
  }
});
