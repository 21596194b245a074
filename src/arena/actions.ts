/**
 * What an arena agent does in a day, as data: populations decide, the executor carries it out
 * through the SDK. Keeping decisions apart from I/O is what makes a run deterministic.
 */
import type { TierName } from "../client/index.ts";
import type { BoardClaim } from "./board.ts";

/** The populations of the arena. */
export const POPULATIONS = [
  "regulator",
  "expert",
  "crowd",
  "stale-authority",
  "publisher",
  "troll",
  "sybil",
  "ring",
] as const;

export type Population = (typeof POPULATIONS)[number];

/** The populations writing in bad faith. The goal's "adversarial writers" are sybils and trolls. */
export const ADVERSARIAL: ReadonlySet<Population> = new Set<Population>([
  "troll",
  "sybil",
  "ring",
  "publisher",
]);

/** One agent: a label that names its key (`expert-3`, `sybil-120`) and its population. */
export interface AgentRef {
  readonly label: string;
  readonly population: Population;
}

/** A new claim about a pair. */
export interface AssertAction {
  readonly kind: "assert";
  readonly agent: AgentRef;
  readonly pair: number;
  readonly value: number;
  readonly confidence: number;
  readonly tier: TierName;
  /** The topic's epoch the writer tags the claim with (`undefined`: no epoch). */
  readonly epoch?: number;
  /**
   * The writer's own earlier claim on the pair that this one corrects or refines (its `parent`):
   * careful writers chain their statements about a pair, so that the newest says what they hold.
   */
  readonly parent?: BoardClaim;
  /** The claim cites the fabricated study. */
  readonly citesStudy?: boolean;
  /** A forged co-signature in this agent's name is attached (the server refuses it). */
  readonly forgedCosigner?: AgentRef;
}

/** A co-signature on a stored claim. */
export interface CosignAction {
  readonly kind: "cosign";
  readonly agent: AgentRef;
  readonly claim: BoardClaim;
}

/** A vote on a stored claim; weight 0 says "reviewed, not backed". */
export interface VoteAction {
  readonly kind: "vote";
  readonly agent: AgentRef;
  readonly claim: BoardClaim;
  readonly weight: number;
}

/** The regulator declares epoch `epoch` of `topic`, superseding the one before. */
export interface EpochAction {
  readonly kind: "epoch";
  readonly agent: AgentRef;
  readonly topic: number;
  readonly epoch: number;
}

/** The publisher registers the study, or retracts it. */
export interface StudyAction {
  readonly kind: "register-study" | "retract-study";
  readonly agent: AgentRef;
}

export type ArenaAction = AssertAction | CosignAction | VoteAction | EpochAction | StudyAction;
