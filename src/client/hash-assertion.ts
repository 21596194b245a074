import { normalizeAssertion } from "../model/normalize.ts";
import type { AssertionInput } from "./api-types.ts";
import { requireTimestamp } from "./require-timestamp.ts";

/**
 * The content hash the server will give this assertion: BLAKE3-256 of the RFC 8785 canonical JSON
 * of its content, computed with the server's own normaliser, so every spelling the server accepts
 * (aliases, a bare or externally tagged value, a tier by number) hashes as it will there.
 *
 * The assertion must carry its `timestamp`: without one the server stamps its receive time, and
 * the hash cannot be known in advance. Throws the server's `ValidationError` (with `field`) for
 * content the server would refuse.
 *
 * @example
 * ```ts
 * hashAssertion({
 *   concept_path: "test/dr_validation", predicate: "restored", value: true, confidence: 1,
 *   authority_tier: "expert", timestamp: "2026-02-11T14:30:00Z",
 * }); // "6145fb09bb35bcfd49cc21b23289174e80abe4e484d57e2785ddb597a8caeb87"
 * ```
 */
export function hashAssertion(assertion: AssertionInput): string {
  requireTimestamp(assertion, "assertion");
  return normalizeAssertion(assertion, { nowMs: Date.now() }).hash;
}
