/** Assembles a `Resolution` from what a lens decided, deriving the parts every lens shares. */
import type { Candidate, LensName } from "./candidate.ts";
import type { WeightsByHash } from "./candidate-weights.ts";
import { conflictScore, resolutionStatus } from "./conflict.ts";
import type { Resolution, TierLayer, ValueShare } from "./resolution.ts";

/** What a lens decides; the rest of its `Resolution` follows from these. */
export interface LensDecision {
  readonly lens: LensName;
  readonly ranked: readonly Candidate[];
  readonly weights: WeightsByHash;
  readonly winner: Candidate | null;
  readonly resolutionConfidence: number | null;
  /** The distinct values, weighed the way this lens measures conflict. */
  readonly values: readonly ValueShare[];
  readonly layers?: readonly TierLayer[];
}

/** The `Resolution` for `decision`: value, count, conflict score and status derived from it. */
export function buildResolution(decision: LensDecision): Resolution {
  const { lens, ranked, weights, winner, values, layers } = decision;
  const conflict = conflictScore(values.map((v) => v.weight));
  return {
    lens,
    ranked,
    weights,
    winner,
    value: winner?.assertion.value ?? null,
    candidatesCount: ranked.length,
    resolutionConfidence: winner === null ? null : decision.resolutionConfidence,
    conflictScore: conflict,
    status: resolutionStatus(values.length, conflict),
    values,
    ...(layers === undefined ? {} : { layers }),
  };
}
