/**
 * The claims every system of the comparison stores: a knowledge base of drug facts shaped like a
 * real one. Concept paths form a tree (`area/drug/aspect`), each aspect has its own predicates and
 * each predicate a small set of values, about one pair in a hundred is popular and gets a fifth of
 * all claims, agents mostly agree on one value per pair, all six tiers occur, and claims span two
 * years. Seeded, so every system gets the same claims in the same order.
 *
 * The claims also pass the Shield's content defense at its defaults, so the server over HTTP
 * stores every one of them as the other systems do: drug names are distinct words rather than
 * numbered variants of one, and no agent states the same pair, value and confidence twice (both
 * would read as an agent repeating itself, `src/shield/content-defense.ts`).
 */
import { TIER_NAMES, normalizeAssertion } from "../../src/model/index.ts";
import { mulberry32, type Prng } from "../ingest/prng.ts";
import { toBenchClaim } from "./bench-claim.ts";
import type { BenchClaim } from "./peer.ts";

/** The size of the knowledge base the claims describe. */
export interface ClaimShape {
  /** (concept_path, predicate) pairs: `pairs / PAIRS_PER_DRUG` drugs. */
  readonly pairs: number;
  /** Every claim is timestamped before this instant, and every query is answered as of it. */
  readonly nowMs: number;
}

/** A (concept_path, predicate) pair. */
export interface Pair {
  readonly conceptPath: string;
  readonly predicate: string;
}

/** Claims an agent sends in one batch: the batch size of every batched row. */
export const BATCH_SIZE = 1_000;
export const AGENTS = 1_000;

type Values = readonly (string | number | boolean)[];
const RISK = ["not observed", "rare (<0.1%)", "uncommon (0.1-1%)", "common (1-10%)", "very common (>10%)"];
const SEVERITY = ["none", "minor", "moderate", "major: monitor closely", "contraindicated"];
const GRADE = ["A: consistent trials", "B: limited trials", "C: observational only", "D: expert opinion"];
const YES_NO = [true, false];

/** The aspects of a drug (its concept paths) and the predicates of each, with their values. */
const ASPECTS: readonly { readonly name: string; readonly predicates: readonly [string, Values][] }[] = [
  {
    name: "safety",
    predicates: [
      ["gastroparesis_risk", RISK],
      ["hypoglycemia_risk", RISK],
      ["hepatotoxicity_risk", RISK],
      ["boxed_warning", YES_NO],
    ],
  },
  {
    name: "dosing",
    predicates: [
      ["max_daily_dose_mg", [5, 10, 20, 40, 80, 160, 320]],
      ["starting_dose_mg", [0.25, 0.5, 1, 2.5, 5, 10]],
      ["renal_dose_adjustment_percent", [0, 25, 50, 75]],
      ["approved_for_pediatrics", YES_NO],
    ],
  },
  {
    name: "efficacy",
    predicates: [
      ["evidence_grade", GRADE],
      ["pediatric_evidence", GRADE],
      ["number_needed_to_treat", [4, 8, 12, 20, 40, 100]],
      ["first_line_therapy", YES_NO],
    ],
  },
  {
    name: "interactions",
    predicates: [
      ["interaction_severity", SEVERITY],
      ["alcohol_interaction", SEVERITY],
      ["qt_prolongation_risk", RISK],
      ["requires_lab_monitoring", YES_NO],
    ],
  },
  {
    name: "pharmacokinetics",
    predicates: [
      ["half_life_hours", [2, 4, 6, 12, 24, 36, 168]],
      ["time_to_peak_hours", [0.5, 1, 2, 3, 4, 8]],
      ["bioavailability_percent", [10, 25, 50, 75, 90, 100]],
      ["crosses_blood_brain_barrier", YES_NO],
    ],
  },
];
const PREDICATES_PER_ASPECT = 4;

