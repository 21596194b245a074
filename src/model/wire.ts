import type { Assertion, Lifecycle, Signature, Value } from "./assertion.ts";
import { tierName, type TierName } from "./tier.ts";
import { formatTimestamp } from "./timestamp.ts";

/** A signature as the API prints it. */
export interface SignatureJson {
  readonly agent_id: string;
  readonly signature: string;
  /** RFC 3339 UTC with milliseconds. */
  readonly timestamp: string;
}

/** An assertion as the API prints it; `normalizeAssertion` accepts it back unchanged. */
export interface AssertionJson {
  readonly hash: string;
  readonly concept_path: string;
  readonly predicate: string;
  readonly value: Value;
  readonly confidence: number;
  readonly authority_tier: TierName;
  readonly source?: { readonly uri?: string; readonly hash?: string };
  readonly lifecycle: Lifecycle;
  readonly epoch?: string;
  readonly parent?: string;
  /** RFC 3339 UTC with milliseconds. */
  readonly timestamp: string;
  readonly agent_id: string;
  readonly signatures: readonly SignatureJson[];
}

/**
 * The API output shape of an assertion: snake_case, tagged value, tier name, RFC 3339 times,
 * optional members only where present.
 *
 * @example
 * ```ts
 * assertionToJson(a).timestamp; // "2026-02-11T14:30:00.000Z"
 * ```
 */
export function assertionToJson(a: Assertion): AssertionJson {
  const out: { -readonly [K in keyof AssertionJson]: AssertionJson[K] } = {
    hash: a.hash,
    concept_path: a.conceptPath,
    predicate: a.predicate,
    value: a.value,
    confidence: a.confidence,
    authority_tier: tierName(a.authorityTier),
    lifecycle: a.lifecycle,
    timestamp: formatTimestamp(a.timestampMs),
    agent_id: a.agentId,
    signatures: a.signatures.map(signatureToJson),
  };
  if (a.source !== undefined) out.source = a.source;
  if (a.epoch !== undefined) out.epoch = a.epoch;
  if (a.parent !== undefined) out.parent = a.parent;
  return out;
}

/**
 * A signature as the API prints it.
 *
 * @example
 * ```ts
 * signatureToJson({ agentId, signature, timestampMs: 0 }).timestamp; // "1970-01-01T00:00:00.000Z"
 * ```
 */
export function signatureToJson(s: Signature): SignatureJson {
  return { agent_id: s.agentId, signature: s.signature, timestamp: formatTimestamp(s.timestampMs) };
}
