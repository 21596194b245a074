import type { Source } from "./assertion.ts";
import { parseHex } from "./hex.ts";
import { describeInput, invalid, isJsonObject, ownValue } from "./invalid.ts";
import { parseString } from "./string-field.ts";

/** Longest source URI, in UTF-8 bytes. */
export const SOURCE_URI_MAX_BYTES = 2048;

/**
 * Parses an assertion's evidence: `source` as `{uri?, hash?}` (at least one of them), merged with
 * the original API's `source_hash` alias of `source.hash`. Returns `undefined` when neither is
 * given. The URI is kept exactly as sent; the hash is lowercased.
 *
 * @example
 * ```ts
 * parseSource({ uri: "fda://label/ozempic/2024" }, undefined); // { uri: "fda://label/ozempic/2024" }
 * parseSource(undefined, "AF13…3262"); // { hash: "af13…3262" }
 * ```
 */
export function parseSource(source: unknown, sourceHash: unknown): Source | undefined {
  if (source === undefined && sourceHash === undefined) return undefined;
  let uriInput: unknown;
  let hashInput: unknown;
  let hashField = "source_hash";
  if (source !== undefined) {
    if (!isJsonObject(source)) {
      throw invalid(
        "source",
        "wrong_type",
        `source must be an object {"uri": …, "hash": …}, got ${describeInput(source)}`,
      );
    }
    for (const key of Object.keys(source)) {
      if (key !== "uri" && key !== "hash") {
        throw invalid(
          `source.${key}`,
          "unknown_field",
          `source.${key} is not a source field: use only uri and hash`,
        );
      }
    }
    uriInput = ownValue(source, "uri");
    hashInput = ownValue(source, "hash");
    if (hashInput !== undefined) {
      if (sourceHash !== undefined) {
        throw invalid(
          "source_hash",
          "duplicate_field",
          "source_hash is another name for source.hash: send only one of them",
        );
      }
      hashField = "source.hash";
    }
  }
  hashInput ??= sourceHash;
  if (uriInput === undefined && hashInput === undefined) {
    throw invalid("source", "empty", "source needs a uri, a hash or both: add one or omit source");
  }
  const out: { uri?: string; hash?: string } = {};
  if (uriInput !== undefined) {
    out.uri = parseString(uriInput, "source.uri", {
      expected: "a URI string such as fda://label/ozempic/2024",
      maxBytes: SOURCE_URI_MAX_BYTES,
    });
  }
  if (hashInput !== undefined) out.hash = parseHex(hashInput, hashField, 32);
  return out;
}