/** Pairs under one drug: one subtree, what a prefix query reads. */
export const PAIRS_PER_DRUG = ASPECTS.length * PREDICATES_PER_ASPECT;
/** Drugs under one therapeutic area. */
export const DRUGS_PER_AREA = 20;
/** The most pairs a workload has, whatever its size. */
const MAX_PAIRS = 100_000;
/** Claims per pair on average: 1,000,000 claims over 100,000 pairs. */
const CLAIMS_PER_PAIR = 10;
const TWO_YEARS_MS = 2 * 365 * 86_400_000;
/** Fixed, so that runs on different days decay the same claims by the same amount. */
const NOW_MS = Date.UTC(2026, 0, 1);
// One pair in POPULAR_EVERY is popular and draws POPULAR_SHARE of the claims.
const POPULAR_EVERY = 100;
const POPULAR_SHARE = 0.2;
/** How often an agent states the pair's majority value rather than any value. */
const AGREEMENT = 0.6;
/** Tiers from regulatory (0) to anecdotal (5): the authoritative ones are the rarest. */
const TIER_ODDS = [0.04, 0.1, 0.16, 0.2, 0.25, 0.25];
const AREAS = [
  "cardiology",
  "oncology",
  "neurology",
  "endocrinology",
  "nephrology",
  "hepatology",
  "psychiatry",
  "pulmonology",
  "rheumatology",
  "infectious-disease",
];
// Drug names are four syllables and an ending picked by a scrambled index, unique per drug and
// unlike their neighbours', so that an agent's claims about two drugs never read as one repeated.
const SYLLABLES = ["ba", "ce", "do", "fu", "ga", "hi", "jo", "ku", "la", "me", "no", "pi"];
const SYLLABLES_2 = ["ra", "se", "ti", "vo", "xu", "ze", "bri", "cla", "dre", "flo", "gri", "pla"];
const ENDINGS = ["mab", "pril", "statin", "tide", "zole", "cillin", "sartan", "vir"];
const NAMES = SYLLABLES.length ** 2 * SYLLABLES_2.length ** 2 * ENDINGS.length;
// Coprime to NAMES = 2^11 × 3^4.
const NAME_MULTIPLIER = 100_003;

/**
 * The shape of a workload of `records` claims: ten claims per pair on average, at most 100,000
 * pairs, at least one whole drug.
 *
 * @example
 * ```ts
 * claimShape(1_000_000); // { pairs: 100000, nowMs: 1767225600000 }
 * ```
 */
export function claimShape(records: number): ClaimShape {
  const drugs = Math.max(1, Math.round(Math.min(MAX_PAIRS, records / CLAIMS_PER_PAIR) / PAIRS_PER_DRUG));
  return { pairs: drugs * PAIRS_PER_DRUG, nowMs: NOW_MS };
}

/**
 * Pair `index` of a workload: consecutive indexes share a concept path, consecutive paths a drug
 * (one subtree), consecutive drugs an area.
 *
 * @example
 * ```ts
 * pairAt(0); // { conceptPath: "cardiology/bara…mab/safety", predicate: "gastroparesis_risk" }
 * ```
 */
export function pairAt(index: number): Pair {
  const drug = Math.floor(index / PAIRS_PER_DRUG);
  const within = index % PAIRS_PER_DRUG;
  const aspect = ASPECTS[Math.floor(within / PREDICATES_PER_ASPECT)];
  const predicate = aspect?.predicates[within % PREDICATES_PER_ASPECT]?.[0] ?? "unknown";
  return { conceptPath: `${drugPrefix(drug)}/${aspect?.name ?? "safety"}`, predicate };
}

/**
 * The subtree of drug `drug`: the prefix of its concept paths.
 *
 * @example
 * ```ts
 * drugPrefix(21); // "oncology/<a drug name>"
 * ```
 */
export function drugPrefix(drug: number): string {
  const area = Math.floor(drug / DRUGS_PER_AREA);
  const areaName = `${AREAS[area % AREAS.length] ?? "area"}${area >= AREAS.length ? `-${Math.floor(area / AREAS.length)}` : ""}`;
  return `${areaName}/${drugName(drug)}`;
}

/** A made-up drug name, unique per index (there are 12⁴ × 8 of them). */
function drugName(drug: number): string {
  // A multiplier coprime to the number of names is a bijection on them: neighbours land far apart.
  let n = (drug * NAME_MULTIPLIER) % NAMES;
  const pick = (list: readonly string[]): string => {
    const item = list[n % list.length] ?? "";
    n = Math.floor(n / list.length);
    return item;
  };
  return pick(SYLLABLES) + pick(SYLLABLES_2) + pick(SYLLABLES) + pick(SYLLABLES_2) + pick(ENDINGS);
}

