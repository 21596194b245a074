import type {
  Lifecycle as ModelLifecycle,
  Tier as ModelTier,
  Value as ModelValue,
} from "../model/assertion.ts";
import type { TierName as ModelTierName } from "../model/tier.ts";

// The data model's vocabulary, re-exported with the SDK's documentation; the model (src/model)
// defines them and the server uses the same definitions.

/**
 * A claimed value, tagged: `text`, `number`, `boolean` or `reference` (a concept path).
 *
 * @example
 * ```ts
 * const dose: Value = { type: "number", value: 4000 };
 * ```
 */
export type Value = ModelValue;

/**
 * An authority tier by number: 0 `regulatory` (strongest) … 5 `anecdotal`.
 *
 * @example
 * ```ts
 * const strongest: Tier = 0;
 * ```
 */
export type Tier = ModelTier;

/**
 * An authority tier by name, as the API prints it.
 *
 * @example
 * ```ts
 * const tier: TierName = "clinical";
 * ```
 */
export type TierName = ModelTierName;

/**
 * Where a claim stands in review.
 *
 * @example
 * ```ts
 * buildAssertion({ concept_path: "a/b", predicate: "p", value: 1, confidence: 1, lifecycle: "approved" satisfies Lifecycle });
 * ```
 */
export type Lifecycle = ModelLifecycle;
