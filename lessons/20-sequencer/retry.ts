/**
 * Lesson 20, given: sending a request again until it is answered.
 *
 * Between roles a request can fail on the way (lesson 19): `broken_promise` when it was never
 * sent (the peer is dead, or a partition cuts it off), `request_maybe_delivered` when the
 * connection broke after sending. Every request of this lesson that is retried is safe to run
 * twice: the sequencer answers a resent request number with the same version, the resolver a
 * resolved version with the same verdicts, and a log acknowledges a version it already has. So
 * the caller waits a little and sends it again, as long as it takes: until lesson 24 there is no
 * recovery that could replace a role that stays away. Any other error is the role's answer and
 * is passed on.
 */
import { MS } from '@ferris/18-simulator/clock.ts';
import type { SimProcess } from '@ferris/19-faults/process.ts';
import { isFdbError } from '@support/fdb-error.ts';

/** How long to wait before sending a failed request again, in microseconds. */
export const RETRY_DELAY_MICROS = 10 * MS;

/** Whether `error` says only that the request or its reply was lost on the way. */
export function isDeliveryFailure(error: unknown): boolean {
  return isFdbError(error, 'broken_promise') || isFdbError(error, 'request_maybe_delivered');
}

/** Sends the request from `p` until a reply comes; retries delivery failures only. */
export async function requestUntilAnswered<T>(
  p: SimProcess,
  to: string,
  endpoint: string,
  payload: unknown,
): Promise<T> {
  for (;;) {
    try {
      return await p.request<T>(to, endpoint, payload);
    } catch (error) {
      if (!isDeliveryFailure(error)) throw error;
      await p.sleep(RETRY_DELAY_MICROS);
    }
  }
}
