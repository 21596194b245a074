import type { Resolution, TierLayer, ValueShare } from "../lens/index.ts";
import { assertionToJson, formatTimestamp, tierName, type AssertionJson } from "../model/index.ts";
import type { FlaggedCandidate } from "./collect-candidates.ts";
import type { PairAnswer } from "./run-query.ts";

/** Decimal places kept in computed weights: enough to rank, short enough to read. */
const round = (x: number): number => Math.round(x * 1e6) / 1e6;

export interface CandidateJson extends AssertionJson {
  readonly effective_confidence: number;
  readonly flags: readonly string[];
}

export function candidateToJson(c: FlaggedCandidate): CandidateJson {
  // Completed in place rather than spread into a new object: an answer prints up to a hundred.
  const out = assertionToJson(c.assertion) as { -readonly [K in keyof CandidateJson]: CandidateJson[K] };
  out.effective_confidence = round(c.effectiveConfidence);
  out.flags = c.flags;
  return out;
}

export function valueShareToJson(v: ValueShare): object {
  return {
    value: v.value,
    weight: round(v.weight),
    share: round(v.share),
    supporters: v.supporters,
    assertions: v.assertions,
    best_tier: tierName(v.bestTier),
  };
}

function layerToJson(layer: TierLayer): object {
  return {
    tier: tierName(layer.tier),
    winner: layer.winner,
    value: layer.value,
    candidates_count: layer.candidatesCount,
    conflict_score: round(layer.conflictScore),
    status: layer.status,
  };
}

/** A pair's resolution as the API prints it (`spec/api.md` §Reads). */
export function resolutionToJson({
  pair,
  resolution: r,
}: {
  pair: PairAnswer["pair"];
  resolution: Resolution;
}): object {
  return {
    concept_path: pair.conceptPath,
    predicate: pair.predicate,
    winner: r.winner?.assertion.hash ?? null,
    value: r.value,
    candidates_count: r.candidatesCount,
    resolution_confidence: r.resolutionConfidence === null ? null : round(r.resolutionConfidence),
    conflict_score: round(r.conflictScore),
    status: r.status,
    ...(r.lens === "skeptic" && r.values !== undefined ? { values: r.values.map(valueShareToJson) } : {}),
    ...(r.layers !== undefined ? { layers: r.layers.map(layerToJson) } : {}),
    ...(r.fallback !== undefined ? { fallback: r.fallback } : {}),
  };
}

export function asOfJson(nowMs: number): string {
  return formatTimestamp(nowMs);
}
