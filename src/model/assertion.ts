/**
 * The assertion types of the data model (`spec/model.md` §Assertion). Everything here is plain
 * readonly data: parsing lives in `normalize.ts`, identity in `content-hash.ts`.
 */

/** Authority tier: 0 `regulatory` (strongest evidence) … 5 `anecdotal`. See `tier.ts`. */
export type Tier = 0 | 1 | 2 | 3 | 4 | 5;

/** Where a claim stands in review. Moving it is a new assertion whose `parent` is the old one. */
export type Lifecycle = "proposed" | "under_review" | "approved" | "deprecated" | "rejected";

/** A claimed value, always tagged on output. `reference` holds a concept path. */
export type Value =
  | { readonly type: "text"; readonly value: string }
  | { readonly type: "number"; readonly value: number }
  | { readonly type: "boolean"; readonly value: boolean }
  | { readonly type: "reference"; readonly value: string };

/** The evidence behind a claim: a URI, the 64-hex BLAKE3 of the source content, or both. */
export interface Source {
  readonly uri?: string;
  readonly hash?: string;
}

/** An Ed25519 signature by `agentId` (64 hex public key) over `stemedb:v1:<hash>`. */
export interface Signature {
  readonly agentId: string;
  /** 128 lowercase hex characters (the 64-byte RFC 8032 signature). */
  readonly signature: string;
  /** When the agent signed, Unix milliseconds. Not covered by the signature. */
  readonly timestampMs: number;
}

/** Everything that goes into the content hash. */
export interface AssertionContent {
  readonly conceptPath: string;
  readonly predicate: string;
  readonly value: Value;
  /** The author's certainty, 0 to 1 inclusive. */
  readonly confidence: number;
  readonly authorityTier: Tier;
  readonly source?: Source;
  readonly lifecycle: Lifecycle;
  /** 64 lowercase hex: the epoch (paradigm) this claim belongs to. */
  readonly epoch?: string;
  /** 64 lowercase hex: the assertion this one corrects, refines or moves through its lifecycle. */
  readonly parent?: string;
  /** When the claim was made, integer Unix milliseconds. */
  readonly timestampMs: number;
}

/** A stored assertion: content + identity + signatures + attribution. */
export interface Assertion extends AssertionContent {
  /** BLAKE3-256 of the canonical content, 64 lowercase hex. */
  readonly hash: string;
  /** First = author, the rest are co-signers. Not part of the content hash. */
  readonly signatures: readonly Signature[];
  /** First signer's agent id, else the identity given at write time, else `"anonymous"`. */
  readonly agentId: string;
}
