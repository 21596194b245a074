/**
 * Agent trust (`spec/model.md` §Votes, trust): a score in 0..1, 0.5 for an agent never scored,
 * moved by outcomes and decaying back toward 0.5 with a 30-day half-life. Pure: the store keeps
 * `(score, atMs)` per agent and applies these rules in log order, so trust is derived state that a
 * rebuild from the WAL reproduces exactly.
 */
export const NEUTRAL_TRUST = 0.5;
export const TRUST_HALF_LIFE_DAYS = 30;
const MS_PER_DAY = 86_400_000;

/** How much each outcome moves the author's trust. */
export const TRUST_DELTAS = {
  /** A claim of the agent was moved to `approved` by a later assertion. */
  approved: 0.05,
  /** A claim of the agent was `rejected`. */
  rejected: -0.1,
  /** A claim of the agent was `deprecated` (superseded in the normal course of things). */
  deprecated: -0.02,
  /** A write of the agent was held in quarantine (suspicion, undone by an approval). */
  quarantined: -0.02,
  /** An admin approved a held write of the agent. */
  quarantineApproved: 0.04,
  /** An admin rejected a held write of the agent. */
  quarantineRejected: -0.1,
  /** Per unit of vote weight × voter trust received on one of the agent's claims. */
  voteReceived: 0.01,
} as const;

/**
 * The score at `nowMs` of a score set at `atMs`: the distance from neutral halves every 30 days.
 *
 * @example
 * ```ts
 * trustAt(0.9, 0, 30 * 86_400_000); // 0.7
 * ```
 */
export function trustAt(score: number, atMs: number, nowMs: number): number {
  const days = (nowMs - atMs) / MS_PER_DAY;
  if (!(days > 0)) return score;
  return NEUTRAL_TRUST + (score - NEUTRAL_TRUST) * 0.5 ** (days / TRUST_HALF_LIFE_DAYS);
}

/** The score after an outcome at `atMs`: decayed to then, moved by `delta`, kept in 0..1. */
export function adjustTrust(score: number, scoredAtMs: number, delta: number, atMs: number): number {
  const decayed = trustAt(score, scoredAtMs, Math.max(atMs, scoredAtMs));
  return Math.min(1, Math.max(0, decayed + delta));
}
