import type { Assertion, Signature } from "./assertion.ts";
import { attribution } from "./attribution.ts";
import { parseConceptPath, parsePredicate } from "./concept-path.ts";
import { contentHash } from "./content-hash.ts";
import { parseHex } from "./hex.ts";
import { describeInput, invalid, isJsonObject, ownValue, type JsonObject } from "./invalid.ts";
import { DEFAULT_LIFECYCLE, parseLifecycle } from "./lifecycle.ts";
import { parseSignatures } from "./signatures-field.ts";
import { parseSource } from "./source.ts";
import { utf8Length } from "./string-field.ts";
import { DEFAULT_TIER, parseTier } from "./tier.ts";
import { MAX_TIMESTAMP_MS, parseTimestamp } from "./timestamp.ts";
import { parseValue } from "./value.ts";
import { assertionToJson } from "./wire.ts";

/** Largest assertion, as JSON text in UTF-8 bytes (`spec/model.md` §Limits). */
export const ASSERTION_MAX_JSON_BYTES = 64 * 1024;

export { ANONYMOUS_AGENT } from "./attribution.ts";

/** What the write path knows besides the body. */
export interface NormalizeOptions {
  /** Server receive time, Unix milliseconds: the default for `timestamp` and signature timestamps. */
  readonly nowMs: number;
  /** The authenticated identity (API key's agent or `X-Agent-Id`), for unsigned writes. */
  readonly agentId?: string;
}

const FIELD_NAMES = [
  "concept_path",
  "predicate",
  "value",
  "confidence",
  "authority_tier",
  "source",
  "lifecycle",
  "epoch",
  "parent",
  "timestamp",
  "signatures",
  // Accepted so that an assertion read from the API can be posted back as it is.
  "hash",
  "agent_id",
];
// The original StemeDB API's names: subject → concept_path, object → value, source_class →
// authority_tier, source_hash → source.hash, parent_hash → parent.
const ALIASES = ["subject", "object", "source_class", "source_hash", "parent_hash"];
const FIELDS = new Set([...FIELD_NAMES, ...ALIASES]);
const ACCEPTED = `${FIELD_NAMES.join(", ")} (or the original API's ${ALIASES.join(", ")})`;

/**
 * Validates an assertion body as a client sends it and returns the canonical assertion with its
 * content hash. Signatures are parsed and format-checked here but not verified: the write path
 * calls `verifyAll` (verification is the expensive part and the caller decides when to pay it).
 *
 * Accepts the original API's names as aliases (`subject`, `object`, `source_class`,
 * `source_hash`, `parent_hash`); `null` counts as absent. An optional `hash` must equal the
 * computed one, so a client can assert what it signed. An optional `agent_id` is checked against
 * the first signer and otherwise ignored: attribution comes from signatures or from
 * `options.agentId`, never from the body.
 *
 * Throws `ValidationError` (field, reason) for every broken rule of the input, and nothing else
 * (a `RangeError` only for a bad `options.nowMs`, a bug in the caller).
 *
 * @example
 * ```ts
 * const a = normalizeAssertion(
 *   { subject: "Tesla_Inc", predicate: "has_revenue", object: { Number: 96.7 }, confidence: 0.95 },
 *   { nowMs: Date.now() },
 * );
 * a.conceptPath; // "Tesla_Inc"
 * a.hash; // 64 hex characters
 * ```
 */
