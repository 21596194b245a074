/** The `confidence` lens: the claim with the highest effective confidence wins. */
import { buildResolution } from "./build-resolution.ts";
import type { Candidate } from "./candidate.ts";
import { unit } from "./clamp.ts";
import type { Resolution } from "./resolution.ts";
import { rankByWeight } from "./tie-break.ts";
import { maxWeight, valueShares } from "./value-shares.ts";

/**
 * Ranks by effective (decayed) confidence, ties by the tie-break order. resolution_confidence is
 * the winner's effective confidence; a value weighs its best candidate's effective confidence.
 *
 * @example
 * ```ts
 * confidenceLens(candidates).resolutionConfidence; // the highest effective confidence
 * ```
 */
export function confidenceLens(candidates: readonly Candidate[]): Resolution {
  const { ranked, weights } = rankByWeight(candidates, (c) => unit(c.effectiveConfidence));
  const winner = ranked[0] ?? null;
  return buildResolution({
    lens: "confidence",
    ranked,
    weights,
    winner,
    resolutionConfidence: winner === null ? null : (weights.get(winner.assertion.hash) ?? 0),
    values: valueShares(ranked, maxWeight(weights)),
  });
}
