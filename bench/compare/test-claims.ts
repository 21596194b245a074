/**
 * Seeded claims for the peers' conformance test: pairs of every size, few and many agents and
 * values, all six tiers, ages from hours to over a year, some claims from the future, and many
 * ties in timestamp and confidence, so the tie-break decides often.
 */
import type { Assertion } from "../../src/model/index.ts";
import { makeAssertion } from "../../test/support/assertions.ts";
import { mulberry32, type Prng } from "../ingest/prng.ts";

/** The fixed "now" every system answers at. */
export const NOW_MS = Date.UTC(2026, 0, 1);

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A (concept_path, predicate) pair. */
export interface TestPair {
  readonly conceptPath: string;
  readonly predicate: string;
}

export interface ClaimSet {
  readonly assertions: readonly Assertion[];
  /** The compared pairs (the filler is not among them). */
  readonly pairs: readonly TestPair[];
}

// `bench/g1` itself, `bench/g1/…`, and neighbours that sort next to its subtree but are not in it.
const PATHS = [
  "bench/g1",
  "bench/g1-x/c0",
  "bench/g10/c0",
  "bench/g1/deep/c0",
  ...Array.from({ length: 25 }, (_, i) => `bench/g${Math.floor(i / 5)}/c${i % 5}`),
];
const PREDICATES = ["p0", "p1"];
const VALUES = ["rare", "common", "none", "severe"];
const CONFIDENCES = [0, 0.25, 0.5, 0.75, 0.9, 1];
const SIZES = [1, 2, 5, 12, 40, 80, 160];

/**
 * The claims over the compared pairs and `filler` more on 1,000 other pairs, distinct by hash.
 *
 * @example
 * ```ts
 * const { assertions, pairs } = makeClaimSet({ seed: 7, filler: 10_000 });
 * ```
 */
export function makeClaimSet(options: { readonly seed: number; readonly filler: number }): ClaimSet {
  const prng = mulberry32(options.seed);
  const pairs = PATHS.flatMap((conceptPath) => PREDICATES.map((predicate) => ({ conceptPath, predicate })));
  const assertions: Assertion[] = [];
  pairs.forEach((pair, index) => {
    const size = index < 2 ? 30 : prng.pick(SIZES);
    const agents = prng.pick([1, 3, 8]);
    const values = prng.pick([1, 2, 4]);
    for (let i = 0; i < size; i++) {
      // The first pair ties on everything but the hash; the second weighs nothing at all.
      const claim = {
        value: VALUES[prng.below(values)] ?? "rare",
        agent: `agent-${prng.below(agents)}`,
        tier: prng.below(6),
        confidence: index === 1 ? 0 : prng.pick(CONFIDENCES),
        timestampMs: index === 0 ? NOW_MS - DAY_MS : timestamp(prng),
      };
      assertions.push(make(pair, index === 0 ? { ...claim, confidence: 0.5 } : claim));
    }
  });
  for (let i = 0; i < options.filler; i++) {
    const pair = { conceptPath: `filler/f${i % 1_000}`, predicate: "p0" };
    assertions.push(
      make(pair, {
        value: prng.pick(VALUES),
        agent: `agent-${prng.below(8)}`,
        tier: prng.below(6),
        confidence: prng.pick(CONFIDENCES),
        timestampMs: timestamp(prng),
      }),
    );
  }
  // Equal content is one assertion whoever claims it: keep the first, as every system would.
  const byHash = new Map<string, Assertion>();
  for (const a of assertions) if (!byHash.has(a.hash)) byHash.set(a.hash, a);
  return { assertions: [...byHash.values()], pairs };
}

/** Half on whole days of the last month (ties), most within 400 days, a few up to 2 days ahead. */
function timestamp(prng: Prng): number {
  const roll = prng.next();
  if (roll < 0.5) return NOW_MS - prng.below(30) * DAY_MS;
  if (roll < 0.95) return NOW_MS - prng.below(400 * 24) * HOUR_MS;
  return NOW_MS + (1 + prng.below(48)) * HOUR_MS;
}

function make(
  pair: TestPair,
  claim: { value: string; agent: string; tier: number; confidence: number; timestampMs: number },
): Assertion {
  return makeAssertion(
    {
      concept_path: pair.conceptPath,
      predicate: pair.predicate,
      value: claim.value,
      confidence: claim.confidence,
      authority_tier: claim.tier,
      timestamp: claim.timestampMs / 1000,
    },
    claim.agent,
  );
}
