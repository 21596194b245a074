/**
 * A cheap score of how much a claim looks like information rather than noise, from the claim
 * alone: no store lookups, so it can run on every write.
 */
import type { Assertion, Value } from "../model/assertion.ts";
import { claimText } from "./claim-text.ts";

/** What the score reads of a claim. */
type ClaimContent = Pick<Assertion, "conceptPath" | "predicate" | "value" | "confidence">;

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
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const URL = /^[a-z][a-z0-9+.-]*:\/\/\S+$/;

/**
 * Scores a claim in 0..1 as 0.4 × entropy + 0.2 × length + 0.2 × structure + 0.2 × trust.
 * `text` is the claim's `claimText`, when the caller has it already.
 *
 * @example
 * ```ts
 * qualityScore(semaglutideWeightLoss, 0.5).score; // 0.98: drug://semaglutide, effect, "weight loss"
 * qualityScore(aaaaGarbage, 0.5).score; // 0.22: x://aaaaaaaa, aaaa, "aaaaaaaaaaaaaaaa"
 * ```
 */
export function qualityScore(
  a: ClaimContent,
  authorTrust: number,
  options: QualityScoreOptions = DEFAULT_QUALITY_SCORE_OPTIONS,
  text: string = claimText(a),
): QualityScore {
  const valueWords = a.value.type === "text" ? wordCount(a.value.value) : 0;
  const parts = {
    entropy: entropyPart(text),
    length: lengthPart(a, valueWords),
    structure: structurePart(a.value, valueWords),
    trust: trustPart(a, authorTrust, options),
  };
  return { score: weigh(parts.entropy, parts.length, parts.structure, parts.trust), parts };
}

/**
 * The claim's score if it is below `threshold`, else `undefined`: the decision of
 * `qualityScore(a, authorTrust, options).score < threshold`, made without the entropy part when
 * the other parts decide it. Most claims score enough without it, and it is the part that walks
 * the whole text: `text`, the claim's `claimText`, is made only when it is needed.
 *
 * @example
 * ```ts
 * scoreBelow(semaglutideWeightLoss, 0.5, 0.4); // undefined: length, structure and trust give 0.6
 * scoreBelow(aaaaGarbage, 0.5, 0.4); // 0.22
 * ```
 */
export function scoreBelow(
  a: ClaimContent,
  authorTrust: number,
  threshold: number,
  options: QualityScoreOptions = DEFAULT_QUALITY_SCORE_OPTIONS,
  text?: string,
): number | undefined {
  const valueWords = a.value.type === "text" ? wordCount(a.value.value) : 0;
  const length = lengthPart(a, valueWords);
  const structure = structurePart(a.value, valueWords);
  const trust = trustPart(a, authorTrust, options);
  // Rounding is monotonic, so no entropy in 0..1 can bring a score weighed with 0 below it.
  if (weigh(0, length, structure, trust) >= threshold) return undefined;
  const score = weigh(entropyPart(text ?? claimText(a)), length, structure, trust);
  return score < threshold ? score : undefined;
}

function weigh(entropy: number, length: number, structure: number, trust: number): number {
  return (
    QUALITY_WEIGHTS.entropy * entropy +
    QUALITY_WEIGHTS.length * length +
    QUALITY_WEIGHTS.structure * structure +
    QUALITY_WEIGHTS.trust * trust
  );
}

