import { blake3Hex } from "./content-hash.ts";
import { canonicalize } from "./jcs.ts";

const utf8 = new TextEncoder();

/**
 * The identity of a vote, epoch or retraction: BLAKE3-256 of the UTF-8 bytes of the RFC 8785 JCS
 * of its content object, as 64 lowercase hex characters. The same rule as an assertion's content
 * hash; each content object carries a `kind` member, so records of different kinds never share a
 * hash with each other or with an assertion (which has no `kind`).
 *
 * These records are small and rare next to assertions, so the generic `canonicalize` serves them
 * (assertions have a hand-written fast path in `content-hash.ts`).
 *
 * @example
 * ```ts
 * recordHash(voteContentObject(vote)) === vote.hash; // true
 * ```
 */
export function recordHash(content: object): string {
  return blake3Hex(utf8.encode(canonicalize(content)));
}

/**
 * The canonical bytes of a content object: UTF-8 of its RFC 8785 JCS, the bytes `recordHash` hashes.
 *
 * @example
 * ```ts
 * new TextDecoder().decode(recordCanonicalBytes({ b: 1, a: 2 })); // '{"a":2,"b":1}'
 * ```
 */
export function recordCanonicalBytes(content: object): Uint8Array {
  return utf8.encode(canonicalize(content));
}

/** The safe-integer check of every content object's `timestamp_ms` (a bug in the caller otherwise). */
export function checkTimestampMs(timestampMs: number): number {
  if (!Number.isSafeInteger(timestampMs)) {
    throw new RangeError(`Cannot hash timestampMs ${timestampMs}: it must be integer milliseconds`);
  }
  return timestampMs;
}
