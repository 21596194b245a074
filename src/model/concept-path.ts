import { invalid } from "./invalid.ts";
import { parseString } from "./string-field.ts";

/** Longest concept path, in UTF-8 bytes after NFC normalisation. */
export const CONCEPT_PATH_MAX_BYTES = 512;
/** Longest predicate, in UTF-8 bytes after NFC normalisation. */
export const PREDICATE_MAX_BYTES = 256;

// RFC 3986 §3.1 scheme syntax, followed by `://`: `code://python/requests/tls`.
const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;

/**
 * Parses a concept path: a `/`-separated name such as `drug/aspirin/safety`, optionally behind a
 * URI scheme (`code://python/requests/tls`). The path is NFC-normalised (so that `é` typed as one
 * or as two code points names the same concept), 1–512 UTF-8 bytes, without control characters,
 * invisible formatting characters (bidi overrides, zero-width space: `isInvisibleFormat`), empty
 * segments (no leading, trailing or doubled `/`) or `.`/`..` segments.
 *
 * @example
 * ```ts
 * parseConceptPath("code://python/requests/tls", "concept_path"); // unchanged
 * parseConceptPath("a//b", "concept_path"); // throws ValidationError (reason "bad_path")
 * ```
 */
export function parseConceptPath(input: unknown, field: string): string {
  const path = parseString(input, field, {
    expected: "a concept path string such as drug/aspirin/safety",
    maxBytes: CONCEPT_PATH_MAX_BYTES,
    nfc: true,
    visibleOnly: true,
  });
  const scheme = SCHEME.exec(path);
  const rest = scheme === null ? path : path.slice(scheme[0].length);
  if (rest === "") {
    throw invalid(field, "bad_path", `${field} needs a path after "${path}", e.g. ${path}python/requests`);
  }
  let start = 0;
  for (;;) {
    const end = rest.indexOf("/", start);
    const segment = end === -1 ? rest.slice(start) : rest.slice(start, end);
    if (segment === "") {
      const where = start === 0 ? "starts with" : end === -1 ? "ends with" : "contains an empty segment at";
      throw invalid(
        field,
        "bad_path",
        `${field} ${where} "/" in "${path}": join non-empty segments with single slashes`,
      );
    }
    if (segment === "." || segment === "..") {
      throw invalid(
        field,
        "bad_path",
        `${field} has a "${segment}" segment in "${path}": name the concept directly`,
      );
    }
    if (end === -1) return path;
    start = end + 1;
  }
}

/**
 * Parses a predicate, the property a claim is about (`gastroparesis_risk`, `has_revenue`):
 * NFC-normalised, 1–256 UTF-8 bytes, no control or invisible formatting characters; any other
 * character is allowed.
 *
 * @example
 * ```ts
 * parsePredicate("has_revenue", "predicate"); // "has_revenue"
 * ```
 */
export function parsePredicate(input: unknown, field: string): string {
  return parseString(input, field, {
    expected: "a predicate string such as has_revenue",
    maxBytes: PREDICATE_MAX_BYTES,
    nfc: true,
    visibleOnly: true,
  });
}