function trustPart(a: ClaimContent, authorTrust: number, options: QualityScoreOptions): number {
  return isUntrustedHighConfidence(a.confidence, authorTrust, options) ? 0 : 1;
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

// Every write is scored, so the parts below walk the text once by code unit, with a table for
// ASCII and the Unicode regex only for the other characters, instead of a regex per character.
/** Occurrences of each ASCII letter or digit in the text being scored; zeroed after each use. */
const asciiCounts = new Int32Array(128);
/** The ASCII units counted so far, in order of first sight: the entropy sums only these. */
const asciiSeen = new Uint8Array(128);
/** c·log₂ c for the counts a claim's characters usually reach. */
const COUNT_LOG2 = Float64Array.from({ length: 256 }, (_, c) => (c === 0 ? 0 : c * Math.log2(c)));

function countTimesLog2(count: number): number {
  return count < COUNT_LOG2.length ? (COUNT_LOG2[count] as number) : count * Math.log2(count);
}

/**
 * Letters and digits only: the separators, slashes and `://` every claim has would otherwise give
 * any claim a few free bits, and punctuation runs ("!!!!") are noise, not content. Dividing by
 * 4 bits rather than by log₂ of the length keeps a short text from scoring high just because
 * its few characters differ: n characters carry at most log₂ n bits, so "ap1" gets 0.4.
 */
function entropyPart(text: string): number {
  let others: Map<number, number> | undefined;
  let n = 0;
  let distinct = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 128) {
      if (isAsciiLetterOrDigit(unit)) {
        const count = asciiCounts[unit] as number;
        if (count === 0) asciiSeen[distinct++] = unit;
        asciiCounts[unit] = count + 1;
        n++;
      }
      continue;
    }
    const codePoint = text.codePointAt(i) as number;
    if (codePoint > 0xffff) i++;
    if (!isLetterOrDigit(codePoint)) continue;
    others ??= new Map();
    others.set(codePoint, (others.get(codePoint) ?? 0) + 1);
    n++;
  }
  if (n === 0) return 0;
  // −Σ (c/n)·log₂(c/n) = log₂ n − (Σ c·log₂ c) / n: one logarithm, and a table for the counts.
  let weighted = 0;
  for (let k = 0; k < distinct; k++) {
    const unit = asciiSeen[k] as number;
    weighted += countTimesLog2(asciiCounts[unit] as number);
    asciiCounts[unit] = 0;
  }
  if (others !== undefined) for (const count of others.values()) weighted += countTimesLog2(count);
  const bits = Math.log2(n) - weighted / n;
  return Math.min(1, Math.max(0, bits) / ENTROPY_BITS_FULL);
}

/** A third each: a path leaf and a predicate of 3+ characters, not one repeated, and a value with a word. */
function lengthPart(a: ClaimContent, valueWords: number): number {
  // After the last "/", which also skips a scheme's "://": "drug://semaglutide" → "semaglutide".
  const leaf = a.conceptPath.slice(a.conceptPath.lastIndexOf("/") + 1);
  const valueSays = a.value.type !== "text" || valueWords > 0;
  return ((isNamed(leaf) ? 1 : 0) + (isNamed(a.predicate) ? 1 : 0) + (valueSays ? 1 : 0)) / 3;
}

function structurePart(value: Value, words: number): number {
  if (value.type !== "text" || words >= 2) return 1;
  if (URL.test(value.value.trim().toLowerCase())) return 1;
  return words === 1 ? 0.5 : 0;
}

/** Three characters or more, not all the same one ("abc", not "aaa" or "ab"). */
function isNamed(s: string): boolean {
  let length = 0;
  let first = -1;
  let oneRepeated = true;
  for (let i = 0; i < s.length; i++) {
    const codePoint = s.codePointAt(i) as number;
    if (codePoint > 0xffff) i++;
    if (length === 0) first = codePoint;
    else if (codePoint !== first) oneRepeated = false;
    length++;
  }
  return length >= 3 && !oneRepeated;
}

/**
 * Runs of letters or digits, except one character repeated two or more times: "aaaaaaaa" is not
 * a word, "x" is.
 */
function wordCount(text: string): number {
  let words = 0;
  let length = 0;
  let first = -1;
  let oneRepeated = true;
  for (let i = 0; i <= text.length; i++) {
    let codePoint = -1;
    let inWord = false;
    if (i < text.length) {
      codePoint = text.charCodeAt(i);
      if (codePoint < 128) inWord = isAsciiLetterOrDigit(codePoint);
      else {
        codePoint = text.codePointAt(i) as number;
        if (codePoint > 0xffff) i++;
        inWord = isLetterOrDigit(codePoint);
      }
    }
    if (inWord) {
      if (length === 0) first = codePoint;
      else if (codePoint !== first) oneRepeated = false;
      length++;
      continue;
    }
    if (length === 1 || (length > 1 && !oneRepeated)) words++;
    length = 0;
    oneRepeated = true;
  }
  return words;
}

function isAsciiLetterOrDigit(unit: number): boolean {
  return (unit >= 48 && unit <= 57) || (unit >= 65 && unit <= 90) || (unit >= 97 && unit <= 122);
}

function isLetterOrDigit(codePoint: number): boolean {
  return LETTER_OR_DIGIT.test(String.fromCodePoint(codePoint));
}
