import { TIER_NAMES } from "../../src/model/index.ts";
import type { Prng } from "../ingest/prng.ts";

/**
 * The HTTP benchmark's workload: assertion i is about concept `bench/c<i % 10,000>` and predicate
 * `p<i % 5>`. Since 5 divides 10,000, concept c<k> always gets predicate p<k % 5>: there are
 * exactly 10,000 (concept_path, predicate) pairs, and a store of N assertions holds N ÷ 10,000
 * candidates per pair (100 at the default 1,000,000), which is what a query reads and ranks.
 */
export const CONCEPTS = 10_000;
export const PREDICATES = 5;

// Fixed, so that the same index gives the same assertion (and hash) on every run. Each assertion
// is 1 ms after the previous one: its timestamp alone makes it distinct from every other, so no
// write is answered "exists" and every request stores a record.
const BASE_MS = Date.UTC(2026, 0, 1);

const LEVELS = ["none", "low", "moderate", "high", "contraindicated"];

/** The (concept_path, predicate) pair of pair number k, 0 ≤ k < 10,000 (and of assertion k). */
export function pairAt(k: number): { readonly concept_path: string; readonly predicate: string } {
  return { concept_path: `bench/c${k % CONCEPTS}`, predicate: `p${k % PREDICATES}` };
}

/**
 * Assertion `index` in the seed form a client sends: text, number and boolean values mixed,
 * confidences to two decimals, all six tiers, and an explicit timestamp (so a signer can hash it
 * ahead of time and the server computes the same hash).
 *
 * @example
 * ```ts
 * assertionBody(7, mulberry32(1)); // { concept_path: "bench/c7", predicate: "p2", value: …, timestamp: "2026-01-01T00:00:00.007Z", … }
 * ```
 */
export function assertionBody(index: number, prng: Prng): Record<string, unknown> {
  const roll = prng.next();
  const value = roll < 0.4 ? prng.pick(LEVELS) : roll < 0.8 ? prng.below(100_000) / 100 : prng.next() < 0.5;
  return {
    ...pairAt(index),
    value,
    confidence: Math.round(prng.next() * 100) / 100,
    authority_tier: prng.pick(TIER_NAMES),
    timestamp: new Date(BASE_MS + index).toISOString(),
  };
}
