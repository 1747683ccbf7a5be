/**
 * The writes a crash trial makes, generated from the trial's seed.
 *
 * The child process writes this stream and the parent regenerates it, so the parent knows the
 * exact bytes of every write without shipping them over IPC: after the crash it can say of each
 * recovered entry whether it is the write the child made at that position, and so tell an
 * acknowledged write that was lost from a "phantom" that was never written at all.
 *
 * The mix is chosen to give recovery real work: puts and deletes, empty values, a few keys that
 * repeat, and now and then a large value (up to the 100 000-byte limit) so that the kernel has a
 * multi-page write in progress when SIGKILL arrives, which is how a real torn tail happens.
 */
import { randomInt, seededRandom, type RandomSource } from '@support/random.ts';

export interface Write {
  readonly sequence: number;
  readonly key: Uint8Array;
  /** null for a delete. */
  readonly value: Uint8Array | null;
}

const KEYS = 64;
const text = new TextEncoder();

function valueLength(random: RandomSource): number {
  const r = random();
  if (r < 0.05) return 0;
  if (r < 0.7) return 1 + randomInt(random, 64);
  if (r < 0.95) return 65 + randomInt(random, 4032);
  return 4097 + randomInt(random, 100_000 - 4096);
}

function fill(random: RandomSource, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  // One random draw seeds a cheap xorshift for the bulk, so a 100 kB value costs little.
  let x = (Math.floor(random() * 0xffff_ffff) | 1) >>> 0;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** The endless write stream of one trial; sequence numbers start at 1 and go up by one. */
export function* writeStream(seed: number): Generator<Write, never> {
  const random = seededRandom(seed);
  for (let sequence = 1; ; sequence++) {
    const key = text.encode(`key-${String(randomInt(random, KEYS)).padStart(4, '0')}`);
    const value = random() < 0.1 ? null : fill(random, valueLength(random));
    yield { sequence, key, value };
  }
}

/** The first `count` writes of the stream. */
export function firstWrites(seed: number, count: number): Write[] {
  const out: Write[] = [];
  const stream = writeStream(seed);
  while (out.length < count) out.push(stream.next().value);
  return out;
}

export function sameBytes(a: Uint8Array | null, b: Uint8Array | null): boolean {
  if (a === null || b === null) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether a recovered entry is exactly the write `w`. */
export function sameWrite(entry: { sequence: number; key: Uint8Array; value: Uint8Array | null }, w: Write): boolean {
  return entry.sequence === w.sequence && sameBytes(entry.key, w.key) && sameBytes(entry.value, w.value);
}
