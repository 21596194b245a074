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
  const lower = joined.toLowerCase();
  // Every write is screened, and most claims are ASCII: that needs no NFC (ASCII is always NFC),
  // and with single spaces only, no collapsing. Both allocate a new string otherwise.
  if (!NOT_ASCII.test(lower))
    return SPACE_RUN_OR_OTHER.test(lower) ? lower.replace(/\s+/g, " ").trim() : lower;
  // Lowercase before NFC: case mapping can produce decomposed sequences ("İ" → "i̇"), so
  // normalising last keeps the result NFC whatever the input was.
  return lower.normalize("NFC").replace(/\s+/g, " ").trim();
}

const NOT_ASCII = /[\u0080-\uffff]/;
/** What collapsing whitespace changes in ASCII text: a run of two, a space that is not " ", or an end. */
const SPACE_RUN_OR_OTHER = /\s\s|[\t\n\v\f\r]|^\s|\s$/;

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
