/**
 * A small seeded random source, so that anything random in the course (skip list towers, the
 * simulated disk's crashes) can be replayed exactly from a seed.
 *
 * The generator is mulberry32: 32 bits of state, fast, and good enough for simulation (it is not
 * for cryptography).
 */
export type RandomSource = () => number;

/** Returns a function that yields numbers in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): RandomSource {
  if (!Number.isInteger(seed)) {
    throw new RangeError(`seededRandom: the seed must be an integer, got ${seed}`);
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An integer in [0, bound) drawn from `random`. */
export function randomInt(random: RandomSource, bound: number): number {
  if (!Number.isInteger(bound) || bound <= 0) {
    throw new RangeError(`randomInt: the bound must be a positive integer, got ${bound}`);
  }
  return Math.floor(random() * bound);
}
