import type { Tier } from "./assertion.ts";
import { describeInput, invalid } from "./invalid.ts";

/** One entry per tier, indexed by the tier number. */
export type TierTable<T> = readonly [T, T, T, T, T, T];

/** Tier names, indexed by tier number (`spec/model.md` §Authority tiers). */
export const TIER_NAMES = [
  "regulatory",
  "clinical",
  "observational",
  "expert",
  "community",
  "anecdotal",
] as const satisfies TierTable<string>;

/** The lowercase name of a tier, as stored in the content hash and printed by the API. */
export type TierName = (typeof TIER_NAMES)[number];

/** Default authority weight per tier; a deployment may configure its own. */
export const DEFAULT_TIER_WEIGHTS: TierTable<number> = [1.0, 0.8, 0.6, 0.4, 0.2, 0.1];

/** Default confidence half-life per tier, in days (`Infinity`: regulatory claims never decay). */
export const DEFAULT_TIER_HALF_LIFE_DAYS: TierTable<number> = [Infinity, 730, 365, 180, 90, 30];

/** The tier claims get when they do not say (`spec/model.md`: default `anecdotal`). */
export const DEFAULT_TIER: Tier = 5;

// A Map, not an object literal, so that input like "constructor" cannot hit Object.prototype.
const TIER_BY_KEY = new Map<string, Tier>([
  ["regulatory", 0],
  ["clinical", 1],
  // The original StemeDB's scheme registry calls tier 1 `PeerReviewed`.
  ["peerreviewed", 1],
  ["observational", 2],
  ["expert", 3],
  ["community", 4],
  ["anecdotal", 5],
  // Query strings carry numbers as text: `?authority_tier=0`.
  ["0", 0],
  ["1", 1],
  ["2", 2],
  ["3", 3],
  ["4", 4],
  ["5", 5],
]);

const EXPECTED = `a tier name (${TIER_NAMES.join(", ")}) or an integer from 0 to 5`;

/** True when `n` is a tier number. */
export function isTier(n: unknown): n is Tier {
  return typeof n === "number" && Number.isInteger(n) && n >= 0 && n <= 5;
}

/**
 * Parses an authority tier: a name in any case (`"Clinical"`, `"peer_reviewed"`, `"PeerReviewed"`)
 * or a tier number 0–5 (also as a digit string).
 *
 * @example
 * ```ts
 * parseTier("Clinical", "authority_tier"); // 1
 * parseTier(0, "authority_tier"); // 0
 * ```
 */
export function parseTier(input: unknown, field: string): Tier {
  if (typeof input === "number") {
    if (isTier(input)) return input;
    throw invalid(field, "out_of_range", `${field} must be ${EXPECTED}, got ${describeInput(input)}`);
  }
  if (typeof input !== "string") {
    throw invalid(field, "wrong_type", `${field} must be ${EXPECTED}, got ${describeInput(input)}`);
  }
  const tier = TIER_BY_KEY.get(enumKey(input));
  if (tier === undefined) {
    throw invalid(field, "unknown_value", `${field} must be ${EXPECTED}, got ${describeInput(input)}`);
  }
  return tier;
}

/**
 * The lowercase name of a tier.
 *
 * @example
 * ```ts
 * tierName(1); // "clinical"
 * ```
 */
export function tierName(tier: Tier): TierName {
  return TIER_NAMES[tier];
}

/** Folds case and `_`/`-`/space so that `PeerReviewed`, `peer_reviewed` and `peer-reviewed` agree. */
export function enumKey(input: string): string {
  return input.toLowerCase().replace(/[-_ ]/g, "");
}
