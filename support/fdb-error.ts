/**
 * FoundationDB's error family, for Parts 3 and 4.
 *
 * Every error a transaction or a cluster role can raise carries FoundationDB's numeric code and
 * its snake_case name (from `flow/include/flow/error_definitions.h`), so a learner who later
 * meets FoundationDB recognises them: `not_committed` is 1020 here as there. `isRetryable`
 * follows FoundationDB's `FDB_ERROR_PREDICATE_RETRYABLE`: an error is retryable when the
 * transaction certainly did not commit and may simply be run again, or when it may have
 * committed (`commit_unknown_result`), which a retry loop must also handle.
 */

interface ErrorSpec {
  readonly code: number;
  /** What happened, in FoundationDB's own words where it has them. */
  readonly description: string;
  /** What the caller should do. */
  readonly advice: string;
  readonly retryable?: 'not-committed' | 'maybe-committed';
}

/** The FoundationDB errors this course raises, by FoundationDB's name. */
export const FDB_ERRORS = {
  wrong_shard_server: {
    code: 1001,
    description: 'shard is not available from this server',
    advice: 'refresh the key location cache and ask the server that owns the key now',
  },
  timed_out: { code: 1004, description: 'operation timed out', advice: 'retry, or raise the timeout' },
  transaction_too_old: {
    code: 1007,
    description: 'transaction is too old to perform reads or be committed',
    advice: 'start again with a fresh read version (a retry loop does this for you)',
    retryable: 'not-committed',
  },
  future_version: {
    code: 1009,
    description: 'request for future version',
    advice: 'wait for the server to catch up, then retry (a retry loop does this for you)',
    retryable: 'not-committed',
  },
  tlog_stopped: {
    code: 1011,
    description: 'transaction log stopped',
    advice: 'a recovery has locked this log; talk to the new generation',
  },
  not_committed: {
    code: 1020,
    description: 'transaction not committed due to conflict with another transaction',
    advice: 'retry the transaction from the start (a retry loop does this for you)',
    retryable: 'not-committed',
  },
  commit_unknown_result: {
    code: 1021,
    description: 'transaction may or may not have committed',
    advice: 'retry only if the transaction is idempotent, or check whether it committed first',
    retryable: 'maybe-committed',
  },
  transaction_cancelled: {
    code: 1025,
    description: 'operation aborted because the transaction was cancelled',
    advice: 'create a new transaction',
  },
  request_maybe_delivered: {
    code: 1030,
    description: 'request may or may not have been delivered',
    advice:
      'the connection broke after sending: make the request idempotent, or check its effect before sending it again',
  },
  transaction_timed_out: {
    code: 1031,
    description: 'operation aborted because the transaction timed out',
    advice: 'raise the timeout, or make the transaction do less',
  },
  too_many_watches: {
    code: 1032,
    description: 'too many watches currently set',
    advice: 'cancel watches you no longer need, or raise the watch limit',
  },
  database_locked: {
    code: 1038,
    description: 'database is locked',
    advice: 'retry once the database is unlocked',
    retryable: 'not-committed',
  },
  process_behind: {
    code: 1037,
    description: 'storage process does not have recent mutations',
    advice: 'retry; the storage server is catching up',
    retryable: 'not-committed',
  },
  broken_promise: {
    code: 1100,
    description: 'broken promise: the process that was to reply is gone',
    advice: 'the peer died or the connection broke before it sent anything back; find the new owner and retry',
  },
  operation_cancelled: {
    code: 1101,
    description: 'asynchronous operation cancelled',
    advice: 'nothing to do: whoever waited for it no longer needs the result',
  },
  io_error: { code: 1510, description: 'disk i/o operation failed', advice: 'check the disk' },
  client_invalid_operation: {
    code: 2000,
    description: 'invalid API call',
    advice: 'read the method documentation: this call is not allowed in this state',
  },
  key_outside_legal_range: {
    code: 2004,
    description: 'key outside legal range',
    advice: 'keep keys below the system key space (\\xff)',
  },
  inverted_range: {
    code: 2005,
    description: 'range begin key larger than end key',
    advice: 'pass the smaller key as begin',
  },
  used_during_commit: {
    code: 2017,
    description: 'operation issued while a commit was outstanding',
    advice: 'wait for commit() to settle before using the transaction again',
  },
  invalid_mutation_type: {
    code: 2018,
    description: 'unrecognized atomic mutation type',
    advice: 'use one of the listed atomic operations',
  },
  transaction_too_large: {
    code: 2101,
    description: 'transaction exceeds byte limit',
    advice: 'split the work into several smaller transactions',
  },
  key_too_large: { code: 2102, description: 'key length exceeds limit', advice: 'use a shorter key' },
  invalid_tuple_data_type: {
    code: 2250,
    description: 'invalid data type in packed tuple',
    advice: 'unpack the whole key written by pack(), with any raw prefix stripped',
  },
  key_not_in_subspace: {
    code: 2252,
    description: 'cannot unpack key that is not in subspace',
    advice: 'check Subspace.contains(key) first, or unpack with the subspace the key was packed with',
  },
  value_too_large: {
    code: 2103,
    description: 'value length exceeds limit',
    advice: 'split the value over several keys',
  },
} as const satisfies Record<string, ErrorSpec>;

