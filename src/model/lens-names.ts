/**
 * Every lens, in the order of the table in `spec/model.md` §Lenses. Part of the model rather than
 * of `src/lens/`, so that the SDK and the console, which run in browsers, list the same lenses.
 *
 * @example
 * ```ts
 * LENS_NAMES.includes("authority"); // true
 * ```
 */
export const LENS_NAMES = [
  "recency",
  "confidence",
  "consensus",
  "authority",
  "trust",
  "vote",
  "skeptic",
  "layered",
] as const;

/** The name of a lens, as the query API spells it. */
export type LensName = (typeof LENS_NAMES)[number];