/**
 * Batches of claims without end, `batchSize` claims each, every batch from one agent (as a
 * pipeline sends its own claims), every claim new content. The same `seed` gives the same claims;
 * different seeds give different agents (`agents` names them), so that two streams never repeat
 * each other.
 *
 * @example
 * ```ts
 * const batches = claimBatches(claimShape(20_000), { seed: 1, batchSize: 1_000, agents: "agent" });
 * const first = batches.next().value; // 1,000 claims by one agent
 * ```
 */
export function* claimBatches(
  shape: ClaimShape,
  options: { readonly seed: number; readonly batchSize: number; readonly agents: string },
): Generator<BenchClaim[], never> {
  const prng = mulberry32(options.seed);
  // (agent, pair, value, confidence) already stated: stating it again would be a repeat.
  const stated = new Set<number>();
  for (;;) {
    const agent = prng.below(AGENTS);
    const agentId = `${options.agents}-${String(agent).padStart(4, "0")}`;
    const batch: BenchClaim[] = [];
    while (batch.length < options.batchSize) {
      const claim = makeClaim(shape, prng, agent, agentId, stated);
      if (claim !== undefined) batch.push(claim);
    }
    yield batch;
  }
}

/**
 * The first `count` claims of `claimBatches`.
 *
 * @example
 * ```ts
 * const bulk = makeClaims(claimShape(1_000_000), { count: 1_000_000, seed: 1, batchSize: BATCH_SIZE, agents: "agent" });
 * ```
 */
export function makeClaims(
  shape: ClaimShape,
  options: {
    readonly count: number;
    readonly seed: number;
    readonly batchSize: number;
    readonly agents: string;
  },
): BenchClaim[] {
  const claims: BenchClaim[] = [];
  const batches = claimBatches(shape, options);
  while (claims.length < options.count) {
    const batch = batches.next().value;
    for (const claim of batch.slice(0, options.count - claims.length)) claims.push(claim);
  }
  return claims;
}

function makeClaim(
  shape: ClaimShape,
  prng: Prng,
  agent: number,
  agentId: string,
  stated: Set<number>,
): BenchClaim | undefined {
  const index = pickPair(shape, prng);
  const pair = pairAt(index);
  const within = index % PAIRS_PER_DRUG;
  const values =
    ASPECTS[Math.floor(within / PREDICATES_PER_ASPECT)]?.predicates[within % PREDICATES_PER_ASPECT]?.[1] ??
    YES_NO;
  // The pair's majority value is fixed by the pair, so that most agents agree on it.
  const valueIndex = prng.next() < AGREEMENT ? (index * 7919) % values.length : prng.below(values.length);
  // Agents report confidence to two decimals, not as full-precision floats.
  const confidence = prng.below(101);
  // Unique below 2^53: agent < 2^10, pair < 2^17, value < 2^3, confidence < 2^7.
  const key = ((agent * 2 ** 17 + index) * 8 + valueIndex) * 128 + confidence;
  if (stated.has(key)) return undefined;
  stated.add(key);
  const assertion = normalizeAssertion(
    {
      concept_path: pair.conceptPath,
      predicate: pair.predicate,
      value: values[valueIndex] ?? false,
      confidence: confidence / 100,
      authority_tier: TIER_NAMES[pickTier(prng)],
      timestamp: new Date(shape.nowMs - 60_000 - prng.below(TWO_YEARS_MS)).toISOString(),
    },
    { nowMs: shape.nowMs, agentId },
  );
  return toBenchClaim(assertion);
}

/** Uniform over the pairs, except that every POPULAR_EVERY-th pair also draws POPULAR_SHARE of the claims. */
function pickPair(shape: ClaimShape, prng: Prng): number {
  const popular = Math.floor(shape.pairs / POPULAR_EVERY);
  if (popular > 0 && prng.next() < POPULAR_SHARE) {
    // Offset, so that the popular pairs are not all the first predicate of their path.
    return (prng.below(popular) * POPULAR_EVERY + 37) % shape.pairs;
  }
  return prng.below(shape.pairs);
}

function pickTier(prng: Prng): number {
  let roll = prng.next();
  for (let tier = 0; tier < TIER_ODDS.length; tier++) {
    roll -= TIER_ODDS[tier] ?? 0;
    if (roll < 0) return tier;
  }
  return TIER_ODDS.length - 1;
}