export type FdbErrorName = keyof typeof FDB_ERRORS;

/**
 * An error with FoundationDB's code and name. `message` says what happened, where (the
 * `detail` the raiser gives), and what to do.
 */
export class FdbError extends Error {
  override readonly name: string = 'FdbError';
  /** FoundationDB's numeric code, for example 1020. */
  readonly code: number;

  constructor(
    /** FoundationDB's name, for example `not_committed`. */
    readonly codeName: FdbErrorName,
    /** Where and why, in words: "read of key 'a' at version 7, oldest version 10". */
    readonly detail = '',
    /** What to do, when the raiser knows better than the general advice for this error. */
    advice?: string,
  ) {
    const spec: ErrorSpec = FDB_ERRORS[codeName];
    super(
      `${codeName} (${spec.code}): ${spec.description}${detail ? `: ${detail}` : ''}. What to do: ${advice ?? spec.advice}.`,
    );
    this.code = spec.code;
  }

  /** True when running the transaction again is the right response (FoundationDB's predicate). */
  get retryable(): boolean {
    return isRetryableCode(this.code);
  }

  /** True when the transaction may have committed although this error was raised. */
  get maybeCommitted(): boolean {
    return specOf(this.code)?.retryable === 'maybe-committed';
  }
}

function specOf(code: number): ErrorSpec | undefined {
  return Object.values(FDB_ERRORS).find((spec: ErrorSpec) => spec.code === code);
}

function isRetryableCode(code: number): boolean {
  return specOf(code)?.retryable !== undefined;
}

/** Whether `error` is a FoundationDB error that a retry loop should retry. */
export function isRetryable(error: unknown): boolean {
  return error instanceof FdbError && error.retryable;
}

/** Whether `error` is the FoundationDB error `name` (for example `isFdbError(e, 'not_committed')`). */
export function isFdbError(error: unknown, name: FdbErrorName): error is FdbError {
  return error instanceof FdbError && error.codeName === name;
}

// Named classes for the errors the lessons raise most, so `instanceof` and stack traces read well.

/** 1007: the read version fell out of the window of versions kept in memory. */
export class TransactionTooOld extends FdbError {
  override readonly name = 'TransactionTooOld';
  constructor(detail = '') {
    super('transaction_too_old', detail);
  }
}

/** 1009: a read at a version the server has not reached yet. */
export class FutureVersion extends FdbError {
  override readonly name = 'FutureVersion';
  constructor(detail = '') {
    super('future_version', detail);
  }
}

/** 1020: the resolver found a conflicting write committed after this transaction's read version. */
export class NotCommitted extends FdbError {
  override readonly name = 'NotCommitted';
  constructor(detail = '') {
    super('not_committed', detail);
  }
}

/** 1021: the commit's outcome is unknown (for example the proxy died after sending it on). */
export class CommitUnknownResult extends FdbError {
  override readonly name = 'CommitUnknownResult';
  constructor(detail = '') {
    super('commit_unknown_result', detail);
  }
}

/** 1100: the process that was to answer is gone (killed, or its connection broke). */
export class BrokenPromise extends FdbError {
  override readonly name = 'BrokenPromise';
  constructor(detail = '') {
    super('broken_promise', detail);
  }
}

/** 1030: a request was sent but the connection broke before the reply: it may have run. */
export class RequestMaybeDelivered extends FdbError {
  override readonly name = 'RequestMaybeDelivered';
  constructor(detail = '') {
    super('request_maybe_delivered', detail);
  }
}
