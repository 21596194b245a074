/**
 * Plain reference forms of lenses, written from their definitions with no care for speed (test
 * support only; not re-exported by `index.ts`): property tests hold the lenses, which are written
 * for speed, to these. `correctedCandidatesArb` adds corrections to random candidate sets.
 */
import fc from "fast-check";
import type { Candidate } from "./candidate.ts";
import type { WeightsByHash } from "./candidate-weights.ts";
import { nonNegative, unit } from "./clamp.ts";
import { correctedByAuthor } from "./corrections.ts";
import type { ValueShare } from "./resolution.ts";
import { candidatesArb } from "./test-candidates.ts";
import { compareTieBreak } from "./tie-break.ts";
import { sameValue } from "./value-key.ts";

/** What a lens decided, in plain data: comparable with `deepEqual`. */
export interface PlainDecision {
  readonly ranked: readonly string[];
  readonly weights: Readonly<Record<string, number>>;
  readonly winner: string | null;
  readonly resolutionConfidence: number | null;
  readonly values: readonly ValueShare[];
}

/** Random candidate sets where some claims name another of the set as their parent. */
export const correctedCandidatesArb: fc.Arbitrary<Candidate[]> = candidatesArb.chain((cs) =>
  fc
    .array(fc.option(fc.nat({ max: Math.max(0, cs.length - 1) }), { nil: undefined }), {
      minLength: cs.length,
      maxLength: cs.length,
    })
    .map((parents) =>
      cs.map((c, i) => {
        const parent = parents[i] === undefined ? undefined : cs[parents[i]]?.assertion.hash;
        return parent === undefined ? c : { ...c, assertion: { ...c.assertion, parent } };
      }),
    ),
);

/** Candidates by value (`sameValue`), values in order of first appearance. */
function groupsOf(candidates: readonly Candidate[]): Candidate[][] {
  const groups: Candidate[][] = [];
  for (const c of candidates) {
    const group = groups.find((g) => sameValue((g[0] as Candidate).assertion.value, c.assertion.value));
    if (group === undefined) groups.push([c]);
    else group.push(c);
  }
  return groups;
}

const agentCount = (group: readonly Candidate[]): number =>
  new Set(group.map((c) => c.assertion.agentId)).size;

/** Every value of `ranked`, weighed by `weigh`, by weight descending (ties keep the ranking). */
export function referenceShares(
  ranked: readonly Candidate[],
  weigh: (group: readonly Candidate[]) => number,
): ValueShare[] {
  const unsorted = groupsOf(ranked).map((group) => ({ group, weight: nonNegative(weigh(group)) }));
  // Summed in ranking order: the last bit of a sum depends on its order.
  const total = unsorted.reduce((sum, g) => sum + g.weight, 0);
  const weighed = unsorted.sort((a, b) => b.weight - a.weight);
  return weighed.map(({ group, weight }) => ({
    value: (group[0] as Candidate).assertion.value,
    weight,
    share: total > 0 ? weight / total : 1 / weighed.length,
    supporters: agentCount(group),
    assertions: group.map((c) => c.assertion.hash),
    bestTier: Math.min(...group.map((c) => c.assertion.authorityTier)) as ValueShare["bestTier"],
  }));
}

/** The tie-break order with the claims their own author corrected moved last. */
function currentThenCorrected(candidates: readonly Candidate[]) {
  const canonical = [...candidates].sort(compareTieBreak);
  const corrected = correctedByAuthor(canonical);
  const isCurrent = (c: Candidate): boolean => !corrected.has(c.assertion.hash);
  return { ordered: [...canonical.filter(isCurrent), ...canonical.filter((c) => !isCurrent(c))], isCurrent };
}

/** `recency`: newest first; a claim weighs its effective confidence, a corrected one 0. */
export function referenceRecency(candidates: readonly Candidate[]): PlainDecision {
  const { ordered, isCurrent } = currentThenCorrected(candidates);
  const weightOf = (c: Candidate): number => (isCurrent(c) ? unit(c.effectiveConfidence) : 0);
  const winner = ordered[0] ?? null;
  return {
    ranked: ordered.map((c) => c.assertion.hash),
    weights: Object.fromEntries(ordered.map((c) => [c.assertion.hash, weightOf(c)])),
    winner: winner?.assertion.hash ?? null,
    resolutionConfidence: winner === null ? null : unit(winner.effectiveConfidence),
    values: referenceShares(ordered, (group) => Math.max(0, ...group.map(weightOf))),
  };
}

/** `consensus`: the value held by the most distinct authors of current claims. */
export function referenceConsensus(candidates: readonly Candidate[]): PlainDecision {
  const { ordered, isCurrent } = currentThenCorrected(candidates);
  const agentsHolding = (group: readonly Candidate[]): number => agentCount(group.filter(isCurrent));
  const groups = groupsOf(ordered)
    .map((group) => ({ group, agents: agentsHolding(group) }))
    .sort((a, b) => b.agents - a.agents);
  const ranked = groups.flatMap((g) => g.group);
  const total = groups.reduce((sum, g) => sum + g.agents, 0);
  const top = groups[0];
  return {
    ranked: ranked.map((c) => c.assertion.hash),
    weights: Object.fromEntries(groups.flatMap((g) => g.group.map((c) => [c.assertion.hash, g.agents]))),
    winner: top?.group[0]?.assertion.hash ?? null,
    resolutionConfidence: top === undefined ? null : top.agents / total,
    values: referenceShares(ranked, agentsHolding),
  };
}

/** A lens's resolution as the same plain data. */
export function plainDecision(r: {
  readonly ranked: readonly Candidate[];
  readonly weights: WeightsByHash;
  readonly winner: Candidate | null;
  readonly resolutionConfidence: number | null;
  readonly values?: readonly ValueShare[] | undefined;
}): PlainDecision {
  return {
    ranked: r.ranked.map((c) => c.assertion.hash),
    weights: Object.fromEntries(r.weights),
    winner: r.winner?.assertion.hash ?? null,
    resolutionConfidence: r.resolutionConfidence,
    values: r.values ?? [],
  };
}
