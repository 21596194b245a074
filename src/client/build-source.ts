import type { Tier } from "../model/assertion.ts";
import { parseHex } from "../model/hex.ts";
import type { TierName } from "../model/tier.ts";
import type { SourceInput } from "./api-types.ts";
import { hashSource } from "./hash-records.ts";

/**
 * What `buildSource` takes: the content (text or bytes), or only its hash when it is kept elsewhere.
 *
 * @example
 * ```ts
 * const fields: SourceFields = { uri: "https://example.org/label.pdf", content: pdfBytes, authority_tier: "regulatory" };
 * ```
 */
export interface SourceFields {
  /** The content, at most 1 MiB: text is sent as it is, bytes as base64. */
  readonly content?: string | Uint8Array;
  /** The BLAKE3 of the content, when the content itself is not sent. */
  readonly hash?: string;
  readonly uri?: string;
  readonly title?: string;
  /** The class of evidence the source is. */
  readonly authority_tier?: TierName | Tier;
}

/**
 * A source registration with its identity known: `hash`, the value assertions cite.
 *
 * @example
 * ```ts
 * const source: SourceDraft = buildSource({ content: "…" });
 * const cited = { hash: source.hash };
 * ```
 */
export interface SourceDraft extends SourceInput {
  readonly hash: string;
}

/**
 * A source registration whose `hash` (the BLAKE3 of the content, the source's identity) is
 * computed here, so assertions can cite it before or after it is registered.
 *
 * @example
 * ```ts
 * const source = buildSource({ uri: "https://example.org/label.pdf", title: "Label", content: pdfBytes });
 * await client.registerSource(source);
 * buildAssertion({ concept_path: "drugs/aspirin", predicate: "max_daily_dose_mg", value: 4000, confidence: 0.9, source: { uri: source.uri, hash: source.hash } });
 * ```
 */
export function buildSource(fields: SourceFields): SourceDraft {
  const { content, hash, ...rest } = fields;
  if (content === undefined) {
    if (hash === undefined) throw new TypeError("Cannot build a source without its content or its hash");
    return { ...rest, hash: parseHex(hash, "hash", 32) };
  }
  const computed = hashSource(content);
  if (hash !== undefined && parseHex(hash, "hash", 32) !== computed) {
    throw new TypeError(
      `Cannot build a source whose hash ${hash} is not the BLAKE3 of its content (${computed})`,
    );
  }
  return typeof content === "string"
    ? { ...rest, hash: computed, content }
    : { ...rest, hash: computed, content_base64: bytesToBase64(content) };
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  // In chunks: String.fromCharCode(...all) would overflow the call stack on a megabyte.
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