export function normalizeAssertion(input: unknown, options: NormalizeOptions): Assertion {
  const { nowMs } = options;
  if (!Number.isInteger(nowMs) || nowMs < 0 || nowMs > MAX_TIMESTAMP_MS) {
    throw new RangeError(`Cannot normalise with nowMs ${nowMs}: it must be integer Unix milliseconds`);
  }
  if (!isJsonObject(input)) {
    throw invalid("", "wrong_type", `The assertion must be a JSON object, got ${describeInput(input)}`);
  }
  for (const key of Object.keys(input)) {
    if (!FIELDS.has(key)) {
      throw invalid(key, "unknown_field", `${key} is not an assertion field: use only ${ACCEPTED}`);
    }
  }

  const pathKey = keyUsed(input, "concept_path", "subject");
  const conceptPath = parseConceptPath(
    required(input, pathKey, "the path the claim is about, e.g. drug/aspirin/safety"),
    pathKey,
  );
  const predicate = parsePredicate(
    required(input, "predicate", "the property claimed, e.g. has_revenue"),
    "predicate",
  );
  const valueKey = keyUsed(input, "value", "object");
  const value = parseValue(
    required(input, valueKey, 'the claimed value, e.g. true, 1.15 or "RS256"'),
    valueKey,
  );
  const confidence = parseConfidence(ownValue(input, "confidence"));
  const tierKey = keyUsed(input, "authority_tier", "source_class");
  const tierInput = ownValue(input, tierKey);
  const lifecycleInput = ownValue(input, "lifecycle");
  const timestampInput = ownValue(input, "timestamp");
  const source = parseSource(ownValue(input, "source"), ownValue(input, "source_hash"));
  const epochInput = ownValue(input, "epoch");
  const parentKey = keyUsed(input, "parent", "parent_hash");
  const parentInput = ownValue(input, parentKey);
  const signaturesInput = ownValue(input, "signatures");
  const signatures: readonly Signature[] =
    signaturesInput === undefined ? [] : parseSignatures(signaturesInput, "signatures", nowMs);

  // One object, built in one place with a stable shape; `hash` is filled in once the content is known.
  const assertion: { -readonly [K in keyof Assertion]: Assertion[K] } = {
    hash: "",
    conceptPath,
    predicate,
    value,
    confidence,
    authorityTier: tierInput === undefined ? DEFAULT_TIER : parseTier(tierInput, tierKey),
    lifecycle: lifecycleInput === undefined ? DEFAULT_LIFECYCLE : parseLifecycle(lifecycleInput, "lifecycle"),
    timestampMs: timestampInput === undefined ? nowMs : parseTimestamp(timestampInput, "timestamp"),
    signatures,
    agentId: attribution(ownValue(input, "agent_id"), signatures, options),
  };
  if (source !== undefined) assertion.source = source;
  if (epochInput !== undefined) assertion.epoch = parseHex(epochInput, "epoch", 32);
  if (parentInput !== undefined) assertion.parent = parseHex(parentInput, parentKey, 32);
  assertion.hash = contentHash(assertion);
  checkSize(assertion);

  const claimedHash = ownValue(input, "hash");
  if (claimedHash !== undefined) {
    const claimed = parseHex(claimedHash, "hash", 32);
    if (claimed !== assertion.hash) {
      throw invalid(
        "hash",
        "hash_mismatch",
        `hash does not match the content: computed ${assertion.hash}, got ${claimed}; ` +
          "check the fields you hashed against spec/model.md §Content hash, or omit hash",
      );
    }
  }
  return assertion;
}

// Upper bounds of everything in the API's JSON form besides the variable-length strings: member
// names, punctuation, hashes, numbers and times.
const FIXED_JSON_BYTES = 1024;
const SIGNATURE_JSON_BYTES = 300;
// JSON.stringify writes one UTF-16 unit as at most 6 bytes (`\u001f`).
const MAX_BYTES_PER_UNIT = 6;

/**
 * The 64 KiB limit, applied to the assertion as the API prints it (`assertionToJson`), so that it
 * does not depend on how a client spelled it. Every field is bounded once validated, so a cheap
 * upper bound settles almost every case and only escape-heavy long text pays for serialising.
 */
function checkSize(a: Assertion): void {
  const units =
    a.conceptPath.length +
    a.predicate.length +
    a.agentId.length +
    (a.source?.uri?.length ?? 0) +
    (typeof a.value.value === "string" ? a.value.value.length : 0);
  const bound = FIXED_JSON_BYTES + a.signatures.length * SIGNATURE_JSON_BYTES + units * MAX_BYTES_PER_UNIT;
  if (bound <= ASSERTION_MAX_JSON_BYTES) return;
  const bytes = utf8Length(JSON.stringify(assertionToJson(a)));
  if (bytes > ASSERTION_MAX_JSON_BYTES) {
    throw invalid(
      "",
      "too_large",
      `The assertion is ${bytes} bytes as JSON, over the limit of ${ASSERTION_MAX_JSON_BYTES}: ` +
        "shorten the text or store the content as a source and cite its hash",
    );
  }
}

/** Which of a field's two names the input uses (the canonical one when neither); not both. */
function keyUsed(input: JsonObject, name: string, alias: string): string {
  if (ownValue(input, alias) === undefined) return name;
  if (ownValue(input, name) !== undefined) {
    throw invalid(alias, "duplicate_field", `${alias} is another name for ${name}: send only one of them`);
  }
  return alias;
}

function required(input: JsonObject, key: string, what: string): unknown {
  const value = ownValue(input, key);
  if (value === undefined) throw invalid(key, "required", `${key} is required: ${what}`);
  return value;
}

function parseConfidence(input: unknown): number {
  const expected = "confidence must be a number from 0 to 1";
  if (input === undefined) throw invalid("confidence", "required", `${expected}, got nothing`);
  if (typeof input !== "number") {
    throw invalid("confidence", "wrong_type", `${expected}, got ${describeInput(input)}`);
  }
  if (!(input >= 0 && input <= 1)) {
    throw invalid("confidence", "out_of_range", `${expected}, got ${describeInput(input)}`);
  }
  return input === 0 ? 0 : input; // -0 → 0, as RFC 8785 prints it
}
