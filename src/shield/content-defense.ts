/**
 * The content defense of the Shield: decides, from a claim and its author's trust, whether a
 * write is stored normally or held in quarantine for a person to review. Pure and in memory:
 * the only state is a bounded window of recent claims for near-duplicate detection.
 */
import type { Assertion } from "../model/assertion.ts";
import { ANONYMOUS_AGENT } from "../model/normalize.ts";
import { claimText } from "./claim-text.ts";
import { LshIndex } from "./lsh-index.ts";
import { estimateJaccardAtLeast, minHash, shingles } from "./min-hash.ts";
import { isUntrustedHighConfidence, scoreBelow } from "./quality-score.ts";
import { sightingKey, ValueSightings, type Sighting } from "./value-sightings.ts";

/** Why a write was held. */
export type QuarantineReason =
  "low_quality" | "near_duplicate" | "untrusted_high_confidence" | "pattern_match";

/** Thresholds of the content defense. */
export interface ContentDefenseOptions {
  /** A quality score below this is `low_quality`. */
  readonly qualityThreshold: number;
  /** An estimated Jaccard similarity at or above this, with the same agent's claim, is `near_duplicate`. */
  readonly duplicateThreshold: number;
  /** Only claims remembered this many milliseconds ago or less count as near-duplicates. */
  readonly duplicateWindowMs: number;
  /** Authors with trust below this are untrusted. */
  readonly untrustedTrustBelow: number;
  /** An untrusted author claiming confidence above this is `untrusted_high_confidence`. */
  readonly untrustedConfidenceAbove: number;
  /** Authors this trusted skip every check except `patterns`. */
  readonly exemptTrustAtLeast: number;
  /** Matched against the claim text (see `claimText`); any match is `pattern_match`. */
  readonly patterns: readonly RegExp[];
  /** Most claims remembered for near-duplicate detection; the oldest go first. */
  readonly maxRemembered: number;
}

/** The defaults of the Shield's content defense. */
export const DEFAULT_CONTENT_DEFENSE: ContentDefenseOptions = {
  qualityThreshold: 0.4,
  duplicateThreshold: 0.9,
  duplicateWindowMs: 600_000,
  untrustedTrustBelow: 0.4,
  untrustedConfidenceAbove: 0.8,
  exemptTrustAtLeast: 0.7,
  patterns: [],
  maxRemembered: 100_000,
};

/** The decision on one write; `detail` is a sentence for the person reviewing the quarantine. */
export type Verdict =
  | { readonly kind: "pass" }
  | { readonly kind: "quarantine"; readonly reason: QuarantineReason; readonly detail: string };

/** Signatures kept between `check` and `remember`: a full batch and then some. */
const SCREENED_MAX = 16_384;

const PASS: Verdict = Object.freeze({ kind: "pass" });

/** What the content defense reads of a claim. */
export type ScreenedClaim = Pick<
  Assertion,
  "hash" | "parent" | "agentId" | "conceptPath" | "predicate" | "value" | "confidence"
>;

/**
 * What the near-duplicate index keeps of a claim: enough to tell a revision from a repeat, when
 * it was remembered, and its signature once one was needed.
 */
interface Remembered extends Pick<
  Assertion,
  "hash" | "agentId" | "conceptPath" | "predicate" | "value" | "confidence"
> {
  readonly timeMs: number;
  signature?: Uint32Array;
}

/** A remembered claim that a new one repeats. */
interface Repeat {
  readonly hash: string;
  readonly similarity: number;
  readonly timeMs: number;
}

/**
 * Checks claims in this order: `pattern_match` (for everyone), then a pass for agents trusted at
 * least `exemptTrustAtLeast`, then `untrusted_high_confidence`, `low_quality` and `near_duplicate`.
 *
 * A near-duplicate is a claim whose text is at least `duplicateThreshold` similar to another claim
 * by the same agent, with another content hash, remembered within `duplicateWindowMs`: an agent
 * looping or spamming variants. Different agents saying the same thing is consensus, never
 * duplication, so each agent's claims are compared only with its own; and an agent revising its
 * own claim (a new value or confidence for the same pair, or a lifecycle move) is not repeating
 * itself, nor is one reporting different values for similar subjects (the values must say the
 * same thing too). "anonymous" stands for every unidentified writer, so it is never compared at all.
 *
 * @example
 * ```ts
 * const defense = new ContentDefense();
 * defense.check(claim, 0.5, now); // { kind: "pass" }
 * defense.remember(claim, now);
 * defense.check(sameClaimNewTimestamp, 0.5, now + 1000);
 * // { kind: "quarantine", reason: "near_duplicate",
 * //   detail: "100% similar to 3f2a9b0c1d2e… written by the same agent 1 s ago" }
 * ```
 */
