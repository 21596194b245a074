/** The `authority` lens: effective confidence × tier weight × co-signature bonus. */
import { buildResolution } from "./build-resolution.ts";
import { DEFAULT_LENS_OPTIONS, type Candidate, type LensOptions } from "./candidate.ts";
import { nonNegative, unit } from "./clamp.ts";
import type { Resolution } from "./resolution.ts";
import { rankByWeight, shareOfTotal } from "./tie-break.ts";
import { maxWeight, valueShares } from "./value-shares.ts";

/** The co-signature bonus never more than doubles a claim (`spec/model.md` §Lenses). */
export const MAX_COSIGNATURE_BONUS = 2;

/** What each verified signer beyond the author adds to the bonus. */
export const COSIGNATURE_STEP = 0.25;

/**
 * The co-signature bonus: `min(2, 1 + 0.25 × max(0, signerCount − 1))`. The author's own signature
 * adds nothing, so an unsigned claim and a claim signed by its author alone both get 1.
 *
 * @example
 * ```ts
 * cosignatureBonus(0); // 1
 * cosignatureBonus(4); // 1.75 (author + 3 co-signers)
 * cosignatureBonus(9); // 2
 * ```
 */
export function cosignatureBonus(signerCount: number): number {
  const extra = Math.max(0, Math.floor(nonNegative(signerCount)) - 1);
  return Math.min(MAX_COSIGNATURE_BONUS, 1 + COSIGNATURE_STEP * extra);
}

/**
 * A candidate's authority weight: `effective_confidence × tierWeights[tier] × cosignatureBonus`.
 * `skeptic` and `layered` weigh with it too.
 *
 * @example
 * ```ts
 * authorityWeight(fdaLabel, DEFAULT_LENS_OPTIONS); // 0.9 × 1.0 × 1 = 0.9 for an unsigned tier-0 claim
 * ```
 */
export function authorityWeight(candidate: Candidate, options: LensOptions = DEFAULT_LENS_OPTIONS): number {
  const tierWeight = nonNegative(options.tierWeights[candidate.assertion.authorityTier]);
  return unit(candidate.effectiveConfidence) * tierWeight * cosignatureBonus(candidate.signerCount);
}

/**
 * Ranks by `authorityWeight`, ties by the tie-break order; the highest single weight wins.
 * resolution_confidence is the winning claim's share of the total weight of all candidates; a
 * value weighs its best candidate's weight, so a crowd of weak claims cannot outvote a strong one.
 *
 * Unlike `trust`, `vote` and `layered`, which report their winning value's share (`valueShareOf`),
 * authority keeps the claim's share: the comparison benchmark's SQL lenses (`bench/compare/`)
 * compute it that way and are checked against this lens. The arena measured the value's share
 * better calibrated (`docs/lenses.md`); changing both together is left to a later change.
 *
 * @example
 * ```ts
 * authorityLens([fdaLabel, ...fiveHundredRedditPosts]).value; // the FDA label's value
 * ```
 */
export function authorityLens(
  candidates: readonly Candidate[],
  options: LensOptions = DEFAULT_LENS_OPTIONS,
): Resolution {
  const { ranked, weights } = rankByWeight(candidates, (c) => authorityWeight(c, options));
  const winner = ranked[0] ?? null;
  return buildResolution({
    lens: "authority",
    ranked,
    weights,
    winner,
    resolutionConfidence: winner === null ? null : shareOfTotal(winner, ranked, weights),
    values: valueShares(ranked, maxWeight(weights)),
  });
}
