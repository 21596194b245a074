import type { Lifecycle } from "./assertion.ts";
import { describeInput, invalid } from "./invalid.ts";
import { enumKey } from "./tier.ts";

/** Lifecycle stages in their usual order. */
export const LIFECYCLES = [
  "proposed",
  "under_review",
  "approved",
  "deprecated",
  "rejected",
] as const satisfies readonly Lifecycle[];

/** The stage of a claim that does not say; it is left out of the content hash. */
export const DEFAULT_LIFECYCLE: Lifecycle = "proposed";

const LIFECYCLE_BY_KEY = new Map<string, Lifecycle>(LIFECYCLES.map((stage) => [enumKey(stage), stage]));

/**
 * Parses a lifecycle stage in any case and spelling: `"approved"`, `"Approved"`, `"UnderReview"`,
 * `"under-review"` and `"UNDER_REVIEW"` all work (the original API used Rust's `UnderReview`).
 *
 * @example
 * ```ts
 * parseLifecycle("UnderReview", "lifecycle"); // "under_review"
 * ```
 */
export function parseLifecycle(input: unknown, field: string): Lifecycle {
  const expected = `one of ${LIFECYCLES.join(", ")}`;
  if (typeof input !== "string") {
    throw invalid(field, "wrong_type", `${field} must be ${expected}, got ${describeInput(input)}`);
  }
  const stage = LIFECYCLE_BY_KEY.get(enumKey(input));
  if (stage === undefined) {
    throw invalid(field, "unknown_value", `${field} must be ${expected}, got ${describeInput(input)}`);
  }
  return stage;
}
