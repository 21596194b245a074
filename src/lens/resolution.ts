/**
 * What a lens answers (`spec/model.md` §Lenses), and `resolve`, which runs a lens by name.
 */
import type { Tier, Value } from "../model/assertion.ts";
import { authorityLens } from "./authority.ts";
import { DEFAULT_LENS_OPTIONS, type Candidate, type LensName, type LensOptions } from "./candidate.ts";
import type { WeightsByHash } from "./candidate-weights.ts";
import { confidenceLens } from "./confidence.ts";
import { consensusLens } from "./consensus.ts";
import { layeredLens } from "./layered.ts";
import { recencyLens } from "./recency.ts";
import { skepticLens } from "./skeptic.ts";
import { trustLens } from "./trust.ts";
import { voteLens } from "./vote.ts";

/** `unanimous`: one distinct value; `contested`: conflict ≥ 0.5; else `agreed` (also for no candidates). */
export type ResolutionStatus = "unanimous" | "agreed" | "contested";

/** One distinct value as the lens weighed it (the skeptic's view, reported by every lens). */
export interface ValueShare {
  readonly value: Value;
  /** The value's weight under the lens (see each lens for how it aggregates its candidates). */
  readonly weight: number;
  /** `weight` over the total of all values; equal shares when every value weighs 0. */
  readonly share: number;
  /** Distinct authors (`assertion.agentId`) holding the value. */
  readonly supporters: number;
  /** Hashes of the candidates holding the value, in the lens's ranking order. */
  readonly assertions: readonly string[];
  /** The strongest (lowest-number) tier among them. */
  readonly bestTier: Tier;
}

/** One tier's own resolution in the `layered` lens. */
export interface TierLayer {
  readonly tier: Tier;
  /** Hash of the tier's winner by the authority weighting. */
  readonly winner: string | null;
  readonly value: Value | null;
  readonly candidatesCount: number;
  /** Conflict among the tier's own values. */
  readonly conflictScore: number;
  readonly status: ResolutionStatus;
}

/** The answer of a lens for one (concept_path, predicate) pair. */
export interface Resolution {
  readonly lens: LensName;
  /** Ranked by the lens, best first (for recency: newest first). */
  readonly ranked: readonly Candidate[];
  /** The weight the lens gave each candidate, by hash (for the audit trail). */
  readonly weights: WeightsByHash;
  /** null for skeptic and when there are no candidates. */
  readonly winner: Candidate | null;
  readonly value: Value | null;
  readonly candidatesCount: number;
  /** How sure the lens is of its winner, 0..1; null for skeptic and when there are no candidates. */
  readonly resolutionConfidence: number | null;
  /** Normalised entropy of the value weight shares, 0..1. */
  readonly conflictScore: number;
  readonly status: ResolutionStatus;
  /**
   * Every distinct value, by share descending, weighed as for `conflictScore`. Every lens of this
   * module sets it; optional so that other producers of a `Resolution` need not.
   */
  readonly values?: readonly ValueShare[];
  /** `layered` only: one entry per tier present, strongest tier first. */
  readonly layers?: readonly TierLayer[];
  /** `vote` only: set when no candidate had any vote weight and the answer is consensus's. */
  readonly fallback?: "consensus";
}

/**
 * Resolves one pair's candidates through the lens called `lens`. Pure and deterministic: the order
 * of `candidates` never changes the result.
 *
 * @example
 * ```ts
 * const resolution = resolve("authority", candidates);
 * resolution.value; // the winner's value, e.g. { type: "text", value: "rare" }
 * resolution.status; // "contested"
 * ```
 */
export function resolve(
  lens: LensName,
  candidates: readonly Candidate[],
  options: LensOptions = DEFAULT_LENS_OPTIONS,
): Resolution {
  switch (lens) {
    case "recency":
      return recencyLens(candidates);
    case "confidence":
      return confidenceLens(candidates);
    case "consensus":
      return consensusLens(candidates);
    case "authority":
      return authorityLens(candidates, options);
    case "trust":
      return trustLens(candidates);
    case "vote":
      return voteLens(candidates);
    case "skeptic":
      return skepticLens(candidates, options);
    case "layered":
      return layeredLens(candidates, options);
    default:
      // Unreachable from typed code; a name from an untyped caller must not come back as undefined.
      throw new RangeError(`Cannot resolve with lens "${String(lens satisfies never)}": no such lens`);
  }
}