export class ContentDefense {
  readonly #options: ContentDefenseOptions;
  readonly #recent: LshIndex<Remembered>;
  /**
   * The values each agent stated within the window: a claim stating a value its agent has not is
   * no repeat, and skips the MinHash and the LSH search (`value-sightings.ts`). A key's first
   * claim waits in its sighting and joins the index only when a second one comes.
   */
  readonly #sightings: ValueSightings<Remembered>;
  /**
   * Sighting keys and signatures made by `check`, for `remember` once the write is stored: it
   * spares making them twice. A batch checks all its claims before remembering any, and requests
   * interleave, so one slot would not do; claims checked but never remembered are dropped when it
   * fills up.
   */
  readonly #screened = new Map<ScreenedClaim, { readonly key: number; readonly signature?: Uint32Array }>();

  constructor(options: Partial<ContentDefenseOptions> = {}) {
    this.#options = { ...DEFAULT_CONTENT_DEFENSE, ...options };
    const { qualityThreshold, duplicateThreshold, duplicateWindowMs, maxRemembered } = this.#options;
    if (!(qualityThreshold >= 0 && qualityThreshold <= 1)) {
      throw new RangeError(`Cannot use qualityThreshold ${qualityThreshold}: it must be in 0..1`);
    }
    if (!(duplicateThreshold > 0 && duplicateThreshold <= 1)) {
      throw new RangeError(
        `Cannot use duplicateThreshold ${duplicateThreshold}: it must be above 0, at most 1`,
      );
    }
    if (!(duplicateWindowMs >= 0 && Number.isFinite(duplicateWindowMs))) {
      throw new RangeError(`Cannot use duplicateWindowMs ${duplicateWindowMs}: it must be finite, 0 or more`);
    }
    this.#recent = new LshIndex<Remembered>({ maxEntries: maxRemembered });
    this.#sightings = new ValueSightings<Remembered>(maxRemembered);
  }

  /** Decides, without remembering anything. */
  check(a: ScreenedClaim, authorTrust: number, nowMs: number): Verdict {
    const o = this.#options;
    // Made only when a pattern, the entropy or the near-duplicate search needs it: most claims
    // need none of them.
    const text = o.patterns.length > 0 ? claimText(a) : undefined;
    // search() ignores and restores lastIndex, so a /g or /y pattern cannot skip the next claim.
    const pattern = text === undefined ? undefined : o.patterns.find((p) => text.search(p) !== -1);
    if (pattern !== undefined) {
      return hold("pattern_match", `claim text matches the pattern ${String(pattern)}`);
    }
    if (authorTrust >= o.exemptTrustAtLeast) return PASS;
    if (isUntrustedHighConfidence(a.confidence, authorTrust, o)) {
      return hold(
        "untrusted_high_confidence",
        `confidence ${a.confidence} is above ${o.untrustedConfidenceAbove} from an agent ` +
          `whose trust ${round2(authorTrust)} is below ${o.untrustedTrustBelow}`,
      );
    }
    const score = scoreBelow(a, authorTrust, o.qualityThreshold, o, text);
    if (score !== undefined) {
      // Rounded down, so that a score just under the threshold does not print as equal to it.
      return hold(
        "low_quality",
        `quality score ${Math.floor(score * 100) / 100} is below ${o.qualityThreshold}`,
      );
    }
    // "anonymous" is every unidentified writer at once: repeats there are the crowd, not one agent.
    const repeat = a.agentId === ANONYMOUS_AGENT ? undefined : this.#closestRepeat(a, nowMs, text);
    if (repeat !== undefined) {
      const percent = Math.floor(repeat.similarity * 100);
      const seconds = Math.round(Math.max(0, nowMs - repeat.timeMs) / 1000);
      return hold(
        "near_duplicate",
        `${percent}% similar to ${repeat.hash.slice(0, 12)}… written by the same agent ${seconds} s ago`,
      );
    }
    return PASS;
  }

  /** Remembers a claim that was stored (accepted or held) so later near-duplicates are found. */
  remember(a: ScreenedClaim, nowMs: number): void {
    if (a.agentId === ANONYMOUS_AGENT) return;
    const screened = this.#screened.get(a);
    this.#screened.delete(a);
    const key = screened?.key ?? sightingKey(a.agentId, a.value);
    const { hash, agentId, conceptPath, predicate, value, confidence } = a;
    // The time of remembering, not the claim's own timestampMs, which the agent chooses.
    const remembered: Remembered = {
      hash,
      agentId,
      conceptPath,
      predicate,
      value,
      confidence,
      timeMs: nowMs,
    };
    const toIndex = this.#sightings.see(key, remembered, nowMs, nowMs - this.#options.duplicateWindowMs);
    if (toIndex === undefined) return;
    // Indexed at the time of indexing, which keeps the ring in time order; its own time is in the
    // item. The index keeps its own copy of a signature, so the item drops it.
    const { promote } = toIndex;
    if (promote !== undefined) {
      this.#recent.add(promote, signatureOf(promote), key, nowMs);
      delete promote.signature;
    }
    this.#recent.add(remembered, screened?.signature ?? minHash(claimText(a)), key, nowMs);
  }

