/**
 * Lesson 20, given: the messages between the cluster's roles, as FoundationDB names them.
 *
 * One commit's path: the client asks a GRV proxy for a read version (the GRV proxy asks the
 * sequencer for the live committed version), reads from storage servers at that version, and
 * sends its commit to a commit proxy. The commit proxy batches commits, asks the sequencer for a
 * commit version (which carries the previous one), asks the resolver for the verdicts, pushes
 * the committed mutations to every transaction log (each replies once the version is fsynced),
 * reports the version to the sequencer, and only then answers the clients. Storage servers peek
 * their tag from the logs, apply, make durable, and pop.
 *
 * Payloads are plain data (numbers, strings, Uint8Array, arrays and objects of them), as they
 * would be on a wire. A role never changes a payload it received or sent, and copies what it
 * keeps. Errors travel as the handler's thrown FdbError (support/fdb-error.ts).
 */
import type { KeyValue } from '@ferris/14-mvcc/mutation.ts';
import type { KeyRange } from '@ferris/16-transactions/keys.ts';
import type { ResolverTransaction, Verdict } from '@ferris/16-transactions/resolver.ts';
import type { WriteOp } from '@ferris/17-retry-loop/write-ops.ts';

/** Every endpoint of every role, by the request it answers. */
export const ENDPOINTS = {
  /** Sequencer: the next commit version for a batch. GetCommitVersionRequest -> CommitVersionReply. */
  getCommitVersion: 'sequencer.getCommitVersion',
  /** Sequencer: a commit proxy made `version` durable on every log. ReportCommittedRequest -> void. */
  reportCommitted: 'sequencer.reportCommitted',
  /** Sequencer: the newest version reported committed. {} -> VersionReply. */
  getLiveCommittedVersion: 'sequencer.getLiveCommittedVersion',
  /** GRV proxy: a read version for a transaction. {} -> VersionReply. */
  getReadVersion: 'grv.getReadVersion',
  /** Commit proxy: commit one transaction. ClusterCommitRequest -> CommitReply, or an FdbError. */
  commit: 'proxy.commit',
  /** Resolver: the verdicts of one batch. ResolveRequest -> ResolveReply. */
  resolve: 'resolver.resolve',
  /** Transaction log: store one version durably. LogPushRequest -> void, once fsynced. */
  push: 'log.push',
  /** Transaction log: one tag's versions from `from` on. PeekRequest -> PeekReply. */
  peek: 'log.peek',
  /** Transaction log: a tag no longer needs versions up to `upTo`. PopRequest -> void. */
  pop: 'log.pop',
  /** Storage server: a key's value at a version. StorageGetRequest -> StorageGetReply. */
  get: 'storage.get',
  /** Storage server: a range at a version. StorageRangeRequest -> StorageRangeReply. */
  getRange: 'storage.getRange',
} as const;

export type Endpoint = (typeof ENDPOINTS)[keyof typeof ENDPOINTS];

/**
 * Which process plays which role. Until sharding (lesson 23) every storage server holds every
 * key, so a commit proxy sends every mutation to every storage tag, and pushes every version to
 * every log: the logs are replicas, and any one of them can serve a peek.
 */
export interface ClusterLayout {
  readonly sequencer: string;
  readonly grvProxies: readonly string[];
  readonly commitProxies: readonly string[];
  readonly resolver: string;
  readonly logs: readonly string[];
  readonly storage: readonly { readonly address: string; readonly tag: Tag }[];
}

// ---- sequencer ----------------------------------------------------------------------------

export interface GetCommitVersionRequest {
  /** The asking commit proxy's address. */
  readonly proxy: string;
  /** The proxy's own count of its requests, from 1: a resent request gets the same answer. */
  readonly requestNum: number;
}

/** A batch's commit version and the version handed out just before it (0 for the first). */
export interface CommitVersionReply {
  readonly prevVersion: number;
  readonly version: number;
}

export interface ReportCommittedRequest {
  readonly version: number;
}

export interface VersionReply {
  readonly version: number;
}

// ---- resolver -----------------------------------------------------------------------------

/** One batch for the resolver: it resolves batches in version order, following prevVersion. */
export interface ResolveRequest {
  readonly prevVersion: number;
  readonly version: number;
  readonly transactions: readonly ResolverTransaction[];
}

export interface ResolveReply {
  /** One verdict per transaction, in the batch's order. */
  readonly verdicts: readonly Verdict[];
}

// ---- commit proxy -------------------------------------------------------------------------

/** A transaction's commit, as the client sends it: lesson 16's conflict ranges, lesson 17's writes. */
export interface ClusterCommitRequest extends ResolverTransaction {
  /** The writes in the order the transaction made them (versionstamped ones included). */
  readonly ops: readonly WriteOp[];
}

/** Where a committed transaction landed: its commit version and its 10-byte versionstamp. */
export interface CommitReply {
  readonly version: number;
  readonly stamp: Uint8Array;
}

// ---- transaction logs ---------------------------------------------------------------------

/**
 * A write as the logs carry it. The commit proxy has placed every versionstamp, so only sets,
 * clears and atomic operations remain; storage servers apply the atomic ones to what they hold,
 * as FoundationDB's storage servers do.
 */
export type LogOp = Extract<WriteOp, { readonly kind: 'set' | 'clear' | 'atomic' }>;

/** A storage server's tag: which mutations it must receive. */
export type Tag = number;

/** The mutations of one version for one tag, in commit order. */
export interface TaggedOps {
  readonly tag: Tag;
  readonly ops: readonly LogOp[];
}

/**
 * One version for the logs. Every version the sequencer hands out is pushed, even with no
 * mutations, so each log can check that it follows its predecessor (`prevVersion`).
 */
export interface LogPushRequest {
  readonly prevVersion: number;
  readonly version: number;
  /** Only tags with at least one op appear. */
  readonly messages: readonly TaggedOps[];
}

export interface PeekRequest {
  readonly tag: Tag;
  /** The first version wanted. */
  readonly from: number;
}

/** One version's ops for the peeked tag. */
export interface PeekEntry {
  readonly version: number;
  readonly ops: readonly LogOp[];
}

export interface PeekReply {
  /** The versions in [from, end) that carry ops for the tag, in version order. */
  readonly entries: readonly PeekEntry[];
  /** The log has every version below `end`: the next peek starts here. */
  readonly end: number;
}

export interface PopRequest {
  readonly tag: Tag;
  /** The tag's storage server has made every version up to and including `upTo` durable. */
  readonly upTo: number;
}

// ---- storage servers ----------------------------------------------------------------------

export interface StorageGetRequest {
  readonly key: Uint8Array;
  readonly version: number;
}

export interface StorageGetReply {
  /** null: the key has no value at the version. */
  readonly value: Uint8Array | null;
}

export interface StorageRangeRequest extends KeyRange {
  readonly version: number;
  /** The most pairs; 0 means no limit. */
  readonly limit: number;
  readonly reverse: boolean;
}

export interface StorageRangeReply {
  readonly pairs: readonly KeyValue[];
}
