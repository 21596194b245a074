/**
 * The named scenarios, `--quick` and the size overrides of `stemedb arena`. The numbers are chosen
 * to look like a shared knowledge base of a few dozen facts with a small expert panel, a larger
 * crowd and a minority of hostile writers; the README of `arena/` explains each population.
 */
import type { ArenaScenario } from "./scenario.ts";

const BASE: Omit<ArenaScenario, "name" | "description"> = {
  seed: 7,
  world: {
    ticks: 60,
    topics: 8,
    pairsPerTopic: 6,
    valuesPerPair: 4,
    announcedShiftsAt: [0.35, 0.7],
    shiftedShare: 0.5,
    driftShare: 1 / 6,
    driftWindow: [0.45, 0.65],
  },
  experts: {
    count: 8,
    topicsEach: 3,
    claimsPerTick: 2,
    accuracy: 0.97,
    confidence: [0.8, 0.95],
    announcedDelay: [1, 3],
    driftDelay: [3, 10],
    cosignsPerTick: 2,
    votesPerTick: 3,
  },
  crowd: { count: 30, writeChance: 0.5, accuracy: 0.75, confidence: [0.5, 0.8], voteChance: 0.3 },
  trolls: {
    count: 2,
    claimsPerTick: 1,
    confidence: [0.95, 1],
    votesPerTick: 2,
    forgeryChance: 0.15,
    overreachChance: 0.2,
    evasive: false,
  },
  sybils: {
    startAt: 0.2,
    targetShare: 0.2,
    claimsPerTick: 3,
    cosigners: 3,
    voters: 3,
    confidence: [0.9, 1],
    keyPool: 12,
    evasive: false,
  },
  ring: { count: 4, targets: 3, claimsPerTick: 1, targetChance: 0.5, votesPerTick: 6, evasive: false },
  staleAuthority: { count: 1, topicShare: 0.5, every: 5, confidence: 0.9 },
  study: { pairs: 3, registeredAt: 0.15, retractedAt: 0.45, crowdBelievers: 4, expertBelievers: 1 },
};

/** Every named scenario. */
export const SCENARIOS: Readonly<Record<string, ArenaScenario>> = {
  default: {
    ...BASE,
    name: "default",
    description:
      "every population at moderate strength: about a tenth of the claims are from sybils and trolls, who are naive about the Shield",
  },
  adversarial: {
    ...BASE,
    name: "adversarial",
    description:
      "the goal scenario: about 30 % of the claims are from sybils and trolls, who evade the Shield (varied confidence, tier at their cap, no forgeries)",
    trolls: { ...BASE.trolls, count: 6, claimsPerTick: 2, evasive: true },
    sybils: { ...BASE.sybils, claimsPerTick: 8, targetShare: 0.3, evasive: true },
    ring: { ...BASE.ring, evasive: true },
  },
  sybil: {
    ...BASE,
    name: "sybil",
    description:
      "a sybil attack: a swarm of fresh keys pushes false values on 40 % of the pairs, co-signing and voting for itself",
    trolls: { ...BASE.trolls, count: 0 },
    ring: { ...BASE.ring, count: 0 },
    sybils: { ...BASE.sybils, startAt: 0.1, claimsPerTick: 8, targetShare: 0.4, evasive: true },
  },
};

/** The names of `SCENARIOS`, for help texts and errors. */
export const SCENARIO_NAMES = Object.keys(SCENARIOS);

/** Sizes a user may override (`stemedb arena --experts 12`). */
export interface ScenarioSizes {
  readonly ticks?: number;
  readonly topics?: number;
  readonly experts?: number;
  readonly crowd?: number;
  readonly trolls?: number;
  readonly sybils?: number;
  readonly ring?: number;
}

/**
 * The scenario called `name` with `seed`, sizes and `quick` applied. Quick halves the world (24
 * days, 4 topics) and every population with it, keeping their proportions, so that a run checks
 * the harness and the floors in seconds.
 *
 * @example
 * ```ts
 * const s = scenarioNamed("sybil", { quick: true, seed: 1 });
 * s.world.ticks; // 24
 * ```
 */
export function scenarioNamed(
  name: string,
  options: { readonly quick?: boolean; readonly seed?: number; readonly sizes?: ScenarioSizes } = {},
): ArenaScenario {
  const preset = SCENARIOS[name];
  if (preset === undefined) {
    throw new RangeError(`Cannot run arena scenario "${name}": use one of ${SCENARIO_NAMES.join(", ")}`);
  }
  let s: ArenaScenario = options.quick === true ? shrink(preset) : preset;
  if (options.seed !== undefined) s = { ...s, seed: options.seed };
  return withSizes(s, options.sizes ?? {});
}

function shrink(s: ArenaScenario): ArenaScenario {
  const half = (n: number): number => (n === 0 ? 0 : Math.max(1, Math.round(n / 2)));
  return {
    ...s,
    world: { ...s.world, ticks: 24, topics: Math.max(2, half(s.world.topics)) },
    experts: { ...s.experts, count: Math.max(3, half(s.experts.count)), topicsEach: 2 },
    crowd: { ...s.crowd, count: half(s.crowd.count) },
    trolls: { ...s.trolls, count: half(s.trolls.count) },
    sybils: { ...s.sybils, claimsPerTick: half(s.sybils.claimsPerTick) },
    ring: { ...s.ring, count: half(s.ring.count), targets: half(s.ring.targets) },
    study: { ...s.study, pairs: half(s.study.pairs), crowdBelievers: half(s.study.crowdBelievers) },
  };
}

function withSizes(s: ArenaScenario, sizes: ScenarioSizes): ArenaScenario {
  for (const [key, value] of Object.entries(sizes)) {
    if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= 100_000)) {
      throw new RangeError(`Cannot use ${key} ${String(value)}: it must be a whole number from 0 to 100000`);
    }
  }
  if (sizes.ticks !== undefined && sizes.ticks < 4) throw new RangeError("Cannot run fewer than 4 ticks");
  if (sizes.topics !== undefined && sizes.topics < 1) throw new RangeError("Cannot run without a topic");
  return {
    ...s,
    world: { ...s.world, ticks: sizes.ticks ?? s.world.ticks, topics: sizes.topics ?? s.world.topics },
    experts: { ...s.experts, count: sizes.experts ?? s.experts.count },
    crowd: { ...s.crowd, count: sizes.crowd ?? s.crowd.count },
    trolls: { ...s.trolls, count: sizes.trolls ?? s.trolls.count },
    sybils: { ...s.sybils, claimsPerTick: sizes.sybils ?? s.sybils.claimsPerTick },
    ring: { ...s.ring, count: sizes.ring ?? s.ring.count },
  };
}
