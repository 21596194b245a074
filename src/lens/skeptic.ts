/** The `skeptic` lens: no winner, every distinct value with its weight share. */
import { authorityWeight } from "./authority.ts";
import { buildResolution } from "./build-resolution.ts";
import { DEFAULT_LENS_OPTIONS, type Candidate, type LensOptions } from "./candidate.ts";
import type { Resolution } from "./resolution.ts";
import { rankByWeight } from "./tie-break.ts";
import { maxWeight, valueShares } from "./value-shares.ts";

/**
 * Lists every distinct value with its weight, share, supporters, hashes and best tier, weighed by
 * `authorityWeight` (a value weighs its best claim), and reports how contested the pair is. It
 * picks no winner: `winner`, `value` and `resolutionConfidence` are null ("—" in the spec).
 * `ranked` is by authority weight, for the audit trail.
 *
 * @example
 * ```ts
 * const { values, status } = skepticLens(candidates);
 * values?.map((v) => [v.value.value, v.share]); // [["rare", 0.54], ["no signal", 0.41], ["severe", 0.05]]
 * status; // "contested"
 * ```
 */
export function skepticLens(
  candidates: readonly Candidate[],
  options: LensOptions = DEFAULT_LENS_OPTIONS,
): Resolution {
  const { ranked, weights } = rankByWeight(candidates, (c) => authorityWeight(c, options));
  return buildResolution({
    lens: "skeptic",
    ranked,
    weights,
    winner: null,
    resolutionConfidence: null,
    values: valueShares(ranked, maxWeight(weights)),
  });
}
