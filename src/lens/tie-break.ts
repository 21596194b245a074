/**
 * The one tie-break every lens uses (`spec/model.md` §Lenses): newer timestamp, then higher
 * confidence, then smaller hash. Lenses first sort their input into this order and then only ever
 * use stable sorts and in-order sums, so the order the store returned candidates in cannot change
 * a result, not even in the last bit of a floating-point total.
 */
import type { Candidate } from "./candidate.ts";
import { CandidateWeights, type WeightsByHash } from "./candidate-weights.ts";
import { correctedByAuthor, isCorrected } from "./corrections.ts";

/**
 * Compares two candidates by the tie-break order: negative when `a` comes first. Confidence is the
 * stated `assertion.confidence`, not the decayed one: decay depends on the query's `now`, and the
 * stored value is what the author signed.
 */
export function compareTieBreak(a: Candidate, b: Candidate): number {
  const x = a.assertion;
  const y = b.assertion;
  if (x.timestampMs !== y.timestampMs) return y.timestampMs - x.timestampMs;
  if (x.confidence !== y.confidence) return y.confidence - x.confidence;
  if (x.hash === y.hash) return 0;
  return x.hash < y.hash ? -1 : 1;
}

/** A copy of `candidates` in tie-break order (for `recency`, that is also the ranking). */
export function canonicalOrder(candidates: readonly Candidate[]): Candidate[] {
  return [...candidates].sort(compareTieBreak);
}

/**
 * Ranks candidates by a weight, highest first, ties in tie-break order, and returns the weights by
 * hash for the audit trail. A claim its author has corrected weighs 0 (`corrections.ts`).
 */
export function rankByWeight(
  candidates: readonly Candidate[],
  weightOf: (candidate: Candidate) => number,
): { readonly ranked: Candidate[]; readonly weights: CandidateWeights } {
  const canonical = canonicalOrder(candidates);
  const corrected = correctedByAuthor(canonical);
  const weights = new CandidateWeights();
  const weighed = canonical.map((candidate) => {
    const weight = isCorrected(corrected, candidate.assertion.hash) ? 0 : weightOf(candidate);
    weights.add(candidate.assertion.hash, weight);
    return { candidate, weight };
  });
  // Sorted with each weight beside its candidate, not looked up by hash at every comparison.
  // Array.prototype.sort is stable (ES2019), so equal weights keep the tie-break order.
  const ranked = weighed.sort((a, b) => b.weight - a.weight).map((w) => w.candidate);
  return { ranked, weights };
}

/** Sum of the weights of `candidates`, in the order given (callers pass a canonical order). */
export function totalWeight(candidates: readonly Candidate[], weights: WeightsByHash): number {
  let total = 0;
  for (const c of candidates) total += weights.get(c.assertion.hash) ?? 0;
  return total;
}

/** `candidate`'s weight as a share of the total over `candidates`; 0 when the total is 0. */
export function shareOfTotal(
  candidate: Candidate,
  candidates: readonly Candidate[],
  weights: WeightsByHash,
): number {
  const total = totalWeight(candidates, weights);
  // No weight anywhere means the lens has no evidence for its (tie-break) winner: confidence 0.
  return total > 0 ? Math.min(1, (weights.get(candidate.assertion.hash) ?? 0) / total) : 0;
}
