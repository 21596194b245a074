/**
 * The boundary every system the comparison benchmark measures implements: the same claims stored
 * the same way, and the same lens questions asked of them. StemeDB answers these through its own
 * query engine; PostgreSQL and SQLite answer them in SQL (`lens-sql.ts`).
 */

/** One claim as every system stores it. valueJson is JSON.stringify of the value ({"type":"text","value":"…"}). */
export interface BenchClaim {
  /** The content hash: 64 lowercase hex characters, unique. */
  readonly hash: string;
  /** e.g. "bench/c123". */
  readonly conceptPath: string;
  readonly predicate: string;
  /** Two claims hold the same distinct value exactly when their valueJson strings are equal. */
  readonly valueJson: string;
  readonly agentId: string;
  /** 0..1. */
  readonly confidence: number;
  /** 0..5 (0 regulatory .. 5 anecdotal). */
  readonly tier: number;
  readonly timestampMs: number;
}

/** A lens's answer for one pair: the winning value and how sure the lens is of it. */
export interface LensAnswer {
  readonly valueJson: string;
  readonly resolutionConfidence: number;
}

/** One distinct value as the skeptic lens weighs it. */
export interface SkepticShare {
  readonly valueJson: string;
  /** The value's share of the total authority weight; the shares of a pair sum to 1. */
  readonly share: number;
  /** Distinct agents holding the value. */
  readonly supporters: number;
}

/**
 * A system under comparison. `nowMs` is the query's "now": claims are decayed as of it, a claim
 * timestamped after it is not decayed, and no claim is filtered out by it (StemeDB's query without
 * `as_of`). Answers follow StemeDB's lenses (`src/lens/`) for unsigned, current claims with no
 * votes, epochs or retractions.
 */
export interface Peer {
  readonly name: string;
  /** Stores the claims durably (committed and fsynced) in one transaction, batched inserts. */
  ingest(claims: readonly BenchClaim[]): Promise<void>;
  /** The newest claim (ties: higher confidence, then smaller hash); confidence: its effective confidence. */
  recency(conceptPath: string, predicate: string, nowMs: number): Promise<LensAnswer | undefined>;
  /** The value most distinct agents hold; confidence: its agents over the sum of every value's agents. */
  consensus(conceptPath: string, predicate: string, nowMs: number): Promise<LensAnswer | undefined>;
  /** The claim of highest effective confidence × tier weight; confidence: its share of the total weight. */
  authority(conceptPath: string, predicate: string, nowMs: number): Promise<LensAnswer | undefined>;
  /** Every distinct value by share of authority weight (a value weighs its best claim), highest first. */
  skeptic(conceptPath: string, predicate: string, nowMs: number): Promise<SkepticShare[]>;
  /**
   * The recency winner of every (concept_path, predicate) pair in the subtree at `prefix` (the path
   * `prefix` itself and every path below `prefix/`, StemeDB's `concept_path=prefix/*`); returns how
   * many pairs.
   */
  prefixRecency(prefix: string, nowMs: number): Promise<number>;
  /** Bytes the stored claims take on disk (see each implementation for what is counted). */
  bytesOnDisk(): Promise<number>;
  close(): Promise<void>;
}
