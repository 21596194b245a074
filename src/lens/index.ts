/**
 * Lenses: pure, deterministic functions that pick an answer among contradicting claims at read
 * time and say how contested it is (`spec/model.md` §Lenses). No I/O: the query engine hands each
 * lens `Candidate`s with decay, trust, signatures and votes already resolved.
 */
export {
  authorityLens,
  authorityWeight,
  cosignatureBonus,
  COSIGNATURE_STEP,
  MAX_COSIGNATURE_BONUS,
} from "./authority.ts";
export {
  DEFAULT_LENS_OPTIONS,
  LENS_NAMES,
  type Candidate,
  type CandidateVote,
  type LensName,
  type LensOptions,
} from "./candidate.ts";
export { confidenceLens } from "./confidence.ts";
export { CONTESTED_THRESHOLD, conflictScore, resolutionStatus } from "./conflict.ts";
export { consensusLens } from "./consensus.ts";
export { MS_PER_DAY, effectiveConfidence } from "./decay.ts";
export { layeredLens } from "./layered.ts";
export { recencyLens } from "./recency.ts";
export {
  resolve,
  type Resolution,
  type ResolutionStatus,
  type TierLayer,
  type ValueShare,
} from "./resolution.ts";
export { skepticLens } from "./skeptic.ts";
export { compareTieBreak } from "./tie-break.ts";
export { trustLens, trustWeight } from "./trust.ts";
export { sameValue } from "./value-key.ts";
export { voteLens, voteWeight } from "./vote.ts";
