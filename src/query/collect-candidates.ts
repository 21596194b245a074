import { effectiveConfidence, type Candidate, type CandidateVote } from "../lens/index.ts";
import type { Assertion } from "../model/index.ts";
import type { LmdbStore, Pair } from "../store/lmdb-store.ts";
import type { Evidence } from "./evidence.ts";
import type { QuerySpec } from "./query-spec.ts";

/** A candidate and the flags a reader should see beside it. */
export interface FlaggedCandidate extends Candidate {
  /** `source_retracted`, `epoch_superseded`. */
  readonly flags: readonly string[];
}

/**
 * Reads one pair's assertions in the query's time window and turns those that pass the filters
 * into lens candidates: decayed as of `nowMs`, with author trust, signer count and votes.
 */
export function collectCandidates(
  store: LmdbStore,
  evidence: Evidence,
  pair: Pair,
  spec: QuerySpec,
  nowMs: number,
): FlaggedCandidate[] {
  const candidates: FlaggedCandidate[] = [];
  const range = {
    ...(spec.sinceMs !== undefined ? { fromMs: spec.sinceMs } : {}),
    ...(spec.asOfMs !== undefined ? { toMs: spec.asOfMs + 1 } : {}),
  };
  for (const assertion of store.pairAssertions(pair, range)) {
    const candidate = toCandidate(assertion, evidence, spec, nowMs);
    if (candidate !== undefined) candidates.push(candidate);
  }
  return candidates;
}

/** The flags of most candidates: one frozen array rather than a new empty one each. */
const NO_FLAGS: readonly string[] = Object.freeze([]);

function toCandidate(
  a: Assertion,
  evidence: Evidence,
  spec: QuerySpec,
  nowMs: number,
): FlaggedCandidate | undefined {
  if (spec.lifecycles !== undefined && !spec.lifecycles.includes(a.lifecycle)) return undefined;
  if (spec.tiers !== undefined && !spec.tiers.includes(a.authorityTier)) return undefined;
  if (spec.agentId !== undefined && a.agentId !== spec.agentId) return undefined;
  let flags: string[] | undefined;
  // A missing or broken epoch record never hides a claim: superseded only when proven (fail open).
  if (a.epoch !== undefined && evidence.isEpochSuperseded(a.epoch, nowMs)) {
    if (spec.epochAware) return undefined;
    (flags ??= []).push("epoch_superseded");
  }
  if (a.source !== undefined && evidence.isSourceRetracted(a.source, nowMs)) {
    if (!spec.includeRetracted) return undefined;
    (flags ??= []).push("source_retracted");
  }
  const effective = spec.decay
    ? effectiveConfidence(a.confidence, a.authorityTier, a.timestampMs, nowMs)
    : a.confidence;
  if (spec.minConfidence !== undefined && effective < spec.minConfidence) return undefined;
  return new QueryCandidate(a, effective, evidence.votesOn(a.hash, nowMs), flags ?? NO_FLAGS, evidence);
}

/**
 * A candidate as the query engine makes it. Its author's trust is looked up when a lens reads it
 * (only `trust` does), not for every candidate of every answer.
 */
class QueryCandidate implements FlaggedCandidate {
  readonly signerCount: number;
  readonly #evidence: Evidence;

  constructor(
    readonly assertion: Assertion,
    readonly effectiveConfidence: number,
    readonly votes: readonly CandidateVote[],
    readonly flags: readonly string[],
    evidence: Evidence,
  ) {
    this.signerCount = assertion.signatures.length;
    this.#evidence = evidence;
  }

  get authorTrust(): number {
    return this.#evidence.trustOf(this.assertion.agentId);
  }
}
