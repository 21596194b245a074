import { TIER_NAMES } from "../../src/model/index.ts";
import { pairAt } from "../http/assertion-bodies.ts";
import type { Prng } from "../ingest/prng.ts";

// Fixed, so that the same index gives the same claim on every run; each claim is 1 ms after the
// previous one, as in the HTTP benchmark's workload.
const BASE_MS = Date.UTC(2026, 0, 1);

// Words of the value: four drawn from 64 make ~16.8 million phrases, and the claim's own index
// follows them, so no two claims say the same thing.
const WORDS = [
  "reduced",
  "increased",
  "stable",
  "mild",
  "severe",
  "transient",
  "chronic",
  "early",
  "late",
  "renal",
  "hepatic",
  "cardiac",
  "dermal",
  "gastric",
  "neural",
  "ocular",
  "clearance",
  "exposure",
  "absorption",
  "binding",
  "uptake",
  "response",
  "tolerance",
  "onset",
  "nausea",
  "fatigue",
  "headache",
  "rash",
  "dizziness",
  "insomnia",
  "appetite",
  "weight",
  "pressure",
  "glucose",
  "sodium",
  "potassium",
  "platelets",
  "enzymes",
  "lipids",
  "markers",
  "adults",
  "children",
  "elderly",
  "women",
  "smokers",
  "athletes",
  "patients",
  "volunteers",
  "cohort",
  "trial",
  "registry",
  "survey",
  "review",
  "label",
  "report",
  "audit",
  "week",
  "month",
  "year",
  "dose",
  "taper",
  "switch",
  "pause",
  "refill",
] as const;

/**
 * Claim `index` of the Shield benchmark, in the seed form a client sends: an ordinary claim that
 * the content defense lets through (201, not 202) with its default thresholds.
 *
 * It is about the HTTP benchmark's pair `index mod 10,000` (`pairAt`), so the query plans of
 * `bench/http` find its candidates, and its value is text of four words and the index: a
 * different value for every claim, so two claims of one pair are a revision (never a near-duplicate)
 * and claims of different pairs share little more than the `bench/c` prefix (well under the 0.9
 * similarity threshold). The confidence stays at 0.8 or below and the agent is never scored, so
 * nothing is "untrusted with high confidence"; the quality score is about 0.9 (the floor is 0.4).
 *
 * @example
 * ```ts
 * claimBody(7, mulberry32(1));
 * // { concept_path: "bench/c7", predicate: "p2", value: "renal cohort onset week 7", confidence: 0.42, … }
 * ```
 */
export function claimBody(index: number, prng: Prng): Record<string, unknown> {
  const words = [prng.pick(WORDS), prng.pick(WORDS), prng.pick(WORDS), prng.pick(WORDS)];
  return {
    ...pairAt(index),
    value: `${words.join(" ")} ${index}`,
    confidence: (10 + prng.below(71)) / 100,
    authority_tier: prng.pick(TIER_NAMES),
    timestamp: new Date(BASE_MS + index).toISOString(),
  };
}
