/**
 * What a lens ranks: one assertion competing for a (concept_path, predicate) pair, with the numbers
 * the query engine computed for it (`spec/model.md` §Lenses). Lenses never read a store: trust,
 * votes, signatures and decay arrive here from the query engine, which keeps every lens a pure
 * function of its candidates. (The engine's candidates look their author's trust up when it is
 * read, as only the `trust` lens does; within a query it does not change.)
 */
import type { Assertion } from "../model/assertion.ts";
import { DEFAULT_TIER_WEIGHTS, type TierTable } from "../model/tier.ts";

/** One agent's current vote on a candidate, with that voter's trust at query time. */
export interface CandidateVote {
  /** The voter. */
  readonly agentId: string;
  /** The vote's weight, 0..1. */
  readonly weight: number;
  /** The voter's trust, 0..1 (default 0.5 for an unknown agent). */
  readonly voterTrust: number;
}

/** One assertion competing for a (concept_path, predicate) pair, with what the query engine computed for it. */
export interface Candidate {
  readonly assertion: Assertion;
  /** confidence × decay by tier and age (equal to confidence when decay is off). */
  readonly effectiveConfidence: number;
  /** Trust of the author (assertion.agentId), 0..1, default 0.5. */
  readonly authorTrust: number;
  /** Distinct agents whose signature verified (author included); 0 for unsigned. */
  readonly signerCount: number;
  /** Current votes on this assertion, one per voter. */
  readonly votes: readonly CandidateVote[];
}

/** Configuration a lens may use. */
export interface LensOptions {
  /** Authority weight per tier (`authority`, `skeptic`, `layered`). */
  readonly tierWeights: TierTable<number>;
}

/** The options used when a caller gives none: the tier weights of `spec/model.md` §Authority tiers. */
export const DEFAULT_LENS_OPTIONS: LensOptions = { tierWeights: DEFAULT_TIER_WEIGHTS };

export { LENS_NAMES, type LensName } from "../model/lens-names.ts";
