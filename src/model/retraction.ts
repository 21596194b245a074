import type { Signature } from "./assertion.ts";
import { attribution } from "./attribution.ts";
import { CONTENT_VERSION } from "./content-hash.ts";
import { parseHex } from "./hex.ts";
import { invalid, ownValue, type JsonObject } from "./invalid.ts";
import type { NormalizeOptions } from "./normalize.ts";
import { checkTimestampMs, recordHash } from "./record-hash.ts";
import {
  checkClaimedHash,
  readRecord,
  recordFields,
  recordTimestamp,
  requiredValue,
} from "./record-input.ts";
import { parseSignatures } from "./signatures-field.ts";
import { parseString } from "./string-field.ts";
import { formatTimestamp } from "./timestamp.ts";
import { signatureToJson, type SignatureJson } from "./wire.ts";

/** Longest retraction reason, in UTF-8 bytes. */
export const RETRACTION_REASON_MAX_BYTES = 4096;

/** Everything that goes into a retraction's content hash. */
export interface RetractionContent {
  /** 64 lowercase hex: the BLAKE3 of the retracted source's content, its identity. */
  readonly source: string;
  readonly reason?: string;
  /** When the source was retracted, integer Unix milliseconds. */
  readonly timestampMs: number;
}

/**
 * The withdrawal of a source (`spec/model.md` §Votes, trust, epochs, sources): a new record, never
 * an edit. Every assertion citing the source is then flagged `source_retracted` in reads.
 */
export interface Retraction extends RetractionContent {
  /** BLAKE3-256 of the canonical content, 64 lowercase hex. */
  readonly hash: string;
  /** First = author, the rest are co-signers. Not part of the content hash. */
  readonly signatures: readonly Signature[];
  /** First signer's agent id, else the identity given at write time, else `"anonymous"`. */
  readonly agentId: string;
}

/** The object whose JCS bytes are a retraction's hash. */
export interface RetractionContentObject {
  readonly v: typeof CONTENT_VERSION;
  readonly kind: "retraction";
  readonly source: string;
  readonly reason?: string;
  readonly timestamp_ms: number;
}

/** A retraction as the API prints it; `normalizeRetraction` accepts it back unchanged. */
export interface RetractionJson {
  readonly hash: string;
  readonly source: string;
  readonly reason?: string;
  /** RFC 3339 UTC with milliseconds. */
  readonly timestamp: string;
  readonly agent_id: string;
  readonly signatures: readonly SignatureJson[];
}

/** What the write path knows besides the body: `POST /v1/sources/{hash}/retract` names the source. */
export interface RetractionOptions extends NormalizeOptions {
  /** The source hash from the URL; it wins, and a different `source` in the body is an error. */
  readonly source?: string;
}

// `hash` and `agent_id` are accepted so that a retraction read from the API can be posted back as it is.
const FIELDS = recordFields("retraction", [
  "source",
  "reason",
  "timestamp",
  "signatures",
  "hash",
  "agent_id",
]);

/**
 * Validates a retraction body and returns the canonical retraction with its content hash.
 * Signatures are format-checked here and verified by the caller with
 * `verifyAll(retraction.hash, retraction.signatures)`.
 *
 * The source usually comes from the URL (`options.source`); the body may repeat it (a retraction
 * read from the API is posted back as it is) but not name another (reason `source_mismatch`).
 * Without `options.source` the body's `source` is required. `reason` is free text up to 4 KiB;
 * `timestamp` defaults to `options.nowMs`; `null` counts as absent; an optional `hash` must equal
 * the computed one; attribution is as for assertions.
 *
 * Throws `ValidationError` (field, reason) for every broken rule of the input (the URL's source
 * included), and nothing else (a `RangeError` only for a bad `options.nowMs`, a bug in the caller).
 *
 * @example
 * ```ts
 * const r = normalizeRetraction({ reason: "paper withdrawn" }, { nowMs: Date.now(), source: "af13…3262" });
 * r.source; // "af13…3262"
 * ```
 */
export function normalizeRetraction(input: unknown, options: RetractionOptions): Retraction {
  const body = readRecord(input, options, FIELDS);
  const source = parseRetractedSource(body, options.source);
  const reasonInput = ownValue(body, "reason");
  const timestampMs = recordTimestamp(body, options);
  const signaturesInput = ownValue(body, "signatures");
  const signatures: readonly Signature[] =
    signaturesInput === undefined ? [] : parseSignatures(signaturesInput, "signatures", options.nowMs);

  const retraction: { -readonly [K in keyof Retraction]: Retraction[K] } = {
    hash: "",
    source,
    timestampMs,
    signatures,
    agentId: attribution(ownValue(body, "agent_id"), signatures, options),
  };
  if (reasonInput !== undefined) {
    retraction.reason = parseString(reasonInput, "reason", {
      expected: `free text of at most ${RETRACTION_REASON_MAX_BYTES} bytes (or omit reason)`,
      maxBytes: RETRACTION_REASON_MAX_BYTES,
      allowControl: true,
    });
  }
  retraction.hash = retractionHash(retraction);
  checkClaimedHash(body, retraction.hash);
  return retraction;
}

/**
 * The content object of a retraction: `v: 1`, `kind: "retraction"`, `reason` only where present.
 * Signatures and attribution are not content.
 *
 * @example
 * ```ts
 * retractionContentObject(retraction).kind; // "retraction"
 * ```
 */
export function retractionContentObject(r: RetractionContent): RetractionContentObject {
  const out: { -readonly [K in keyof RetractionContentObject]: RetractionContentObject[K] } = {
    v: CONTENT_VERSION,
    kind: "retraction",
    source: r.source,
    timestamp_ms: checkTimestampMs(r.timestampMs),
  };
  if (r.reason !== undefined) out.reason = r.reason;
  return out;
}

/**
 * A retraction's identity: BLAKE3-256 of the JCS of `retractionContentObject(r)`, 64 lowercase hex.
 *
 * @example
 * ```ts
 * retractionHash(retraction) === retraction.hash; // true
 * ```
 */
export function retractionHash(r: RetractionContent): string {
  return recordHash(retractionContentObject(r));
}

/**
 * The API output shape of a retraction: snake_case, RFC 3339 times, `reason` only where present.
 *
 * @example
 * ```ts
 * retractionToJson(retraction).timestamp; // "2026-02-11T14:30:00.000Z"
 * ```
 */
export function retractionToJson(r: Retraction): RetractionJson {
  const out: { -readonly [K in keyof RetractionJson]: RetractionJson[K] } = {
    hash: r.hash,
    source: r.source,
    timestamp: formatTimestamp(r.timestampMs),
    agent_id: r.agentId,
    signatures: r.signatures.map(signatureToJson),
  };
  if (r.reason !== undefined) out.reason = r.reason;
  return out;
}

/** The URL's source, which the body may repeat but not contradict; else the body's, required. */
function parseRetractedSource(body: JsonObject, urlInput: string | undefined): string {
  if (urlInput === undefined) {
    return parseHex(
      requiredValue(body, "source", "the 64-hex BLAKE3 hash of the source to retract"),
      "source",
      32,
    );
  }
  const source = parseHex(urlInput, "source", 32);
  const bodyInput = ownValue(body, "source");
  if (bodyInput !== undefined) {
    const claimed = parseHex(bodyInput, "source", 32);
    if (claimed !== source) {
      throw invalid(
        "source",
        "source_mismatch",
        `source ${claimed} in the body is not the source ${source} named by the URL: ` +
          "send the same hash or omit source from the body",
      );
    }
  }
  return source;
}
