/** Semantic decay (`spec/model.md` §Authority tiers): claims fade at a rate set by their tier. */
import type { Tier } from "../model/assertion.ts";
import { DEFAULT_TIER_HALF_LIFE_DAYS, type TierTable } from "../model/tier.ts";

/** Milliseconds in a day: ages are measured in days, half-lives are configured in days. */
export const MS_PER_DAY = 86_400_000;

/**
 * `confidence × 0.5^(age / halfLife)` with `age = nowMs − timestampMs` in days. Applied at read
 * time, never stored. No decay for a claim from the future (age ≤ 0), for an infinite half-life
 * (regulatory claims never decay), or for a half-life ≤ 0, which the original StemeDB also reads as
 * "decay off" rather than "gone at once".
 *
 * @example
 * ```ts
 * const day = 86_400_000;
 * effectiveConfidence(1, 1, 0, 200 * day); // ≈ 0.827 (clinical, half-life 730 days)
 * effectiveConfidence(0.9, 0, 0, 10_000 * day); // 0.9 (regulatory never decays)
 * ```
 */
export function effectiveConfidence(
  confidence: number,
  tier: Tier,
  timestampMs: number,
  nowMs: number,
  halfLifeDays: TierTable<number> = DEFAULT_TIER_HALF_LIFE_DAYS,
): number {
  const halfLife = halfLifeDays[tier];
  const ageDays = (nowMs - timestampMs) / MS_PER_DAY;
  if (!(ageDays > 0) || !(halfLife > 0) || halfLife === Infinity) return confidence;
  // e^(−ln 2 · age / halfLife) is 0.5^(age / halfLife) within a few ulps, and V8's exp takes a
  // quarter of the time of its pow (10 against 39 ns): this runs for every claim of every answer.
  return confidence * Math.exp((-Math.LN2 * ageDays) / halfLife);
}
