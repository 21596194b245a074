/**
 * Which values each agent stated recently: the content defense's first, cheap filter for
 * near-duplicates. A near-duplicate must say the same thing as the claim it repeats (equal numbers,
 * booleans or references; texts at least 90 % alike), so a claim whose value its agent has not
 * stated within the window cannot be one, and needs neither a MinHash nor an LSH search. Most
 * claims are like that; only a value seen before pays for the similarity search.
 *
 * Text values are keyed by their letters alone (lowercased, NFC), so variants that differ in
 * digits, punctuation or spacing ("run 1001", "run 1002!") share a key and go on to the search,
 * which decides. A variant that changes a letter escapes: with one edit in a few words it would be
 * under the similarity threshold anyway, and past that, a spammer changing letters is out of reach
 * of any near-duplicate test.
 */
import type { Value } from "../model/assertion.ts";

/** A key's last sighting, and its first claim while no second one has made the key worth indexing. */
export interface Sighting<T> {
  readonly timeMs: number;
  readonly first: T | undefined;
}

/**
 * A bounded map from (agent, value key) to its last sighting, in two generations: new sightings go
 * to the current one, and when it holds half of `maxKeys` it becomes the previous one and the
 * previous one is dropped whole. So between half and all of the last `maxKeys` keys are kept, the
 * least recently seen going first, as the oldest entries of the LSH ring do; and eviction costs
 * nothing per claim (a Map that deletes its oldest key on every insert rescans its deleted slots
 * from the front each time, which measured 15 to 50 µs a claim at 100,000 keys).
 *
 * @example
 * ```ts
 * const sightings = new ValueSightings<string>(100_000);
 * const key = sightingKey("agent-1", { type: "boolean", value: true }); // a number
 * sightings.see(key, "h1", now, now - windowMs); // undefined: the first claim waits in the sighting
 * sightings.recent(key, now - windowMs); // { timeMs: now, first: "h1" }
 * sightings.see(key, "h2", now + 1, now + 1 - windowMs); // { promote: "h1" }: index both now
 * ```
 */
export class ValueSightings<T> {
  readonly #generationSize: number;
  #current = new Map<number, MutableSighting<T>>();
  #previous = new Map<number, MutableSighting<T>>();

  constructor(maxKeys: number) {
    if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) {
      throw new RangeError(`Cannot keep ${maxKeys} value sightings: it must be a positive integer`);
    }
    this.#generationSize = Math.max(1, Math.floor(maxKeys / 2));
  }

  /** The key's sighting at `sinceMs` or later, if any. */
  recent(key: number, sinceMs: number): Sighting<T> | undefined {
    const sighting = this.#current.get(key) ?? this.#previous.get(key);
    return sighting !== undefined && sighting.timeMs >= sinceMs ? sighting : undefined;
  }

  /**
   * Records `item` stated under `key` at `timeMs`. A key not seen since `sinceMs` keeps the item as
   * its first and returns undefined: nothing to index yet. A key seen since returns what to index:
   * the item, and the key's waiting first item too (`promote`) the first time this happens.
   */
  see(
    key: number,
    item: T,
    timeMs: number,
    sinceMs: number,
  ): { readonly promote: T | undefined } | undefined {
    const current = this.#current.get(key);
    const sighting = current ?? this.#previous.get(key);
    const seen = sighting !== undefined && sighting.timeMs >= sinceMs;
    // Read before the sighting is updated in place.
    const promote = seen ? sighting.first : undefined;
    const first = seen ? undefined : item;
    if (current !== undefined) {
      // Most repeated keys are in the current generation: no new object for them.
      current.timeMs = timeMs;
      current.first = first;
    } else {
      if (this.#current.size >= this.#generationSize) {
        this.#previous = this.#current;
        this.#current = new Map();
      }
      if (sighting !== undefined) this.#previous.delete(key);
      this.#current.set(key, { timeMs, first });
    }
    return seen ? { promote } : undefined;
  }
}

interface MutableSighting<T> {
  timeMs: number;
  first: T | undefined;
}

/**
 * The key of an agent stating a value: a 30-bit hash of the agent, the value's type and the value
 * exactly, or for text, its letters. A small integer, not the joined string: V8 keeps it unboxed,
 * a Map hashes it at once, and building it allocates nothing, where a long string key is built,
 * flattened and hashed on every write. Two statements share a key by chance about once in 10,000
 * new keys when 100,000 are held. That only sends a claim to the similarity search, which
 * compares agents and values itself: it can then find a near-duplicate that differs by a letter,
 * which is one all the same.
 *
 * @example
 * ```ts
 * sightingKey("agent-1", { type: "text", value: "Weight loss: 15 %!" }) ===
 *   sightingKey("agent-1", { type: "text", value: "weight loss 16" }); // true: same letters
 * ```
 */
export function sightingKey(agentId: string, value: Value): number {
  if (value.type !== "text") return keyOf(agentId, value.type, String(value.value));
  if (NOT_ASCII.test(value.value)) return keyOf(agentId, "text", unicodeLetters(value.value));
  const hash = new KeyHash(agentId, "text");
  hash.asciiLetters(value.value);
  return hash.value();
}

/** The key of an agent stating `stated` as a value of `type`. */
export function keyOf(agentId: string, type: Value["type"], stated: string): number {
  const hash = new KeyHash(agentId, type);
  hash.text(stated);
  return hash.value();
}

const NOT_ASCII = /[\u0080-\uffff]/;
const NOT_LETTERS = /[^\p{L}]+/gu;

/** The letters of a text: NFC, lowercased, everything but Unicode letters removed. */
export function unicodeLetters(text: string): string {
  // NFC first: a decomposed "é" is "e" and a combining mark, and the mark is not a letter.
  return text.normalize("NFC").toLowerCase().replace(NOT_LETTERS, "");
}

/** FNV-1a over UTF-16 code units, folded to 30 bits. */
class KeyHash {
  #h = 0x811c9dc5;

  constructor(agentId: string, type: Value["type"]) {
    this.text(agentId);
    this.code(0);
    this.text(type);
    this.code(0);
  }

  code(c: number): void {
    this.#h = Math.imul(this.#h ^ c, 0x01000193);
  }

  text(s: string): void {
    for (let i = 0; i < s.length; i++) this.code(s.charCodeAt(i));
  }

  /**
   * What `text(unicodeLetters(s))` gives for ASCII `s`, without making the string: ASCII is NFC
   * already, and its only letters are A–Z and a–z.
   */
  asciiLetters(s: string): void {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i) | 0x20; // lowercase, for letters
      if (c >= 0x61 && c <= 0x7a) this.code(c);
    }
  }

  value(): number {
    return (this.#h ^ (this.#h >>> 30)) & 0x3fffffff;
  }
}
