import { Buffer } from "node:buffer";
import type { Tier } from "./assertion.ts";
import { attribution } from "./attribution.ts";
import { blake3Hex } from "./content-hash.ts";
import { parseHex } from "./hex.ts";
import { describeInput, invalid, ownValue, type JsonObject } from "./invalid.ts";
import type { NormalizeOptions } from "./normalize.ts";
import { readRecord, recordFields, recordTimestamp } from "./record-input.ts";
import { SOURCE_URI_MAX_BYTES } from "./source.ts";
import { parseString } from "./string-field.ts";
import { parseTier, tierName, type TierName } from "./tier.ts";
import { formatTimestamp } from "./timestamp.ts";

/** Longest source title, in UTF-8 bytes. */
export const SOURCE_TITLE_MAX_BYTES = 1024;
/** Largest source content StemeDB keeps, in bytes (1 MiB); a larger source is registered by hash. */
export const SOURCE_CONTENT_MAX_BYTES = 1024 * 1024;

/**
 * A registered source, the evidence assertions cite (`spec/model.md` §Votes, trust, epochs,
 * sources). Its identity is `hash`, the BLAKE3-256 of the source's content bytes, which is exactly
 * what an assertion cites as `source.hash`; it is not a hash of this record. So a source registered
 * with only its hash (the content kept elsewhere, or over 1 MiB) has the same identity as one
 * registered with its content, and registering the same hash again, perhaps with another `uri` or
 * `title`, is a new registration of the same source that the store may merge (the first
 * registration's metadata wins).
 */
export interface SourceRecord {
  /** BLAKE3-256 of the content bytes, 64 lowercase hex: the source's identity. */
  readonly hash: string;
  readonly uri?: string;
  readonly title?: string;
  /** The class of evidence this source is, when the registrant says. */
  readonly authorityTier?: Tier;
  /** The content itself, at most 1 MiB, when it was sent. */
  readonly content?: Uint8Array;
  /** When the source was registered, integer Unix milliseconds. */
  readonly timestampMs: number;
  /** The registrant: the identity given at write time, else `"anonymous"`. */
  readonly agentId: string;
}

/** A source as the API prints it; `normalizeSource` accepts it back unchanged. */
export interface SourceJson {
  readonly hash: string;
  readonly uri?: string;
  readonly title?: string;
  readonly authority_tier?: TierName;
  /** RFC 3339 UTC with milliseconds. */
  readonly timestamp: string;
  readonly agent_id: string;
  /** The content as standard base64 (RFC 4648 §4), only when asked for and known. */
  readonly content_base64?: string;
}

// `agent_id` is accepted so that a source read from the API can be posted back as it is.
const FIELDS = recordFields("source", [
  "uri",
  "hash",
  "title",
  "authority_tier",
  "content",
  "content_base64",
  "timestamp",
  "agent_id",
]);

// RFC 4648 §4 base64 with its padding, nothing else: no whitespace, no URL-safe alphabet. Together
// with a length that is a multiple of 4 this is exactly the padded syntax, and (unlike a pattern of
// 4-character groups, 30× slower on a megabyte) it runs in a single pass without backtracking.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
// The most base64 characters that can decode to SOURCE_CONTENT_MAX_BYTES, checked before decoding.
const BASE64_MAX_CHARS = Math.ceil(SOURCE_CONTENT_MAX_BYTES / 3) * 4;
const utf8 = new TextEncoder();

/**
 * Validates a source registration and returns the source with its identity, the content hash.
 *
 * The content may come as UTF-8 text (`content`, hashed as its UTF-8 bytes, kept as sent) or as
 * bytes (`content_base64`, strict standard base64), not both, at most 1 MiB either way. `hash` is
 * required unless the content is given, and must then equal the BLAKE3 of the content bytes
 * (reason `hash_mismatch`). `uri` follows the rules of an assertion's `source.uri`; `title` is up to
 * 1 KiB without control characters; `authority_tier` is a tier name or number. `timestamp`
 * defaults to `options.nowMs`; `null` counts as absent. Sources are not signed: the registrant is
 * `options.agentId`, else `"anonymous"`, and a body `agent_id` is ignored.
 *
 * Throws `ValidationError` (field, reason) for every broken rule of the input, and nothing else
 * (a `RangeError` only for a bad `options.nowMs`, a bug in the caller).
 *
 * @example
 * ```ts
 * const body = { uri: "fda://label/ozempic/2024", content: "…label text…" };
 * const s = normalizeSource(body, { nowMs: Date.now() });
 * s.hash; // BLAKE3 of the text's UTF-8 bytes: cite it as an assertion's source.hash
 * ```
 */
export function normalizeSource(input: unknown, options: NormalizeOptions): SourceRecord {
  const body = readRecord(input, options, FIELDS);
  const uriInput = ownValue(body, "uri");
  const titleInput = ownValue(body, "title");
  const tierInput = ownValue(body, "authority_tier");
  const source: { -readonly [K in keyof SourceRecord]: SourceRecord[K] } = {
    hash: "",
    timestampMs: recordTimestamp(body, options),
    agentId: attribution(ownValue(body, "agent_id"), [], options),
  };
  if (uriInput !== undefined) {
    // The same rules as an assertion's source.uri (`source.ts`).
    source.uri = parseString(uriInput, "uri", {
      expected: "a URI string such as fda://label/ozempic/2024",
      maxBytes: SOURCE_URI_MAX_BYTES,
    });
  }
  if (titleInput !== undefined) {
    source.title = parseString(titleInput, "title", {
      expected: `a title of at most ${SOURCE_TITLE_MAX_BYTES} bytes on one line (or omit title)`,
      maxBytes: SOURCE_TITLE_MAX_BYTES,
    });
  }
  if (tierInput !== undefined) source.authorityTier = parseTier(tierInput, "authority_tier");
  // Last: the content may be a megabyte to decode and hash, worth doing only for an otherwise valid body.
  const content = parseContent(body);
  if (content !== undefined) source.content = content;
  source.hash = sourceHash(ownValue(body, "hash"), content);
  return source;
}

