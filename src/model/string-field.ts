import { describeInput, invalid } from "./invalid.ts";

/** The rules for one string field of the model. */
export interface StringRules {
  /** What the field must be, for messages: `"a concept path string"`. */
  readonly expected: string;
  /** Accept `""` (free text may be empty; names may not). */
  readonly allowEmpty?: boolean;
  /** Maximum UTF-8 length, counted after NFC normalisation when `nfc` is set. */
  readonly maxBytes: number;
  /** Normalise to Unicode NFC, so that visually equal names hash the same. */
  readonly nfc?: boolean;
  /** Allow C0/C1 control characters and DEL (free text may hold newlines and tabs). */
  readonly allowControl?: boolean;
  /**
   * Refuse invisible formatting characters (see `isInvisibleFormat`), for names that identify
   * something: two names that look the same must be the same name.
   */
  readonly visibleOnly?: boolean;
}

/**
 * Validates a string field: its type, well-formed Unicode, control characters, and its length
 * in UTF-8 bytes. Returns the (NFC-normalised, when asked) string.
 *
 * Lone UTF-16 surrogates are refused because they have no UTF-8 encoding: RFC 8785 §3.1 requires
 * I-JSON input (RFC 7493 §2.1), and another SDK could not reproduce our bytes.
 *
 * @example
 * ```ts
 * parseString("has_revenue", "predicate", { expected: "a predicate string", maxBytes: 256 });
 * ```
 */
export function parseString(input: unknown, field: string, rules: StringRules): string {
  if (typeof input !== "string") {
    throw invalid(field, "wrong_type", `${field} must be ${rules.expected}, got ${describeInput(input)}`);
  }
  let text = input;
  let bytes = scan(text, field, rules.allowControl === true, rules.visibleOnly === true);
  // NFC can only change non-ASCII text, and ASCII is the common case: skip the ICU call then.
  if (rules.nfc === true && bytes !== text.length) {
    text = text.normalize("NFC");
    bytes = utf8Length(text);
  }
  if (bytes === 0 && rules.allowEmpty !== true) {
    throw invalid(field, "empty", `${field} must not be empty: send ${rules.expected}`);
  }
  if (bytes > rules.maxBytes) {
    throw invalid(
      field,
      "too_long",
      `${field} is ${bytes} bytes as UTF-8, over the limit of ${rules.maxBytes}: shorten it`,
    );
  }
  return text;
}

/**
 * The UTF-8 length of a string in bytes, without encoding it. A lone surrogate counts 3 bytes,
 * as `TextEncoder` would encode it (U+FFFD).
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * Invisible formatting characters that no word needs: the Unicode `Bidi_Control` characters
 * (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), which reorder how text is displayed
 * ("Trojan Source", CVE-2021-42574), and the zero-width space U+200B, word joiner U+2060, byte
 * order mark U+FEFF and soft hyphen U+00AD. UAX #31 leaves all of them out of identifiers. ZWJ and
 * ZWNJ (U+200C, U+200D) stay allowed: Persian, Indic scripts and emoji sequences need them.
 *
 * @example
 * ```ts
 * isInvisibleFormat(0x202e); // true (RIGHT-TO-LEFT OVERRIDE)
 * isInvisibleFormat(0x200d); // false (ZERO WIDTH JOINER)
 * ```
 */
export function isInvisibleFormat(c: number): boolean {
  return (
    c === 0x00ad ||
    c === 0x061c ||
    c === 0x200b ||
    c === 0x200e ||
    c === 0x200f ||
    (c >= 0x202a && c <= 0x202e) ||
    c === 0x2060 ||
    (c >= 0x2066 && c <= 0x2069) ||
    c === 0xfeff
  );
}

/**
 * One pass: UTF-8 length, refusing lone surrogates, (unless allowed) control characters and (when
 * asked) invisible formatting characters.
 */
function scan(text: string, field: string, allowControl: boolean, visibleOnly: boolean): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (!allowControl && (c < 0x20 || c === 0x7f)) throw controlCharacter(field, c, i);
      bytes += 1;
    } else if (c < 0x800) {
      if (!allowControl && c <= 0x9f) throw controlCharacter(field, c, i);
      if (visibleOnly && isInvisibleFormat(c)) throw invisibleCharacter(field, c, i);
      bytes += 2;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      if (c > 0xdbff || !isLowSurrogate(text.charCodeAt(i + 1))) {
        throw invalid(
          field,
          "bad_unicode",
          `${field} contains an unpaired UTF-16 surrogate at index ${i}: send valid Unicode text`,
        );
      }
      bytes += 4;
      i++;
    } else {
      if (visibleOnly && isInvisibleFormat(c)) throw invisibleCharacter(field, c, i);
      bytes += 3;
    }
  }
  return bytes;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

function invisibleCharacter(field: string, code: number, index: number) {
  const hex = code.toString(16).toUpperCase().padStart(4, "0");
  return invalid(
    field,
    "invisible_character",
    `${field} contains the invisible formatting character U+${hex} at index ${index}, which would ` +
      "make two different names look the same: remove it",
  );
}

function controlCharacter(field: string, code: number, index: number) {
  const hex = code.toString(16).toUpperCase().padStart(4, "0");
  return invalid(
    field,
    "control_character",
    `${field} contains the control character U+${hex} at index ${index}: remove it`,
  );
}
