import {
  TIER_NAMES,
  generateAgentKey,
  normalizeAssertion,
  signHash,
  type Assertion,
} from "../../src/model/index.ts";
import { mulberry32, type Prng } from "./prng.ts";

/**
 * The "typical assertion" the ingest benchmark writes: a drug-label style claim about one of
 * ~10,000 concept paths, normalised by the real write path so hashes and sizes are what a server
 * would store.
 */
export interface WorkloadOptions {
  readonly count: number;
  /** PRNG seed: the same seed gives the same content (signatures aside), so runs compare. */
  readonly seed?: number;
  /** Sign each assertion once (Ed25519) with one of ~100 agent keys; `append` then verifies it. */
  readonly signed?: boolean;
  /** The newest timestamp; the workload's timestamps increase up to about this time. */
  readonly nowMs?: number;
}

const DEFAULT_SEED = 0x5eed_1e57;
const AGENTS = 100;
// 2,000 drugs × 5 aspects = 10,000 distinct concept paths.
const DRUGS = 2_000;
const ASPECTS = ["safety", "dosing", "efficacy", "interactions", "pharmacokinetics"] as const;
const STEMS = ["semaglutide", "metformin", "atorvastatin", "lisinopril", "apixaban", "sertraline", "insulin"];
const SOURCE_SHARE = 0.3;
// Mean gap between consecutive timestamps: 5 ms, so 200,000 assertions span ~17 minutes.
const MAX_STEP_MS = 9;

const RISKS = ["not observed", "rare", "uncommon (0.1-1%)", "common (1-10%)", "very common (>10%)"];
const SEVERITIES = ["none", "minor", "moderate", "major: monitor closely", "contraindicated"];

/** ~5 predicates, each with its own kind of value, so text, numbers and booleans are mixed. */
const PREDICATES: readonly { readonly name: string; readonly value: (prng: Prng) => unknown }[] = [
  { name: "gastroparesis_risk", value: (prng) => prng.pick(RISKS) },
  { name: "max_daily_dose_mg", value: (prng) => prng.below(20_000) / 10 },
  { name: "approved_for_pediatrics", value: (prng) => prng.next() < 0.5 },
  { name: "half_life_hours", value: (prng) => Math.round(prng.next() * 16_800) / 100 },
  { name: "interaction_severity", value: (prng) => prng.pick(SEVERITIES) },
];

/**
 * Builds `count` distinct assertions, oldest first. Every timestamp is at least 1 ms after the
 * previous one, so no two share a content hash and every append creates a record.
 *
 * @example
 * ```ts
 * const assertions = makeAssertions({ count: 1_000 });
 * assertions[0]?.conceptPath; // e.g. "drugs/metformin-42/dosing"
 * ```
 */
export function makeAssertions(options: WorkloadOptions): Assertion[] {
  const prng = mulberry32(options.seed ?? DEFAULT_SEED);
  const agents = options.signed === true ? signingAgents() : unsignedAgents();
  const nowMs = options.nowMs ?? Date.now();
  let timestampMs = nowMs - options.count * (MAX_STEP_MS + 1);
  const out: Assertion[] = [];
  for (let i = 0; i < options.count; i++) {
    timestampMs += 1 + prng.below(MAX_STEP_MS);
    const agent = prng.pick(agents);
    const assertion = normalizeAssertion(body(prng), { nowMs: timestampMs, agentId: agent.agentId });
    out.push(agent.seedHex === undefined ? assertion : signedBy(assertion, agent.agentId, agent.seedHex));
  }
  return out;
}

interface Agent {
  readonly agentId: string;
  readonly seedHex?: string;
}

function body(prng: Prng): Record<string, unknown> {
  const drug = prng.below(DRUGS);
  const stem = STEMS[drug % STEMS.length] ?? "drug";
  const predicate = prng.pick(PREDICATES);
  const out: Record<string, unknown> = {
    concept_path: `drugs/${stem}-${drug}/${prng.pick(ASPECTS)}`,
    predicate: predicate.name,
    value: predicate.value(prng),
    // Agents report confidence to two decimals, not as full-precision floats.
    confidence: Math.round(prng.next() * 100) / 100,
    authority_tier: prng.pick(TIER_NAMES),
  };
  if (prng.next() < SOURCE_SHARE) out["source"] = source(prng);
  return out;
}

/** A cited source: a label URI, the content hash of a document, or (most often) both. */
function source(prng: Prng): Record<string, string> {
  const roll = prng.next();
  const uri = `fda://label/${prng.below(50_000)}`;
  if (roll < 0.4) return { uri };
  if (roll < 0.6) return { hash: randomHex(prng, 32) };
  return { uri, hash: randomHex(prng, 32) };
}

function randomHex(prng: Prng, bytes: number): string {
  let hex = "";
  for (let i = 0; i < bytes; i += 4)
    hex += prng
      .below(2 ** 32)
      .toString(16)
      .padStart(8, "0");
  return hex.slice(0, bytes * 2);
}

/** Unsigned writers are attributed by API key name, e.g. `ingest-agent-007`. */
function unsignedAgents(): Agent[] {
  return Array.from({ length: AGENTS }, (_, i) => ({
    agentId: `ingest-agent-${String(i).padStart(3, "0")}`,
  }));
}

/** Real Ed25519 keys: signatures have their real size and `append` pays for real verification. */
function signingAgents(): Agent[] {
  return Array.from({ length: AGENTS }, () => generateAgentKey());
}

/** The assertion as its author would send it: one signature, and attributed to the signer. */
function signedBy(assertion: Assertion, agentId: string, seedHex: string): Assertion {
  return {
    ...assertion,
    agentId,
    signatures: [
      { agentId, signature: signHash(assertion.hash, seedHex), timestampMs: assertion.timestampMs },
    ],
  };
}
