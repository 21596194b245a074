/** The `layered` lens: one resolution per authority tier, the strongest tier present decides. */
import type { Tier } from "../model/assertion.ts";
import { authorityWeight } from "./authority.ts";
import { buildResolution } from "./build-resolution.ts";
import { DEFAULT_LENS_OPTIONS, type Candidate, type LensOptions } from "./candidate.ts";
import { conflictScore, resolutionStatus } from "./conflict.ts";
import type { Resolution, TierLayer } from "./resolution.ts";
import { rankByWeight } from "./tie-break.ts";
import { maxWeight, valueShareOf, valueShares } from "./value-shares.ts";

/**
 * Resolves each tier present on its own by the authority weighting (within one tier that is
 * effective confidence × co-signature bonus), with that tier's conflict and status in `layers`,
 * strongest tier first; empty tiers are left out. The overall winner is the winner of the
 * strongest (lowest-number) tier present, however many weaker claims disagree.
 *
 * resolution_confidence is the winner's value's share of the authority weight within its own tier
 * (the spec leaves it "—"; this is the authority lens's answer restricted to the deciding tier).
 * The top-level conflict score and status are across tiers, every value weighed by its best
 * claim, as in `skeptic`. `ranked` is by tier, then by weight within the tier.
 *
 * @example
 * ```ts
 * const { value, layers } = layeredLens([fdaLabel, ...fiveHundredRedditPosts]);
 * value; // the FDA label's value
 * layers?.map((l) => [l.tier, l.status]); // [[0, "unanimous"], [5, "unanimous"]]
 * ```
 */
export function layeredLens(
  candidates: readonly Candidate[],
  options: LensOptions = DEFAULT_LENS_OPTIONS,
): Resolution {
  const { ranked: byWeight, weights } = rankByWeight(candidates, (c) => authorityWeight(c, options));
  const ranked = byWeight.sort((a, b) => a.assertion.authorityTier - b.assertion.authorityTier);
  const tiers = new Map<Tier, Candidate[]>();
  for (const c of ranked) {
    const tier = tiers.get(c.assertion.authorityTier);
    if (tier === undefined) tiers.set(c.assertion.authorityTier, [c]);
    else tier.push(c);
  }
  const layers: TierLayer[] = [...tiers].map(([tier, members]) => {
    const values = valueShares(members, maxWeight(weights));
    const conflict = conflictScore(values.map((v) => v.weight));
    const best = members[0];
    return {
      tier,
      winner: best?.assertion.hash ?? null,
      value: best?.assertion.value ?? null,
      candidatesCount: members.length,
      conflictScore: conflict,
      status: resolutionStatus(values.length, conflict),
    };
  });
  const winner = ranked[0] ?? null;
  const winningTier = winner === null ? [] : (tiers.get(winner.assertion.authorityTier) ?? []);
  return buildResolution({
    lens: "layered",
    ranked,
    weights,
    winner,
    resolutionConfidence:
      winner === null
        ? null
        : valueShareOf(winner.assertion.value, valueShares(winningTier, maxWeight(weights))),
    values: valueShares(ranked, maxWeight(weights)),
    layers,
  });
}
