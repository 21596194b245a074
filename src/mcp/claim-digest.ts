import type { Assertion, Candidate } from "../client/api-types.ts";

/** A claimed value as a model reads it most easily: a bare scalar, or a tagged reference. */
export type PlainValue = string | number | boolean | { readonly type: "reference"; readonly value: string };

/**
 * A claim in the fewest words that still say who claimed what, how sure, on what evidence and
 * when. Signatures are reduced to their signers: a model has no use for the 128 hex.
 */
export interface ClaimDigest {
  readonly hash: string;
  readonly concept_path: string;
  readonly predicate: string;
  readonly value: PlainValue;
  readonly confidence: number;
  readonly authority_tier: string;
  readonly source?: { readonly uri?: string; readonly hash?: string };
  readonly lifecycle?: string;
  readonly epoch?: string;
  readonly parent?: string;
  readonly agent_id: string;
  /** Agents whose signatures the server verified, author first; absent for an unsigned claim. */
  readonly signed_by?: readonly string[];
  readonly timestamp: string;
}

/** A claim as a query ranked it: decayed confidence and reader flags beside the digest. */
export interface CandidateDigest extends ClaimDigest {
  readonly effective_confidence: number;
  /** `source_retracted`, `epoch_superseded`; absent when there are none. */
  readonly flags?: readonly string[];
}

/**
 * The value without its tag where the JSON type says it already; a reference keeps its tag so
 * that it is not mistaken for text.
 *
 * @example
 * ```ts
 * plainValue({ type: "number", value: 4000 }); // 4000
 * plainValue({ type: "reference", value: "drugs/aspirin" }); // { type: "reference", value: "drugs/aspirin" }
 * ```
 */
export function plainValue(value: Assertion["value"]): PlainValue {
  return value.type === "reference" ? { type: "reference", value: String(value.value) } : value.value;
}

/**
 * The digest of an assertion as the API prints it.
 *
 * @example
 * ```ts
 * const digest = claimDigest(await client.getAssertion(hash));
 * digest.signed_by; // [agent id of the author, …co-signers] for a signed claim
 * ```
 */
export function claimDigest(assertion: Assertion): ClaimDigest {
  const signers = assertion.signatures.map((s) => s.agent_id);
  return {
    hash: assertion.hash,
    concept_path: assertion.concept_path,
    predicate: assertion.predicate,
    value: plainValue(assertion.value),
    confidence: assertion.confidence,
    authority_tier: assertion.authority_tier,
    ...(assertion.source !== undefined ? { source: assertion.source } : {}),
    // `proposed` is the default and says nothing.
    ...(assertion.lifecycle !== "proposed" ? { lifecycle: assertion.lifecycle } : {}),
    ...(assertion.epoch !== undefined ? { epoch: assertion.epoch } : {}),
    ...(assertion.parent !== undefined ? { parent: assertion.parent } : {}),
    agent_id: assertion.agent_id,
    ...(signers.length > 0 ? { signed_by: signers } : {}),
    timestamp: assertion.timestamp,
  };
}

/**
 * The digest of a query's candidate.
 *
 * @example
 * ```ts
 * const ranked = answer.assertions.map(candidateDigest);
 * ranked[0]?.effective_confidence;
 * ```
 */
export function candidateDigest(candidate: Candidate): CandidateDigest {
  return {
    ...claimDigest(candidate),
    effective_confidence: candidate.effective_confidence,
    ...(candidate.flags.length > 0 ? { flags: candidate.flags } : {}),
  };
}
