import type { DurableRecord } from "../wal/wal.ts";

/** One record to append: its type, its bytes, and what to hand ingest along with it. */
export interface LogAppend {
  readonly type: number;
  readonly payload: Uint8Array;
  /**
   * The content hash of what the record stores (an assertion's, a vote's…), when it has one: a
   * cluster log files the record under the shard of that hash, which a shard's repair replays.
   */
  readonly hash?: string;
  /** The decoded form, so this node's ingest need not decode what was just encoded. */
  readonly carry?: unknown;
}

/**
 * The durable, ordered log every write goes through before the store applies it: the local WAL
 * on a single node, a replicated JetStream stream in a cluster. Ingest consumes the log in both
 * modes, so a node's store is built the same way either way, and its applied position is a
 * sequence number of this log.
 */
export interface AssertionLog {
  /** `local` (the WAL) or `cluster` (JetStream). */
  readonly kind: "local" | "cluster";
  /**
   * Appends records durably and resolves with each one's sequence, in the order given. A cluster
   * log answers a record it already holds (same bytes, published again) with the first copy's
   * sequence. Rejects with `UnavailableError` when the log cannot take writes.
   */
  appendAll(records: readonly LogAppend[]): Promise<number[]>;
  /**
   * Delivers every durable record from `fromSeq` on, in log order and in batches, then each new
   * one as it becomes durable. Call once.
   */
  consume(fromSeq: number, listener: (records: readonly DurableRecord[]) => void): void;
  /** Set when only a restart makes the log take writes again. */
  readonly failure: Error | undefined;
  /** Set while writes are failing but may succeed again by themselves (disk full, no quorum). */
  readonly writeFailure: Error | undefined;
  /** Stops taking writes, waits for those in flight, and stops delivering. */
  close(): Promise<void>;
}
