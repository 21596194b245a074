import type { Assertion, Value } from "../../src/model/index.ts";
import type { BenchClaim } from "./peer.ts";

/**
 * The JSON text of a value, keys in the order `{"type":…,"value":…}` whatever order the object
 * has, so that two claims hold the same distinct value exactly when the texts are equal (as
 * `sameValue` in `src/lens/value-key.ts` decides it).
 *
 * @example
 * ```ts
 * valueJson({ type: "text", value: "rare" }); // '{"type":"text","value":"rare"}'
 * ```
 */
export function valueJson(value: Value): string {
  return JSON.stringify({ type: value.type, value: value.value });
}

/**
 * An assertion as the SQL peers store it: the same hash and everything the lenses read.
 *
 * @example
 * ```ts
 * await peer.ingest(assertions.map(toBenchClaim));
 * ```
 */
export function toBenchClaim(assertion: Assertion): BenchClaim {
  return {
    hash: assertion.hash,
    conceptPath: assertion.conceptPath,
    predicate: assertion.predicate,
    valueJson: valueJson(assertion.value),
    agentId: assertion.agentId,
    confidence: assertion.confidence,
    tier: assertion.authorityTier,
    timestampMs: assertion.timestampMs,
  };
}