  /** The most similar claim by the same agent within the window, if one reaches the threshold. */
  #closestRepeat(a: ScreenedClaim, nowMs: number, text?: string): Repeat | undefined {
    const { duplicateThreshold, duplicateWindowMs } = this.#options;
    const since = nowMs - duplicateWindowMs;
    const key = sightingKey(a.agentId, a.value);
    if (this.#screened.size >= SCREENED_MAX) this.#screened.clear();
    const sighting = this.#sightings.recent(key, since);
    if (sighting === undefined) {
      this.#screened.set(a, { key });
      return undefined;
    }
    const signature = minHash(text ?? claimText(a));
    this.#screened.set(a, { key, signature });
    let best: Repeat | undefined;
    for (const { item: earlier, similarity } of this.#candidates(signature, key, sighting, since)) {
      // A first claim promoted into the index carries its own, older time: the window is checked
      // on it. The same hash is the same claim sent again, which the store makes idempotent.
      // Another agent's claim is there only if the two keys collided.
      if (
        earlier.timeMs < since ||
        earlier.agentId !== a.agentId ||
        earlier.hash === a.hash ||
        isRevision(a, earlier) ||
        !saysTheSame(a, earlier, duplicateThreshold)
      ) {
        continue;
      }
      if (similarity > (best?.similarity ?? -1)) {
        best = { hash: earlier.hash, similarity, timeMs: earlier.timeMs };
      }
    }
    return best;
  }

  /** The indexed claims of a key similar to a signature, and the key's waiting first claim if it is. */
  #candidates(
    signature: Uint32Array,
    key: number,
    sighting: Sighting<Remembered>,
    since: number,
  ): { item: Remembered; similarity: number }[] {
    const threshold = this.#options.duplicateThreshold;
    const found: { item: Remembered; similarity: number }[] = this.#recent.similar(
      signature,
      key,
      threshold,
      since,
    );
    if (sighting.first !== undefined) {
      const similarity = estimateJaccardAtLeast(signature, signatureOf(sighting.first), threshold);
      if (similarity !== undefined) found.push({ item: sighting.first, similarity });
    }
    return found;
  }
}

/** A waiting first claim's MinHash, made the first time it is needed and kept until it is indexed. */
function signatureOf(claim: Remembered): Uint32Array {
  claim.signature ??= minHash(claimText(claim));
  return claim.signature;
}

/**
 * An agent correcting itself, not repeating itself: a new value or confidence for the same
 * concept and predicate, or a lifecycle move of the earlier claim (its `parent`).
 */
function isRevision(a: ScreenedClaim, earlier: Remembered): boolean {
  if (a.parent === earlier.hash) return true;
  if (a.conceptPath !== earlier.conceptPath || a.predicate !== earlier.predicate) return false;
  return (
    a.value.type !== earlier.value.type ||
    a.value.value !== earlier.value.value ||
    a.confidence !== earlier.confidence
  );
}

/**
 * Whether two claims state the same value: equal numbers, booleans or references, or texts at
 * least `threshold` similar (exact Jaccard of their shingles). An agent reporting one metric for
 * many subjects ("unit-1 | temperature | 280.1", "unit-2 | temperature | 280.4") has similar
 * claim texts but says different things; spam stamps the same value everywhere.
 */
function saysTheSame(a: ScreenedClaim, earlier: Remembered, threshold: number): boolean {
  if (a.value.type !== earlier.value.type) return false;
  if (a.value.type !== "text") return a.value.value === earlier.value.value;
  const mine = new Set(shingles(normalizedText(a.value.value)));
  const theirs = new Set(shingles(normalizedText(String(earlier.value.value))));
  let shared = 0;
  for (const shingle of mine) if (theirs.has(shingle)) shared++;
  const union = mine.size + theirs.size - shared;
  return union === 0 || shared / union >= threshold;
}

function normalizedText(text: string): string {
  return text.toLowerCase().normalize("NFC").replace(/\s+/g, " ").trim();
}

function hold(reason: QuarantineReason, detail: string): Verdict {
  return { kind: "quarantine", reason, detail };
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
