import { attribution } from "./attribution.ts";
import { CONTENT_VERSION } from "./content-hash.ts";
import { parseHex } from "./hex.ts";
import { describeInput, invalid, ownValue } from "./invalid.ts";
import type { NormalizeOptions } from "./normalize.ts";
import { checkTimestampMs, recordHash } from "./record-hash.ts";
import {
  checkClaimedHash,
  keyUsed,
  readRecord,
  recordFields,
  recordTimestamp,
  requiredValue,
} from "./record-input.ts";
import { formatTimestamp } from "./timestamp.ts";

/** Everything that goes into a vote's content hash. */
export interface VoteContent {
  /** 64 lowercase hex: the assertion voted on. */
  readonly assertion: string;
  /** The voter: the signer's 64-hex public key for a signed vote, else the write-time identity. */
  readonly agentId: string;
  /** How strongly the agent backs the assertion, 0 to 1 inclusive. */
  readonly weight: number;
  /** When the vote was cast, integer Unix milliseconds. */
  readonly timestampMs: number;
}

/**
 * An agent's vote on an assertion (`spec/model.md` §Votes, trust, epochs, sources). Immutable and
 * content-addressed; an agent's later vote on the same assertion replaces its earlier one in the
 * tally, which is the reader's business, not the record's.
 */
export interface Vote extends VoteContent {
  /** BLAKE3-256 of the canonical content, 64 lowercase hex. */
  readonly hash: string;
  /** Ed25519 by `agentId` over `stemedb:v1:<hash>`, 128 lowercase hex. Not part of the content. */
  readonly signature?: string;
}

/** The object whose JCS bytes are a vote's hash. */
export interface VoteContentObject {
  readonly v: typeof CONTENT_VERSION;
  readonly kind: "vote";
  readonly assertion: string;
  readonly agent_id: string;
  readonly weight: number;
  readonly timestamp_ms: number;
}

/** A vote as the API prints it; `normalizeVote` accepts it back unchanged. */
export interface VoteJson {
  readonly hash: string;
  readonly assertion: string;
  readonly agent_id: string;
  readonly weight: number;
  /** RFC 3339 UTC with milliseconds. */
  readonly timestamp: string;
  readonly signature?: string;
}

// `hash` is accepted so that a vote read from the API can be posted back as it is.
const FIELDS = recordFields(
  "vote",
  ["assertion", "weight", "agent_id", "timestamp", "signature", "hash"],
  ["assertion_hash"],
);

/**
 * Validates a vote body and returns the canonical vote with its content hash. A `signature` is
 * format-checked here and verified by `verifyVote`.
 *
 * The voter is part of the content, so it must be known before hashing: with a `signature`,
 * `agent_id` is required and must be the signer's 64-hex public key; without one, the vote is the
 * write-time identity's (`options.agentId`, else `"anonymous"`) and a body `agent_id` is ignored,
 * as for assertions. `weight` defaults to 1, `timestamp` to `options.nowMs`; `assertion_hash`
 * is the original API's name for `assertion`; `null` counts as absent; an optional `hash` must
 * equal the computed one.
 *
 * Throws `ValidationError` (field, reason) for every broken rule of the input, and nothing else
 * (a `RangeError` only for a bad `options.nowMs`, a bug in the caller).
 *
 * @example
 * ```ts
 * const options = { nowMs: Date.now(), agentId: "key:ops" };
 * const v = normalizeVote({ assertion_hash: "6145…eb87", weight: 0.85 }, options);
 * v.agentId; // "key:ops"
 * ```
 */
export function normalizeVote(input: unknown, options: NormalizeOptions): Vote {
  const body = readRecord(input, options, FIELDS);
  const assertionKey = keyUsed(body, "assertion", "assertion_hash");
  const assertion = parseHex(
    requiredValue(body, assertionKey, "the 64-hex hash of the assertion voted on"),
    assertionKey,
    32,
  );
  const weight = parseWeight(ownValue(body, "weight"));
  const timestampMs = recordTimestamp(body, options);
  const signatureInput = ownValue(body, "signature");

  const vote: { -readonly [K in keyof Vote]: Vote[K] } = {
    hash: "",
    assertion,
    agentId: "",
    weight,
    timestampMs,
  };
  if (signatureInput === undefined) {
    vote.agentId = attribution(ownValue(body, "agent_id"), [], options);
  } else {
    // Parsed first so that a malformed signature is reported as such, whatever agent_id says.
    vote.signature = parseHex(signatureInput, "signature", 64);
    vote.agentId = parseHex(
      requiredValue(
        body,
        "agent_id",
        "a signed vote names its signer, the agent's 64-hex Ed25519 public key",
      ),
      "agent_id",
      32,
    );
  }
  vote.hash = voteHash(vote);
  checkClaimedHash(body, vote.hash);
  return vote;
}

/**
 * The content object of a vote: `v: 1`, `kind: "vote"`, snake_case names, integer `timestamp_ms`.
 * The signature is not content.
 *
 * @example
 * ```ts
 * voteContentObject(vote).kind; // "vote"
 * ```
 */
export function voteContentObject(v: VoteContent): VoteContentObject {
  return {
    v: CONTENT_VERSION,
    kind: "vote",
    assertion: v.assertion,
    agent_id: v.agentId,
    weight: v.weight,
    timestamp_ms: checkTimestampMs(v.timestampMs),
  };
}

/**
 * A vote's identity: BLAKE3-256 of the JCS of `voteContentObject(v)`, 64 lowercase hex.
 *
 * @example
 * ```ts
 * voteHash(vote) === vote.hash; // true
 * ```
 */
export function voteHash(v: VoteContent): string {
  return recordHash(voteContentObject(v));
}

/**
 * The API output shape of a vote: snake_case, RFC 3339 time, `signature` only where present.
 *
 * @example
 * ```ts
 * voteToJson(vote).timestamp; // "2026-02-11T14:30:00.000Z"
 * ```
 */
export function voteToJson(v: Vote): VoteJson {
  const out: { -readonly [K in keyof VoteJson]: VoteJson[K] } = {
    hash: v.hash,
    assertion: v.assertion,
    agent_id: v.agentId,
    weight: v.weight,
    timestamp: formatTimestamp(v.timestampMs),
  };
  if (v.signature !== undefined) out.signature = v.signature;
  return out;
}

function parseWeight(input: unknown): number {
  if (input === undefined) return 1;
  const expected = "weight must be a number from 0 to 1 (or omit it for 1)";
  if (typeof input !== "number") {
    throw invalid("weight", "wrong_type", `${expected}, got ${describeInput(input)}`);
  }
  if (!(input >= 0 && input <= 1)) {
    throw invalid("weight", "out_of_range", `${expected}, got ${describeInput(input)}`);
  }
  return input === 0 ? 0 : input; // -0 → 0, as RFC 8785 prints it
}
