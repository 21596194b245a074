import { LENS_NAMES, type LensName } from "../lens/candidate.ts";

/**
 * When to read through each lens, in words written for a model choosing one. A `Record` over
 * every lens name, so a lens added to the engine fails to compile here until it is explained.
 *
 * @example
 * ```ts
 * LENS_GUIDE.authority; // "regulated or safety-critical facts …"
 * ```
 */
export const LENS_GUIDE: Readonly<Record<LensName, string>> = {
  recency: "fast-moving facts (versions, prices, current status, who holds a post): the newest claim wins",
  confidence: "when the authors' own certainty is the best signal: the most certain claim (after decay) wins",
  consensus: "crowd knowledge and conventions: the value held by the most distinct agents wins",
  authority:
    "regulated or safety-critical facts (doses, standards, law, specifications): the strongest evidence tier wins (regulatory > clinical > observational > expert > community > anecdotal), co-signatures add weight",
  trust: "when some agents have earned a track record: each claim counts by its author's trust",
  vote: "when reviewers vote on claims: the most vote weight times voter trust wins (consensus when nobody voted)",
  skeptic:
    "before relying on an answer that matters: no winner, every distinct value with its weight share and supporters",
  layered:
    "to compare what each evidence tier says: one answer per tier, the overall answer from the strongest tier present",
};

/**
 * The lens guide as one bulleted text, for tool descriptions and the server's instructions.
 *
 * @example
 * ```ts
 * lensGuideText().split("\n")[0]; // "- recency: fast-moving facts …"
 * ```
 */
export function lensGuideText(): string {
  return LENS_NAMES.map((lens) => `- ${lens}: ${LENS_GUIDE[lens]}`).join("\n");
}
