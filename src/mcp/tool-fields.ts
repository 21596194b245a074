import { z } from "zod";
import { LENS_NAMES } from "../lens/candidate.ts";
import { TIER_NAMES } from "../model/tier.ts";

// The input fields several tools share, each described for a model. Only types and enumerations
// are checked here: ranges, path syntax and hex are checked by the SDK's builders and the server,
// whose errors name the field and the reason (see tool-result.ts), so a model gets the same
// explanation whichever way it got a field wrong.

/**
 * One exact concept path, for tools about a single claim's subject.
 *
 * @example
 * ```ts
 * z.object({ concept_path: conceptPathField }).parse({ concept_path: "drugs/aspirin" });
 * ```
 */
export const conceptPathField = z
  .string()
  .describe(
    "What the claim is about: a `/`-separated path such as `drugs/aspirin` or `code://python/requests/tls` (no empty segments)",
  );

/**
 * A concept path, a subtree (`prefix/*`) or everything (`*`), for tools that read.
 *
 * @example
 * ```ts
 * conceptSelectorField.parse("drugs/*");
 * ```
 */
export const conceptSelectorField = z
  .string()
  .describe(
    "An exact concept path (`drugs/aspirin`), a subtree (`drugs/*`: every path below drugs), or `*` for everything",
  );

/**
 * The property a claim is about.
 *
 * @example
 * ```ts
 * predicateField.parse("max_daily_dose_mg");
 * ```
 */
export const predicateField = z
  .string()
  .describe("The property claimed about the concept, e.g. `max_daily_dose_mg`, `latest_version`");

/**
 * A time, as the API takes it.
 *
 * @example
 * ```ts
 * timeField.parse("2026-01-31T00:00:00Z");
 * ```
 */
export const timeField = z.string().describe("An RFC 3339 time such as `2026-01-31T12:00:00Z`");

/**
 * A content hash: how assertions and epochs are named.
 *
 * @example
 * ```ts
 * contentHashField.parse("9f2c…"); // 64 hex characters in practice
 * ```
 */
export const contentHashField = z
  .string()
  .describe("A content hash: 64 hex characters, as returned by assert, query or supersede");

/**
 * A lens name; the guide to choosing one is in the tool's description.
 *
 * @example
 * ```ts
 * lensField.parse("authority");
 * ```
 */
export const lensField = z.enum(LENS_NAMES);

/**
 * An authority tier by name, strongest first.
 *
 * @example
 * ```ts
 * tierField.parse("clinical");
 * ```
 */
export const tierField = z
  .enum(TIER_NAMES)
  .describe(
    "The class of the evidence, strongest first: regulatory (FDA label, RFC, NIST; never decays), clinical (peer reviewed), observational (case reports, preprints), expert (vendor docs, code, wikis), community (forums, aggregated reports), anecdotal (a single post; the default). Claim only the tier your evidence supports; the server may cap it",
  );
