/**
 * Lesson 22, given: how long a storage server waits, as FoundationDB's knobs say
 * (fdbclient/ServerKnobs.cpp), in microseconds of simulated time.
 */
import { MS, SECOND } from '@ferris/18-simulator/clock.ts';

/**
 * How long a read at a version the server has not got yet waits for it before it throws
 * future_version (1009): SERVER_KNOBS->FUTURE_VERSION_DELAY, 1.0 s.
 */
export const FUTURE_VERSION_DELAY = 1 * SECOND;

/**
 * How often the durability loop makes the oldest readable version durable and pops the logs:
 * SERVER_KNOBS->STORAGE_COMMIT_INTERVAL, 0.5 s.
 */
export const STORAGE_COMMIT_INTERVAL = 500 * MS;

/**
 * How long a storage server whose peek brought nothing new waits before it peeks again. In
 * FoundationDB the log holds a peek until it has something; our logs answer at once, so the
 * storage server waits instead (a number of ours, not one of FoundationDB's knobs).
 */
export const PEEK_IDLE_DELAY = 1 * MS;

/** How long a storage server waits before it peeks another log, after one did not answer. */
export const PEEK_RETRY_DELAY = 10 * MS;

/** How often a read waiting for its version looks again. */
export const VERSION_POLL_INTERVAL = 1 * MS;
