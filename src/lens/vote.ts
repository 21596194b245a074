/** The `vote` lens ("Ballot Box"): summed votes weighted by the voters' trust. */
import { buildResolution } from "./build-resolution.ts";
import type { Candidate } from "./candidate.ts";
import { unit } from "./clamp.ts";
import { consensusLens } from "./consensus.ts";
import type { Resolution } from "./resolution.ts";
import { rankByWeight, totalWeight } from "./tie-break.ts";
import { sumWeight, valueShareOf, valueShares } from "./value-shares.ts";

/**
 * A candidate's `vote` weight: `Σ vote.weight × vote.voterTrust` over its votes.
 *
 * @example
 * ```ts
 * voteWeight(candidate); // votes 1.0 by trust 0.8 and 0.5 by trust 0.5 → 1.05
 * ```
 */
export function voteWeight(candidate: Candidate): number {
  let sum = 0;
  for (const v of candidate.votes) sum += unit(v.weight) * unit(v.voterTrust);
  return sum;
}

/**
 * Ranks claims by `voteWeight`, ties by the tie-break order; resolution_confidence is the winner's
 * value's share of the total. A value weighs the sum of its claims' vote weights: votes are a
 * count, and ten voters backing two copies of a value back it as much as ten backing one.
 *
 * When no candidate has any vote weight (no votes, or only votes of weight or trust 0), the answer
 * is `consensus`'s, with `lens: "vote"` and `fallback: "consensus"`: a share of nothing says
 * nothing. No candidates at all is no fallback, just an empty answer.
 *
 * @example
 * ```ts
 * voteLens(unvotedCandidates).fallback; // "consensus"
 * ```
 */
export function voteLens(candidates: readonly Candidate[]): Resolution {
  const { ranked, weights } = rankByWeight(candidates, voteWeight);
  if (ranked.length > 0 && totalWeight(ranked, weights) === 0) {
    return { ...consensusLens(candidates), lens: "vote", fallback: "consensus" };
  }
  const winner = ranked[0] ?? null;
  const values = valueShares(ranked, sumWeight(weights));
  return buildResolution({
    lens: "vote",
    ranked,
    weights,
    winner,
    resolutionConfidence: winner === null ? null : valueShareOf(winner.assertion.value, values),
    values,
  });
}
