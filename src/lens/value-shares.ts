/**
 * Groups candidates by distinct value and weighs each value, for the skeptic view and for every
 * lens's conflict score.
 */
import type { Tier, Value } from "../model/assertion.ts";
import type { Candidate } from "./candidate.ts";
import type { WeightsByHash } from "./candidate-weights.ts";
import { nonNegative } from "./clamp.ts";
import type { ValueShare } from "./resolution.ts";
import { sameValue } from "./value-key.ts";

/** How a lens weighs one distinct value from the candidates that hold it (in ranked order). */
export type ValueWeigher = (group: readonly Candidate[]) => number;

/**
 * Up to this many distinct values (or agents), a pair's are told apart by comparing each with
 * those seen so far: for the few most pairs have, that costs less than hashing into a Map or Set
 * made for each answer.
 */
const LINEAR_MAX = 8;

/** The candidates of each distinct value, values in order of first appearance, candidates in input order. */
export function groupByValue(candidates: readonly Candidate[]): Candidate[][] {
  const groups: Candidate[][] = [];
  // Built once a pair shows more than LINEAR_MAX values: keyed by the value itself within its
  // type, whose Map equality (SameValueZero) is `sameValue`'s for these types.
  let index: Map<Value["type"], Map<Value["value"], Candidate[]>> | undefined;
  for (const c of candidates) {
    const value = c.assertion.value;
    const group =
      index === undefined ? linearGroupOf(groups, value) : index.get(value.type)?.get(value.value);
    if (group !== undefined) {
      group.push(c);
      continue;
    }
    const created = [c];
    groups.push(created);
    if (index !== undefined) addToIndex(index, created);
    else if (groups.length > LINEAR_MAX) {
      index = new Map();
      for (const g of groups) addToIndex(index, g);
    }
  }
  return groups;
}

function linearGroupOf(groups: readonly Candidate[][], value: Value): Candidate[] | undefined {
  for (const group of groups) if (sameValue((group[0] as Candidate).assertion.value, value)) return group;
  return undefined;
}

function addToIndex(index: Map<Value["type"], Map<Value["value"], Candidate[]>>, group: Candidate[]): void {
  const { type, value } = (group[0] as Candidate).assertion.value;
  let ofType = index.get(type);
  if (ofType === undefined) {
    ofType = new Map();
    index.set(type, ofType);
  }
  ofType.set(value, group);
}

/** The number of distinct authors (`assertion.agentId`) among `group`, but for the claims in `except`. */
export function distinctAgents(group: readonly Candidate[], except?: ReadonlySet<string>): number {
  const skip = except !== undefined && except.size > 0 ? except : undefined;
  if (group.length <= LINEAR_MAX) {
    const agents: string[] = [];
    for (const c of group) {
      if (skip?.has(c.assertion.hash) === true || agents.includes(c.assertion.agentId)) continue;
      agents.push(c.assertion.agentId);
    }
    return agents.length;
  }
  const agents = new Set<string>();
  for (const c of group) if (skip?.has(c.assertion.hash) !== true) agents.add(c.assertion.agentId);
  return agents.size;
}

/**
 * A weigher taking the highest candidate weight of the value, used by the lenses that pick one
 * best claim (recency, confidence, authority, trust, skeptic, layered). Such a lens should call a
 * pair contested when strong claims disagree, not when a crowd of weak ones repeats itself: 500
 * anecdotal reports of one value weigh as much as the best of them, not 500 times it.
 */
export function maxWeight(weights: WeightsByHash): ValueWeigher {
  return maxOf((c) => weights.get(c.assertion.hash) ?? 0);
}

/** As `maxWeight`, for a lens whose weight is a function of the candidate: no lookup by hash. */
export function maxOf(weightOf: (candidate: Candidate) => number): ValueWeigher {
  // A loop, not Math.max(...spread): a popular pair can hold more candidates than a call has arguments.
  return (group) => {
    let max = 0;
    for (const c of group) max = Math.max(max, weightOf(c));
    return max;
  };
}

/** A weigher summing the candidate weights of the value, in group order (the counting `vote` lens). */
export function sumWeight(weights: WeightsByHash): ValueWeigher {
  return (group) => {
    let sum = 0;
    for (const c of group) sum += weights.get(c.assertion.hash) ?? 0;
    return sum;
  };
}

/**
 * Every distinct value of `ranked` with its weight and share, by share descending; equal shares
 * keep the lens's ranking (the value whose best candidate ranks first comes first). Shares sum to
 * 1; when every value weighs 0 they are equal.
 */
export function valueShares(ranked: readonly Candidate[], weigh: ValueWeigher): ValueShare[] {
  const weighed = groupByValue(ranked).map((group) => ({ group, weight: nonNegative(weigh(group)) }));
  // Summed in ranking order, before the sort: the last bit of a sum depends on its order.
  let total = 0;
  for (const g of weighed) total += g.weight;
  return sharesOf(
    weighed.sort((a, b) => b.weight - a.weight),
    total,
  );
}

/** A distinct value's candidates (in ranked order) and the weight a lens gave it. */
export interface WeighedValue {
  readonly group: readonly Candidate[];
  readonly weight: number;
  /** `distinctAgents(group)`, when the lens counted it already. */
  readonly supporters?: number;
}

/**
 * The shares of values already grouped and weighed (weights not negative), in their order: by
 * weight descending, equal weights in the lens's ranking. `total` is the sum of their weights.
 * For a lens that weighs its groups anyway.
 */
export function sharesOf(weighed: readonly WeighedValue[], total: number): ValueShare[] {
  return weighed.map(({ group, weight, supporters }) => ({
    value: (group[0] as Candidate).assertion.value,
    weight,
    share: total > 0 ? weight / total : 1 / weighed.length,
    supporters: supporters ?? distinctAgents(group),
    assertions: group.map((c) => c.assertion.hash),
    bestTier: bestTier(group),
  }));
}

/** The strongest (lowest-number) tier among `group`. */
function bestTier(group: readonly Candidate[]): Tier {
  let best: Tier = 5;
  for (const c of group) if (c.assertion.authorityTier < best) best = c.assertion.authorityTier;
  return best;
}

/**
 * The share of `value` among `values`, weighed as the lens weighed them for its conflict score: what
 * the weighing lenses report as `resolution_confidence` for their winner's value. 0 when every value
 * weighs 0 (no evidence for the tie-break's winner) or `value` is not among them.
 *
 * Why the value's share and not the winning claim's: ten claims that agree are one answer, and a
 * reader asks how sure the lens is of the answer. The claim's share of the sum of all claims made a
 * pair's confidence fall as agreeing claims piled up (twenty equal, unanimous claims gave 0.05).
 *
 * @example
 * ```ts
 * valueShareOf(text("rare"), valueShares(ranked, maxWeight(weights))); // 0.9 / (0.9 + 0.68 + 0.08)
 * ```
 */
export function valueShareOf(value: Value, values: readonly ValueShare[]): number {
  let total = 0;
  for (const v of values) total += v.weight;
  if (!(total > 0)) return 0;
  for (const v of values) if (sameValue(v.value, value)) return Math.min(1, v.weight / total);
  return 0;
}
