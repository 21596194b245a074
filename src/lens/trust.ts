/** The `trust` lens: effective confidence weighted by the author's trust. */
import { buildResolution } from "./build-resolution.ts";
import type { Candidate } from "./candidate.ts";
import { unit } from "./clamp.ts";
import type { Resolution } from "./resolution.ts";
import { rankByWeight } from "./tie-break.ts";
import { maxWeight, valueShareOf, valueShares } from "./value-shares.ts";

/**
 * A candidate's `trust` weight: `effective_confidence × trust(author)`.
 *
 * @example
 * ```ts
 * trustWeight(candidate); // 0.9 confidence by an agent of trust 0.5 → 0.45
 * ```
 */
export function trustWeight(candidate: Candidate): number {
  return unit(candidate.effectiveConfidence) * unit(candidate.authorTrust);
}

/**
 * Ranks by `trustWeight`, ties by the tie-break order. resolution_confidence is the winner's
 * value's share of the total weight, where a value weighs its best candidate's weight.
 *
 * @example
 * ```ts
 * trustLens(candidates).winner; // the claim whose author's trust × confidence is highest
 * ```
 */
export function trustLens(candidates: readonly Candidate[]): Resolution {
  const { ranked, weights } = rankByWeight(candidates, trustWeight);
  const winner = ranked[0] ?? null;
  const values = valueShares(ranked, maxWeight(weights));
  return buildResolution({
    lens: "trust",
    ranked,
    weights,
    winner,
    resolutionConfidence: winner === null ? null : valueShareOf(winner.assertion.value, values),
    values,
  });
}
