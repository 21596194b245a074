import type { Value } from "../model/assertion.ts";

/**
 * A value that points at another concept: `{ type: "reference", value: path }`. (A bare string is
 * a `text` value.)
 *
 * @example
 * ```ts
 * buildAssertion({ concept_path: "drugs/aspirin", predicate: "same_as", value: referenceValue("drugs/acetylsalicylic_acid"), confidence: 1 });
 * ```
 */
export function referenceValue(conceptPath: string): Value {
  return { type: "reference", value: conceptPath };
}
