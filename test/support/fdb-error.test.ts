// support/fdb-error.ts: FoundationDB's codes and names, and which errors a retry loop retries.
// The codes are checked against flow/include/flow/error_definitions.h in apple/foundationdb.
import { describe, expect, it } from 'vitest';
import {
  BrokenPromise,
  CommitUnknownResult,
  FDB_ERRORS,
  FdbError,
  FutureVersion,
  isFdbError,
  isRetryable,
  NotCommitted,
  RequestMaybeDelivered,
  TransactionTooOld,
  type FdbErrorName,
} from '@support/fdb-error.ts';

// From FoundationDB's error_definitions.h: the code of each name the course uses.
const FOUNDATIONDB_CODES: Record<FdbErrorName, number> = {
  wrong_shard_server: 1001,
  timed_out: 1004,
  transaction_too_old: 1007,
  future_version: 1009,
  tlog_stopped: 1011,
  not_committed: 1020,
  commit_unknown_result: 1021,
  transaction_cancelled: 1025,
  request_maybe_delivered: 1030,
  transaction_timed_out: 1031,
  too_many_watches: 1032,
  process_behind: 1037,
  database_locked: 1038,
  broken_promise: 1100,
  operation_cancelled: 1101,
  io_error: 1510,
  client_invalid_operation: 2000,
  key_outside_legal_range: 2004,
  inverted_range: 2005,
  used_during_commit: 2017,
  invalid_mutation_type: 2018,
  invalid_tuple_data_type: 2250,
  key_not_in_subspace: 2252,
  transaction_too_large: 2101,
  key_too_large: 2102,
  value_too_large: 2103,
};

describe("FoundationDB's error family", () => {
  it('every error carries the same numeric code as in FoundationDB', () => {
    for (const [name, spec] of Object.entries(FDB_ERRORS)) {
      expect(spec.code, `${name} must have FoundationDB's code`).toBe(FOUNDATIONDB_CODES[name as FdbErrorName]);
    }
    expect(Object.keys(FDB_ERRORS).sort()).toEqual(Object.keys(FOUNDATIONDB_CODES).sort());
  });

  it("retries exactly FoundationDB's retryable errors", () => {
    const retryable = new Set<FdbErrorName>([
      'not_committed',
      'transaction_too_old',
      'future_version',
      'commit_unknown_result',
      'database_locked',
      'process_behind',
    ]);
    for (const name of Object.keys(FDB_ERRORS) as FdbErrorName[]) {
      expect(isRetryable(new FdbError(name)), `is ${name} retryable?`).toBe(retryable.has(name));
    }
    expect(isRetryable(new Error('not_committed')), 'a plain Error is never retryable').toBe(false);
  });

  it('only commit_unknown_result may have committed', () => {
    expect(new CommitUnknownResult().maybeCommitted).toBe(true);
    expect(new NotCommitted().maybeCommitted).toBe(false);
  });

  it('the message says what happened, where, and what to do', () => {
    const error = new TransactionTooOld('read of key "a" at version 3; the oldest version kept is 10');
    expect(error.message).toContain('transaction_too_old (1007)');
    expect(error.message).toContain('read of key "a" at version 3');
    expect(error.message).toContain('What to do:');
    expect(error.name).toBe('TransactionTooOld');
    expect(error).toBeInstanceOf(FdbError);
  });

  it('the named classes carry their codes', () => {
    const cases: [FdbError, FdbErrorName, number][] = [
      [new TransactionTooOld(), 'transaction_too_old', 1007],
      [new FutureVersion(), 'future_version', 1009],
      [new NotCommitted(), 'not_committed', 1020],
      [new CommitUnknownResult(), 'commit_unknown_result', 1021],
      [new RequestMaybeDelivered(), 'request_maybe_delivered', 1030],
      [new BrokenPromise(), 'broken_promise', 1100],
    ];
    for (const [error, name, code] of cases) {
      expect(isFdbError(error, name), `${error.name} is ${name}`).toBe(true);
      expect(error.code).toBe(code);
    }
  });
});
