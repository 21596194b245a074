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
 * const key = sightingKey("agent-1", { type: "boolean", value: true });
 * sightings.see(key, "h1", now, now - windowMs); // undefined: the first claim waits in the sighting
 * sightings.recent(key, now - windowMs); // { timeMs: now, first: "h1" }
 * sightings.see(key, "h2", now + 1, now + 1 - windowMs); // { promote: "h1" }: index both now
 * ```
 */
export class ValueSightings<T> {
  readonly #generationSize: number;
  #current = new Map<string, Sighting<T>>();
  #previous = new Map<string, Sighting<T>>();

  constructor(maxKeys: number) {
    if (!Number.isSafeInteger(maxKeys) || maxKeys < 1) {
      throw new RangeError(`Cannot keep ${maxKeys} value sightings: it must be a positive integer`);
    }
    this.#generationSize = Math.max(1, Math.floor(maxKeys / 2));
  }

  /** The key's sighting at `sinceMs` or later, if any. */
  recent(key: string, sinceMs: number): Sighting<T> | undefined {
    const sighting = this.#current.get(key) ?? this.#previous.get(key);
    return sighting !== undefined && sighting.timeMs >= sinceMs ? sighting : undefined;
  }

  /**
   * Records `item` stated under `key` at `timeMs`. A key not seen since `sinceMs` keeps the item as
   * its first and returns undefined: nothing to index yet. A key seen since returns what to index:
   * the item, and the key's waiting first item too (`promote`) the first time this happens.
   */
  see(
    key: string,
    item: T,
    timeMs: number,
    sinceMs: number,
  ): { readonly promote: T | undefined } | undefined {
    const earlier = this.recent(key, sinceMs);
    if (!this.#current.has(key) && this.#current.size >= this.#generationSize) {
      this.#previous = this.#current;
      this.#current = new Map();
    }
    this.#previous.delete(key);
    this.#current.set(key, { timeMs, first: earlier === undefined ? item : undefined });
    return earlier === undefined ? undefined : { promote: earlier.first };
  }
}

/**
 * The key of an agent stating a value: its type and value exactly, or for text, its letters.
 *
 * @example
 * ```ts
 * sightingKey("agent-1", { type: "text", value: "Weight loss: 15 %!" }); // "agent-1\u0000text\u0000weightloss"
 * ```
 */
export function sightingKey(agentId: string, value: Value): string {
  const stated = value.type === "text" ? lettersOf(value.value) : String(value.value);
  return `${agentId}\u0000${value.type}\u0000${stated}`;
}

const NOT_LETTERS = /[^\p{L}]+/gu;
const NOT_ASCII_LETTERS = /[^a-z]+/g;
const NOT_ASCII = /[\u0080-\uffff]/;

function lettersOf(text: string): string {
  // ASCII text (most of it) is NFC already, and its letters are a-z once lowercased: a plain
  // character class is several times faster than the Unicode property one.
  if (!NOT_ASCII.test(text)) return text.toLowerCase().replace(NOT_ASCII_LETTERS, "");
  // NFC first: a decomposed "é" is "e" and a combining mark, and the mark is not a letter.
  return text.normalize("NFC").toLowerCase().replace(NOT_LETTERS, "");
}
