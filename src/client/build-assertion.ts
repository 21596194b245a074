import type { Lifecycle, Tier, Value } from "../model/assertion.ts";
import { normalizeAssertion } from "../model/normalize.ts";
import { TIER_NAMES, type TierName } from "../model/tier.ts";
import { formatTimestamp } from "../model/timestamp.ts";
import type { AssertionInput } from "./api-types.ts";
import { toTimestampInput, type TimeInput } from "./time-input.ts";

/**
 * A claimed value: a bare scalar (typed by its JSON type) or the tagged form, e.g. `referenceValue(path)`.
 *
 * @example
 * ```ts
 * const values: ClaimValue[] = [true, 1.15, "RS256", referenceValue("drugs/aspirin")];
 * ```
 */
export type ClaimValue = string | number | boolean | Value;

/**
 * What `buildAssertion` takes: the API's field names, with the types the server accepts.
 *
 * @example
 * ```ts
 * const fields: AssertionFields = { concept_path: "drugs/aspirin", predicate: "max_daily_dose_mg", value: 4000, confidence: 0.9, authority_tier: "clinical" };
 * ```
 */
export interface AssertionFields {
  /** What the claim is about: `drugs/aspirin/safety`. */
  readonly concept_path: string;
  /** The property claimed: `max_daily_dose_mg`. */
  readonly predicate: string;
  readonly value: ClaimValue;
  /** The author's certainty, 0 to 1. */
  readonly confidence: number;
  /** The class of evidence (default `anecdotal`), by name or number (0 `regulatory` … 5). */
  readonly authority_tier?: TierName | Tier;
  /** The evidence: a URI, the BLAKE3 of its content (`hashSource`), or both. */
  readonly source?: { readonly uri?: string; readonly hash?: string };
  /** Default `proposed`. */
  readonly lifecycle?: Lifecycle;
  /** The epoch (paradigm) the claim belongs to, 64 hex. */
  readonly epoch?: string;
  /** The assertion this one corrects, refines or moves through its lifecycle, 64 hex. */
  readonly parent?: string;
  /** When the claim was made; now (the client's clock) by default. */
  readonly timestamp?: TimeInput;
}

/**
 * A checked assertion in the API's canonical spelling, ready to sign and send.
 *
 * @example
 * ```ts
 * const draft: AssertionDraft = buildAssertion(fields);
 * draft.authority_tier; // "clinical"
 * ```
 */
export interface AssertionDraft extends AssertionInput {
  readonly concept_path: string;
  readonly predicate: string;
  readonly value: Value;
  readonly confidence: number;
  readonly authority_tier: TierName;
  readonly source?: { readonly uri?: string; readonly hash?: string };
  readonly lifecycle?: Lifecycle;
  readonly epoch?: string;
  readonly parent?: string;
  /** RFC 3339 UTC with milliseconds. */
  readonly timestamp: string;
}

/**
 * Checks an assertion with the server's own rules and returns it in canonical spelling: the value
 * tagged, the tier by name, the path in NFC, hex in lower case, and a `timestamp` (now when
 * absent). The time makes the content, so the hash, fixed here: the draft can be signed, and its
 * write is safe to resend. Throws the server's `ValidationError` (with `field` and `reason`) for
 * what the server would refuse, before anything is sent.
 *
 * @example
 * ```ts
 * import { buildAssertion, hashAssertion } from "stemedb/client";
 *
 * const draft = buildAssertion({
 *   concept_path: "drugs/aspirin",
 *   predicate: "max_daily_dose_mg",
 *   value: 4000,
 *   confidence: 0.9,
 *   authority_tier: "regulatory",
 *   source: { uri: "fda://label/aspirin/2024" },
 * });
 * draft.value; // { type: "number", value: 4000 }
 * hashAssertion(draft); // the hash the server will report
 * ```
 */
export function buildAssertion(fields: AssertionFields): AssertionDraft {
  const nowMs = Date.now();
  const { timestamp, ...content } = fields;
  const a = normalizeAssertion({ ...content, timestamp: toTimestampInput(timestamp, nowMs) }, { nowMs });
  return {
    concept_path: a.conceptPath,
    predicate: a.predicate,
    value: a.value,
    confidence: a.confidence,
    authority_tier: TIER_NAMES[a.authorityTier],
    ...(a.source !== undefined ? { source: a.source } : {}),
    ...(fields.lifecycle !== undefined ? { lifecycle: a.lifecycle } : {}),
    ...(a.epoch !== undefined ? { epoch: a.epoch } : {}),
    ...(a.parent !== undefined ? { parent: a.parent } : {}),
    timestamp: formatTimestamp(a.timestampMs),
  };
}
