// Catches: onError retries every FoundationDB error, retryable or not
//
// A reference review test (see cli/review-examples.ts): an error that retrying cannot fix is
// thrown at once, without waiting.
import { expect, it } from 'vitest';
import { FdbError } from '@support/fdb-error.ts';
import { onError, startRetry, type RetryEnv } from '@ferris/17-retry-loop/retry.ts';

it('onError rethrows key_too_large at once and never sleeps', async () => {
  let slept = 0;
  const env: RetryEnv = { now: () => 0, sleep: async () => void slept++, random: () => 0.5 };
  const error = new FdbError('key_too_large');
  await expect(onError(error, startRetry(env), env), 'the error itself').rejects.toBe(error);
  expect(slept, 'no backoff for an error that is not retryable').toBe(0);
});