/**
 * A source's identity: BLAKE3-256 of its content bytes, 64 lowercase hex. What assertions cite as
 * `source.hash`.
 *
 * @example
 * ```ts
 * sourceContentHash(new TextEncoder().encode("label text")); // 64 hex characters
 * ```
 */
export function sourceContentHash(content: Uint8Array): string {
  return blake3Hex(content);
}

/**
 * The API output shape of a source: snake_case, tier name, RFC 3339 time, optional members only
 * where present, and the content as `content_base64` only when `includeContent` is set (it may be a
 * megabyte; listings leave it out).
 *
 * @example
 * ```ts
 * sourceToJson(source).hash; // the content hash
 * sourceToJson(source, { includeContent: true }).content_base64; // "bGFiZWwgdGV4dA==" or absent
 * ```
 */
export function sourceToJson(
  s: SourceRecord,
  options: { readonly includeContent?: boolean } = {},
): SourceJson {
  const out: { -readonly [K in keyof SourceJson]: SourceJson[K] } = {
    hash: s.hash,
    timestamp: formatTimestamp(s.timestampMs),
    agent_id: s.agentId,
  };
  if (s.uri !== undefined) out.uri = s.uri;
  if (s.title !== undefined) out.title = s.title;
  if (s.authorityTier !== undefined) out.authority_tier = tierName(s.authorityTier);
  if (options.includeContent === true && s.content !== undefined) {
    out.content_base64 = Buffer.from(s.content.buffer, s.content.byteOffset, s.content.byteLength).toString(
      "base64",
    );
  }
  return out;
}

/** The content bytes from `content` (text) or `content_base64` (bytes), or `undefined`. */
function parseContent(body: JsonObject): Uint8Array | undefined {
  const text = ownValue(body, "content");
  const base64 = ownValue(body, "content_base64");
  if (base64 === undefined) {
    if (text === undefined) return undefined;
    return utf8.encode(
      parseString(text, "content", {
        expected: "the source's text (or its bytes as content_base64)",
        maxBytes: SOURCE_CONTENT_MAX_BYTES,
        allowEmpty: true,
        allowControl: true,
      }),
    );
  }
  if (text !== undefined) {
    throw invalid(
      "content_base64",
      "duplicate_field",
      "content_base64 is another form of content: send the text as content or the bytes as content_base64, not both",
    );
  }
  return parseBase64(base64);
}

function parseBase64(input: unknown): Uint8Array {
  const expected =
    "standard base64 (RFC 4648 §4: A-Z a-z 0-9 + /, padded with = to whole groups of 4, no spaces)";
  if (typeof input !== "string") {
    throw invalid(
      "content_base64",
      "wrong_type",
      `content_base64 must be a string of ${expected}, got ${describeInput(input)}`,
    );
  }
  if (input.length > BASE64_MAX_CHARS) {
    throw contentTooLong(`has ${input.length} characters, which decode to more than`);
  }
  if (input.length % 4 !== 0 || !BASE64.test(input)) {
    throw invalid(
      "content_base64",
      "bad_format",
      `content_base64 must be ${expected}, got ${describeInput(input)}`,
    );
  }
  const decoded = Buffer.from(input, "base64");
  // RFC 4648 §3.5: the unused bits before the padding must be zero, so that bytes have one encoding
  // (`QR==` and `QQ==` would otherwise both mean "A").
  if (decoded.toString("base64") !== input) {
    throw invalid(
      "content_base64",
      "bad_format",
      `content_base64 ends in ${describeInput(input.slice(-4))}, whose unused bits are not zero: ` +
        "encode the bytes with a standard base64 encoder",
    );
  }
  if (decoded.length > SOURCE_CONTENT_MAX_BYTES) {
    throw contentTooLong(`decodes to ${decoded.length} bytes, over`);
  }
  // A copy: a small Buffer is a view of Node's shared pool, which must not be kept alive or exposed.
  return new Uint8Array(decoded);
}

/** `problem` reads on into "the limit": `decodes to 1048577 bytes, over`. */
function contentTooLong(problem: string) {
  return invalid(
    "content_base64",
    "too_long",
    `content_base64 ${problem} the limit of ${SOURCE_CONTENT_MAX_BYTES} bytes (1 MiB): ` +
      "register the source by its hash alone",
  );
}

/** The identity: the content's BLAKE3, which a given `hash` must match; else the given `hash`. */
function sourceHash(claimedInput: unknown, content: Uint8Array | undefined): string {
  const claimed = claimedInput === undefined ? undefined : parseHex(claimedInput, "hash", 32);
  if (content === undefined) {
    if (claimed !== undefined) return claimed;
    throw invalid(
      "hash",
      "required",
      "hash is required unless content is given: send the 64-hex BLAKE3 of the source content, or the content",
    );
  }
  const computed = sourceContentHash(content);
  if (claimed !== undefined && claimed !== computed) {
    throw invalid(
      "hash",
      "hash_mismatch",
      `hash does not match the content: its BLAKE3 is ${computed}, got ${claimed}; hash the exact bytes ` +
        "(UTF-8 of content, or content_base64 decoded), or omit hash",
    );
  }
  return computed;
}
