/**
 * How contested an answer is (`spec/model.md` §Lenses): the normalised Shannon entropy of the
 * weight shares of the distinct values, and the status derived from it.
 */
import type { ResolutionStatus } from "./resolution.ts";

/** `conflictScore` at or above this is `contested` (`spec/model.md` §Lenses). */
export const CONTESTED_THRESHOLD = 0.5;

/**
 * The normalised Shannon entropy `H / ln(k)` of the shares of `valueWeights` (one weight per
 * distinct value), where `k` counts the values with weight > 0: 0 when all agree, 1 when evenly
 * split. When every weight is 0 the values count as equally weighted, so two or more give 1.
 *
 * @example
 * ```ts
 * conflictScore([1]); // 0
 * conflictScore([2, 2]); // 1
 * conflictScore([0.9, 0.1]); // ≈ 0.469
 * ```
 */
export function conflictScore(valueWeights: readonly number[]): number {
  // Two passes over the weights as given, skipping the ones that do not count: every answer
  // computes this, and most weigh a handful of values.
  let total = 0;
  let positive = 0;
  for (const w of valueWeights) {
    if (counts(w)) {
      total += w;
      positive++;
    }
  }
  if (total === 0) return valueWeights.length >= 2 ? 1 : 0;
  if (positive < 2) return 0;
  let entropy = 0;
  for (const w of valueWeights) {
    if (!counts(w)) continue;
    const p = w / total;
    entropy -= p * Math.log(p);
  }
  // Rounding can put an even split a hair above 1 or a near-unanimous one below 0.
  return Math.min(1, Math.max(0, entropy / Math.log(positive)));
}

/** A weight that takes part in the entropy: finite and above 0. */
function counts(weight: number): boolean {
  return Number.isFinite(weight) && weight > 0;
}

/**
 * `unanimous` for exactly one distinct value, `contested` when `conflict` ≥ 0.5, else `agreed`.
 * Zero values (no candidates) are `agreed` with conflict 0: the three statuses of the spec are
 * kept, and the HTTP layer emits no resolution for an empty pair anyway.
 */
export function resolutionStatus(distinctValues: number, conflict: number): ResolutionStatus {
  if (distinctValues === 1) return "unanimous";
  return conflict >= CONTESTED_THRESHOLD ? "contested" : "agreed";
}
