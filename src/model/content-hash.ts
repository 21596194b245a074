import { createBLAKE3 } from "hash-wasm";
import type { AssertionContent, Lifecycle, Value } from "./assertion.ts";
import { bytesToHex } from "./hex.ts";
import { canonicalNumber, canonicalString } from "./jcs.ts";
import { isTier, tierName, type TierName } from "./tier.ts";

/** The version of the content object; a new one would mean new hashes for everything. */
export const CONTENT_VERSION = 1;

/** The object whose JCS bytes are hashed (`spec/model.md` §Content hash). */
export interface ContentObject {
  readonly v: typeof CONTENT_VERSION;
  readonly concept_path: string;
  readonly predicate: string;
  readonly value: Value;
  readonly confidence: number;
  readonly authority_tier: TierName;
  readonly timestamp_ms: number;
  readonly source?: { readonly uri?: string; readonly hash?: string };
  /** Absent for `proposed`, the default, so that spelling the default out changes nothing. */
  readonly lifecycle?: Exclude<Lifecycle, "proposed">;
  readonly epoch?: string;
  readonly parent?: string;
}

// One hasher for the process, created once: hash-wasm compiles its WebAssembly asynchronously,
// but init/update/digest are synchronous, so the hot path needs no promise and no new instance.
// Reuse is safe because nothing can interleave between init() and digest() in one synchronous call.
const hasher = await createBLAKE3(256);
const utf8 = new TextEncoder();
// Scratch space for the UTF-8 bytes being hashed, grown on demand and reused: no per-hash buffer.
let scratch = new Uint8Array(4096);

/**
 * The content object of an assertion: `v: 1`, snake_case names, the tier's lowercase name,
 * integer `timestamp_ms`, and optional members only where present (`lifecycle` only when it is not
 * `proposed`). Signatures and attribution are not content.
 *
 * @example
 * ```ts
 * contentObject(assertion).authority_tier; // "expert"
 * ```
 */
export function contentObject(c: AssertionContent): ContentObject {
  if (!Number.isSafeInteger(c.timestampMs)) {
    throw new RangeError(`Cannot hash timestampMs ${c.timestampMs}: it must be integer milliseconds`);
  }
  const out: {
    -readonly [K in keyof ContentObject]: ContentObject[K];
  } = {
    v: CONTENT_VERSION,
    concept_path: c.conceptPath,
    predicate: c.predicate,
    value: { type: c.value.type, value: c.value.value } as Value,
    confidence: c.confidence,
    authority_tier: tierName(c.authorityTier),
    timestamp_ms: c.timestampMs,
  };
  if (c.source !== undefined) {
    const source: { uri?: string; hash?: string } = {};
    if (c.source.uri !== undefined) source.uri = c.source.uri;
    if (c.source.hash !== undefined) source.hash = c.source.hash;
    out.source = source;
  }
  if (c.lifecycle !== "proposed") out.lifecycle = c.lifecycle;
  if (c.epoch !== undefined) out.epoch = c.epoch;
  if (c.parent !== undefined) out.parent = c.parent;
  return out;
}

/**
 * The canonical JSON text of an assertion's content: RFC 8785 JCS of `contentObject(c)`.
 *
 * Written out directly rather than through `canonicalize`, because this is the write path's hot
 * loop: the member names are fixed, so their RFC 8785 §3.2.3 order (UTF-16 code units) is known
 * ahead of time and nothing needs sorting. The property tests check that both agree.
 *
 * @example
 * ```ts
 * canonicalJson(assertion); // '{"authority_tier":"expert","concept_path":"test/dr_validation",…}'
 * ```
 */
export function canonicalJson(c: AssertionContent): string {
  if (!Number.isSafeInteger(c.timestampMs)) {
    throw new RangeError(`Cannot hash timestampMs ${c.timestampMs}: it must be integer milliseconds`);
  }
  if (!isTier(c.authorityTier)) {
    throw new RangeError(`Cannot hash authorityTier ${String(c.authorityTier)}: it must be 0 to 5`);
  }
  // Sorted: authority_tier < concept_path < confidence < epoch < lifecycle < parent < predicate
  //         < source < timestamp_ms < v < value (a prefix sorts first), and hash < uri, type < value.
  let out = `{"authority_tier":"${tierName(c.authorityTier)}","concept_path":${canonicalString(c.conceptPath)}`;
  out += `,"confidence":${canonicalNumber(c.confidence)}`;
  if (c.epoch !== undefined) out += `,"epoch":${canonicalString(c.epoch)}`;
  if (c.lifecycle !== "proposed") out += `,"lifecycle":${canonicalString(c.lifecycle)}`;
  if (c.parent !== undefined) out += `,"parent":${canonicalString(c.parent)}`;
  out += `,"predicate":${canonicalString(c.predicate)}`;
  if (c.source !== undefined) {
    const { uri, hash } = c.source;
    if (hash !== undefined) out += `,"source":{"hash":${canonicalString(hash)}`;
    if (uri !== undefined) out += `${hash === undefined ? ',"source":{' : ","}"uri":${canonicalString(uri)}`;
    out += hash === undefined && uri === undefined ? ',"source":{}' : "}";
  }
  out += `,"timestamp_ms":${c.timestampMs},"v":${CONTENT_VERSION},"value":{"type":"${c.value.type}","value":`;
  return out + canonicalValue(c.value) + "}}";
}

function canonicalValue(value: Value): string {
  switch (value.type) {
    case "number":
      return canonicalNumber(value.value);
    case "boolean":
      return value.value ? "true" : "false";
    case "text":
    case "reference":
      return canonicalString(value.value);
  }
}

/**
 * The bytes that are hashed: UTF-8 of `canonicalJson(c)`.
 *
 * @example
 * ```ts
 * new TextDecoder().decode(canonicalBytes(assertion)) === canonicalJson(assertion); // true
 * ```
 */
export function canonicalBytes(c: AssertionContent): Uint8Array {
  return utf8.encode(canonicalJson(c));
}

/**
 * The assertion's identity: BLAKE3-256 of its canonical bytes, as 64 lowercase hex characters.
 *
 * @example
 * ```ts
 * contentHash(assertion); // "6145fb09bb35bcfd49cc21b23289174e80abe4e484d57e2785ddb597a8caeb87"
 * ```
 */
export function contentHash(c: AssertionContent): string {
  return blake3Text(canonicalJson(c));
}

/**
 * BLAKE3-256 of bytes as 64 lowercase hex characters (sources, votes and epochs use it too).
 *
 * @example
 * ```ts
 * blake3Hex(new Uint8Array()); // "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"
 * ```
 */
export function blake3Hex(bytes: Uint8Array): string {
  return bytesToHex(hasher.init().update(bytes).digest("binary"));
}

/** BLAKE3-256 of a string's UTF-8 bytes, encoded into the reused scratch buffer. */
function blake3Text(text: string): string {
  // UTF-8 needs at most 3 bytes per UTF-16 unit (a 4-byte character is 2 units).
  if (text.length * 3 > scratch.length) scratch = new Uint8Array(text.length * 3);
  const { written } = utf8.encodeInto(text, scratch);
  return blake3Hex(scratch.subarray(0, written));
}
