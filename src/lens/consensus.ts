/** The `consensus` lens: the value held by the most distinct agents wins. */
import { buildResolution } from "./build-resolution.ts";
import type { Candidate } from "./candidate.ts";
import { CandidateWeights } from "./candidate-weights.ts";
import type { Resolution } from "./resolution.ts";
import { correctedByAuthor, currentFirst } from "./corrections.ts";
import { canonicalOrder } from "./tie-break.ts";
import { distinctAgents, groupByValue, sharesOf } from "./value-shares.ts";

/**
 * Counts, for each distinct value, the distinct authors (`assertion.agentId`) holding it: one vote
 * per agent per value, so an agent repeating a claim adds nothing. The value with most agents
 * wins; equal counts go to the value whose best claim comes first in the tie-break order, and the
 * winner is that value's best claim by the tie-break order.
 *
 * An agent holding several values counts once for each value it holds, and resolution_confidence
 * is the winner's agents over the sum of every value's agents. The denominator is that sum, not
 * the number of distinct agents, so the shares of all values add up to 1 and a hedging agent adds
 * as much to the other side as to its own.
 *
 * `ranked` lists the winning value's claims first, then the next value's, each by tie-break order;
 * a candidate's weight is the agent count of its value. A claim its own author has corrected
 * (`corrections.ts`) counts for no one: the author holds its correction's value now. Such claims
 * come last within their value, so a value's best claim is a current one.
 *
 * @example
 * ```ts
 * consensusLens([fdaLabel, ...fiveHundredRedditPosts]).value; // the Reddit posts' value
 * ```
 */
export function consensusLens(candidates: readonly Candidate[]): Resolution {
  const canonical = canonicalOrder(candidates);
  const corrected = correctedByAuthor(canonical);
  // Grouping the tie-break order puts each value's best claim first and orders values by it.
  const groups = groupByValue(currentFirst(canonical, corrected))
    .map((group) => {
      const weight = distinctAgents(group, corrected);
      // Every author of the value supports it; with nothing corrected, they are the ones counted.
      return { group, weight, supporters: corrected.size === 0 ? weight : distinctAgents(group) };
    })
    .sort((a, b) => b.weight - a.weight);
  const ranked: Candidate[] = [];
  const weights = new CandidateWeights();
  let totalAgents = 0;
  for (const { group, weight } of groups) {
    totalAgents += weight;
    for (const c of group) {
      ranked.push(c);
      weights.add(c.assertion.hash, weight);
    }
  }
  const top = groups[0];
  return buildResolution({
    lens: "consensus",
    ranked,
    weights,
    winner: top?.group[0] ?? null,
    resolutionConfidence: top === undefined ? null : top.weight / totalAgents,
    values: sharesOf(groups, totalAgents),
  });
}
