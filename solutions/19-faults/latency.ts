/**
 * Lesson 19, given: how long simulated things take, after FoundationDB's simulator.
 *
 * The network numbers are sim2's knobs (`flow/Knobs.cpp`): MIN_NETWORK_LATENCY 100 µs,
 * FAST_NETWORK_LATENCY 800 µs, SLOW_NETWORK_LATENCY 100 ms, and sim2's `halfLatency()` draws a
 * fast latency 999 times in 1000 and a slow one (the long tail) otherwise. A disk operation takes
 * 1 / SIM_DISK_IOPS = 1 / 5000 s = 200 µs.
 */
import type { RandomSource } from '@support/random.ts';

export const MIN_NETWORK_LATENCY = 100;
export const FAST_NETWORK_LATENCY = 800;
export const SLOW_NETWORK_LATENCY = 100_000;
/** The share of messages that take the fast path. */
export const P_FAST_NETWORK = 0.999;
/** One simulated disk operation, in microseconds. */
export const DISK_OP_MICROS = 200;

/** One message's one-way latency in whole microseconds, drawn from `random`. */
export function networkLatency(random: RandomSource): number {
  const a = random();
  if (a < P_FAST_NETWORK) {
    const t = a / P_FAST_NETWORK;
    return Math.round(MIN_NETWORK_LATENCY + (FAST_NETWORK_LATENCY - MIN_NETWORK_LATENCY) * t);
  }
  const t = (a - P_FAST_NETWORK) / (1 - P_FAST_NETWORK);
  return Math.round(MIN_NETWORK_LATENCY + (SLOW_NETWORK_LATENCY - MIN_NETWORK_LATENCY) * t);
}
