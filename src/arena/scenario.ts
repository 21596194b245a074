/**
 * What one arena run simulates: the world's size and schedule, and every population with its size
 * and behaviour. Times are fractions of the run (`0.35` = 35 % of the ticks in), so the same
 * scenario works at any length, `--quick` included.
 */

/** A closed range `[min, max]` a value is drawn from. */
export type Range = readonly [number, number];

/** The ground truth: how many pairs, and when their true values change. */
export interface WorldShape {
  /** Simulated days; each tick is one day of writes followed by one reading of every pair. */
  readonly ticks: number;
  readonly topics: number;
  readonly pairsPerTopic: number;
  /** Distinct values a pair's truth can take (the other ones are the wrong answers). */
  readonly valuesPerPair: number;
  /** Paradigm shifts announced by the regulator with a new epoch: one per entry, topic by topic. */
  readonly announcedShiftsAt: readonly number[];
  /** Share of an announced topic's pairs whose truth changes in its shift. */
  readonly shiftedShare: number;
  /** Share of all pairs whose truth drifts once without any announcement. */
  readonly driftShare: number;
  /** When the drifts happen (each drifting pair at its own tick in this window). */
  readonly driftWindow: Range;
}

/** Careful specialists: high tier, accurate, slow to notice change. */
export interface ExpertsShape {
  readonly count: number;
  readonly topicsEach: number;
  readonly claimsPerTick: number;
  readonly accuracy: number;
  readonly confidence: Range;
  /** Days until an expert believes an announced shift. */
  readonly announcedDelay: Range;
  /** Days until an expert notices an unannounced drift. */
  readonly driftDelay: Range;
  readonly cosignsPerTick: number;
  readonly votesPerTick: number;
}

/** Many low-tier writers, each right with probability `accuracy`, quick to see change. */
export interface CrowdShape {
  readonly count: number;
  readonly writeChance: number;
  readonly accuracy: number;
  readonly confidence: Range;
  readonly voteChance: number;
}

/** How cunning the adversaries are against the Shield. */
export interface Cunning {
  /**
   * Naive adversaries state one fixed confidence, sometimes claim a tier above their cap and
   * (trolls) forge co-signatures; the naive swarm recycles a small pool of keys. Evasive ones vary
   * their confidence, stay at their cap, never send what the server can refuse and never reuse a
   * key.
   */
  readonly evasive: boolean;
}

/** Long-lived agents that state confident contradictions. */
export interface TrollsShape extends Cunning {
  readonly count: number;
  readonly claimsPerTick: number;
  readonly confidence: Range;
  readonly votesPerTick: number;
  /** Naive only: chance per tick of a write with a forged co-signature (400, counts on the breaker). */
  readonly forgeryChance: number;
  /** Naive only: chance per claim of claiming a tier above the cap (403). */
  readonly overreachChance: number;
}

/** Fresh keys pushing one false value per target pair, co-signing and voting for each other. */
export interface SybilsShape extends Cunning {
  readonly startAt: number;
  /** Share of the pairs attacked. */
  readonly targetShare: number;
  readonly claimsPerTick: number;
  readonly cosigners: number;
  readonly voters: number;
  readonly confidence: Range;
  /** Naive only: keys are recycled from a pool this big. */
  readonly keyPool: number;
}

/** A few stable agents voting for each other's claims, and re-voting every day. */
export interface RingShape extends Cunning {
  readonly count: number;
  readonly targets: number;
  readonly claimsPerTick: number;
  /** Chance that a member's claim goes to a target (false) rather than elsewhere (true, for cover). */
  readonly targetChance: number;
  readonly votesPerTick: number;
}

/** A high-tier source that learned the world once and never updates. */
export interface StaleAuthorityShape {
  readonly count: number;
  readonly topicShare: number;
  readonly every: number;
  readonly confidence: number;
}

/** A study with fabricated results, cited by some, retracted later. */
export interface StudyShape {
  readonly pairs: number;
  readonly registeredAt: number;
  readonly retractedAt: number;
  readonly crowdBelievers: number;
  readonly expertBelievers: number;
}

/** One arena scenario. */
export interface ArenaScenario {
  readonly name: string;
  readonly description: string;
  readonly seed: number;
  readonly world: WorldShape;
  readonly experts: ExpertsShape;
  readonly crowd: CrowdShape;
  readonly trolls: TrollsShape;
  readonly sybils: SybilsShape;
  readonly ring: RingShape;
  readonly staleAuthority: StaleAuthorityShape;
  readonly study: StudyShape;
}

/** A fraction of the run as a tick, within the run. */
export function tickAt(scenario: ArenaScenario, fraction: number): number {
  const { ticks } = scenario.world;
  return Math.min(ticks - 1, Math.max(0, Math.round(fraction * ticks)));
}
