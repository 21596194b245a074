/** The `recency` lens: the newest claim wins. */
import { buildResolution } from "./build-resolution.ts";
import type { Candidate } from "./candidate.ts";
import { CandidateWeights } from "./candidate-weights.ts";
import { unit } from "./clamp.ts";
import type { Resolution } from "./resolution.ts";
import { correctedByAuthor, currentFirst, isCorrected } from "./corrections.ts";
import { canonicalOrder } from "./tie-break.ts";
import { maxOf, valueShares } from "./value-shares.ts";

/**
 * Ranks newest first (the tie-break order itself: same time → higher confidence → smaller hash),
 * except that claims their own author has corrected come last and weigh 0 (`corrections.ts`).
 * resolution_confidence is the winner's effective confidence. A candidate's weight, and a value's
 * weight for the conflict score, is its (best) effective confidence: recency does not weigh, so the
 * audit trail shows how strong each claim still is.
 *
 * @example
 * ```ts
 * recencyLens(candidates).winner?.assertion.timestampMs; // the newest timestamp
 * ```
 */
export function recencyLens(candidates: readonly Candidate[]): Resolution {
  const canonical = canonicalOrder(candidates);
  const corrected = correctedByAuthor(canonical);
  const ranked = currentFirst(canonical, corrected);
  const weights = new CandidateWeights();
  for (const c of ranked) weights.add(c.assertion.hash, recencyWeight(c, corrected));
  const winner = ranked[0] ?? null;
  return buildResolution({
    lens: "recency",
    ranked,
    weights,
    winner,
    resolutionConfidence: winner === null ? null : unit(winner.effectiveConfidence),
    values: valueShares(
      ranked,
      maxOf((c) => recencyWeight(c, corrected)),
    ),
  });
}

/** A claim's effective confidence, 0 when its author corrected it. */
function recencyWeight(c: Candidate, corrected: ReadonlySet<string>): number {
  return isCorrected(corrected, c.assertion.hash) ? 0 : unit(c.effectiveConfidence);
}
