/**
 * The text a claim says, shared by the quality score and near-duplicate detection so that both
 * judge the same thing.
 */
import type { AssertionContent, Value } from "../model/assertion.ts";

/** Joins the concept path, predicate and value. Spaced so that the parts stay separate words. */
export const CLAIM_TEXT_SEPARATOR = " | ";

/**
 * The text of a claim: concept path, predicate and value joined by `" | "`, lowercased,
 * NFC-normalised, with every run of whitespace collapsed to one space and none at either end.
 * Confidence, tier, source and time are left out: they qualify a claim, they are not what it says.
 *
 * @example
 * ```ts
 * claimText({ conceptPath: "drug://Semaglutide", predicate: "effect",
 *   value: { type: "text", value: "Weight\n loss" } }); // "drug://semaglutide | effect | weight loss"
 * ```
 */
export function claimText(a: Pick<AssertionContent, "conceptPath" | "predicate" | "value">): string {
  const joined =
    a.conceptPath + CLAIM_TEXT_SEPARATOR + a.predicate + CLAIM_TEXT_SEPARATOR + valueText(a.value);
  // Lowercase before NFC: case mapping can produce decomposed sequences ("İ" → "i̇"), so
  // normalising last keeps the result NFC whatever the input was.
  return joined.toLowerCase().normalize("NFC").replace(/\s+/g, " ").trim();
}

function valueText(value: Value): string {
  switch (value.type) {
    case "number":
      return String(value.value);
    case "boolean":
      return value.value ? "true" : "false";
    case "text":
    case "reference":
      return value.value;
  }
}
