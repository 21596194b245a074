/**
 * A cheap score of how much a claim looks like information rather than noise, from the claim
 * alone: no store lookups, so it can run on every write.
 */
import type { Assertion, Value } from "../model/assertion.ts";
import { claimText } from "./claim-text.ts";

/** When an author's high confidence is suspicious. */
export interface QualityScoreOptions {
  /** Authors with trust below this are untrusted. */
  readonly untrustedTrustBelow: number;
  /** Confidence above this, from an untrusted author, is suspicious. */
  readonly untrustedConfidenceAbove: number;
}

/** Untrusted below 0.4 (clearly under the 0.5 of an agent never scored), suspicious above 0.8 confidence. */
export const DEFAULT_QUALITY_SCORE_OPTIONS: QualityScoreOptions = {
  untrustedTrustBelow: 0.4,
  untrustedConfidenceAbove: 0.8,
};

/** How much each part counts; the weights add up to 1. */
export const QUALITY_WEIGHTS = { entropy: 0.4, length: 0.2, structure: 0.2, trust: 0.2 } as const;

/** A score in 0..1 and the parts, each in 0..1, that it weighs. */
export interface QualityScore {
  readonly score: number;
  readonly parts: {
    /** Shannon entropy of the claim's letters and digits, per character, over 4 bits. */
    readonly entropy: number;
    /** A third each for a path leaf and a predicate of 3+ characters and a value that says something. */
    readonly length: number;
    /** 1 for numbers, booleans, references, URLs and text of several words; 0.5 for one word. */
    readonly structure: number;
    /** 0 when an untrusted author claims high confidence, else 1. */
    readonly trust: number;
  };
}

// Bits per character of ordinary English letters; text this varied or more scores the full part.
const ENTROPY_BITS_FULL = 4;
const WORD = /[\p{L}\p{N}]+/gu;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const ONE_CHARACTER_REPEATED = /^(.)\1+$/su;
const URL = /^[a-z][a-z0-9+.-]*:\/\/\S+$/;

/**
 * Scores a claim in 0..1 as 0.4 × entropy + 0.2 × length + 0.2 × structure + 0.2 × trust.
 *
 * @example
 * ```ts
 * qualityScore(semaglutideWeightLoss, 0.5).score; // 0.98: drug://semaglutide, effect, "weight loss"
 * qualityScore(aaaaGarbage, 0.5).score; // 0.22: x://aaaaaaaa, aaaa, "aaaaaaaaaaaaaaaa"
 * ```
 */
export function qualityScore(
  a: Assertion,
  authorTrust: number,
  options: QualityScoreOptions = DEFAULT_QUALITY_SCORE_OPTIONS,
): QualityScore {
  const parts = {
    entropy: entropyPart(claimText(a)),
    length: lengthPart(a),
    structure: structurePart(a.value),
    trust: isUntrustedHighConfidence(a.confidence, authorTrust, options) ? 0 : 1,
  };
  const score =
    QUALITY_WEIGHTS.entropy * parts.entropy +
    QUALITY_WEIGHTS.length * parts.length +
    QUALITY_WEIGHTS.structure * parts.structure +
    QUALITY_WEIGHTS.trust * parts.trust;
  return { score, parts };
}

/**
 * Whether an untrusted author (trust below `untrustedTrustBelow`) claims more confidence than
 * `untrustedConfidenceAbove`: the pattern of an agent overstating claims it cannot back.
 *
 * @example
 * ```ts
 * isUntrustedHighConfidence(0.95, 0.3, DEFAULT_QUALITY_SCORE_OPTIONS); // true
 * isUntrustedHighConfidence(0.95, 0.5, DEFAULT_QUALITY_SCORE_OPTIONS); // false
 * ```
 */
export function isUntrustedHighConfidence(
  confidence: number,
  authorTrust: number,
  options: QualityScoreOptions,
): boolean {
  return authorTrust < options.untrustedTrustBelow && confidence > options.untrustedConfidenceAbove;
}

/**
 * Letters and digits only: the separators, slashes and `://` every claim has would otherwise give
 * any claim a few free bits, and punctuation runs ("!!!!") are noise, not content. Dividing by
 * 4 bits rather than by log₂ of the length keeps a short text from scoring high just because
 * its few characters differ: n characters carry at most log₂ n bits, so "ap1" gets 0.4.
 */
function entropyPart(text: string): number {
  const counts = new Map<string, number>();
  let n = 0;
  for (const c of text) {
    if (!LETTER_OR_DIGIT.test(c)) continue;
    counts.set(c, (counts.get(c) ?? 0) + 1);
    n++;
  }
  let bits = 0;
  for (const count of counts.values()) bits -= (count / n) * Math.log2(count / n);
  return Math.min(1, bits / ENTROPY_BITS_FULL);
}

/** A third each: a path leaf and a predicate of 3+ characters, not one repeated, and a value with a word. */
function lengthPart(a: Assertion): number {
  // After the last "/", which also skips a scheme's "://": "drug://semaglutide" → "semaglutide".
  const leaf = a.conceptPath.slice(a.conceptPath.lastIndexOf("/") + 1);
  const named = (s: string) => Array.from(s).length >= 3 && !isOneCharacterRepeated(s);
  const valueSays = a.value.type !== "text" || wordCount(a.value.value) > 0;
  return ((named(leaf) ? 1 : 0) + (named(a.predicate) ? 1 : 0) + (valueSays ? 1 : 0)) / 3;
}

function structurePart(value: Value): number {
  if (value.type !== "text") return 1;
  if (URL.test(value.value.trim().toLowerCase())) return 1;
  const words = wordCount(value.value);
  return words >= 2 ? 1 : words === 1 ? 0.5 : 0;
}

/** Runs of letters or digits, except one character repeated: "aaaaaaaa" is not a word, "x" is. */
function wordCount(text: string): number {
  return (text.match(WORD) ?? []).filter((w) => !isOneCharacterRepeated(w)).length;
}

/** "aaaa", "!!!": two or more characters, all the same. */
function isOneCharacterRepeated(s: string): boolean {
  return ONE_CHARACTER_REPEATED.test(s);
}
