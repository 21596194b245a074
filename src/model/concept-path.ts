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
  // Read in place, by index: this runs for every query and write, and most paths have no scheme.
  const scheme = path.includes("://") ? SCHEME.exec(path) : null;
  const first = scheme === null ? 0 : scheme[0].length;
  if (first === path.length) {
    throw invalid(field, "bad_path", `${field} needs a path after "${path}", e.g. ${path}python/requests`);
  }
  let start = first;
  for (;;) {
    const end = path.indexOf("/", start);
    const stop = end === -1 ? path.length : end;
    if (stop === start) {
      const where =
        start === first ? "starts with" : end === -1 ? "ends with" : "contains an empty segment at";
      throw invalid(
        field,
        "bad_path",
        `${field} ${where} "/" in "${path}": join non-empty segments with single slashes`,
      );
    }
    if (isDotSegment(path, start, stop)) {
      throw invalid(
        field,
        "bad_path",
        `${field} has a "${path.slice(start, stop)}" segment in "${path}": name the concept directly`,
      );
    }
    if (end === -1) return path;
    start = end + 1;
  }
}

/** Whether `path[start, stop)` is `.` or `..`. */
function isDotSegment(path: string, start: number, stop: number): boolean {
  const DOT = 0x2e;
  const length = stop - start;
  return (
    (length === 1 || length === 2) &&
    path.charCodeAt(start) === DOT &&
    (length === 1 || path.charCodeAt(start + 1) === DOT)
  );
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
