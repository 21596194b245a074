import type { Signature } from "./assertion.ts";
import { attribution } from "./attribution.ts";
import { CONTENT_VERSION } from "./content-hash.ts";
import { parseHex } from "./hex.ts";
import { describeInput, invalid, ownValue } from "./invalid.ts";
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

/** Longest epoch name, in UTF-8 bytes. */
export const EPOCH_NAME_MAX_BYTES = 256;
/** Longest epoch description, in UTF-8 bytes. */
export const EPOCH_DESCRIPTION_MAX_BYTES = 4096;
/** Most epochs one epoch may supersede. */
export const EPOCH_SUPERSEDES_MAX = 64;

/** Everything that goes into an epoch's content hash. */
export interface EpochContent {
  readonly name: string;
  readonly description?: string;
  /** 64 lowercase hex each, sorted ascending, no duplicates: the epochs this one replaces. */
  readonly supersedes: readonly string[];
  /** When the epoch was declared, integer Unix milliseconds. */
  readonly timestampMs: number;
}

/**
 * A paradigm that assertions may belong to (`spec/model.md` §Votes, trust, epochs, sources). An
 * epoch X is superseded when any epoch lists X in `supersedes`; the epoch-aware filter then drops
 * X's claims.
 */
export interface Epoch extends EpochContent {
  /** BLAKE3-256 of the canonical content, 64 lowercase hex. */
  readonly hash: string;
  /** First = author, the rest are co-signers. Not part of the content hash. */
  readonly signatures: readonly Signature[];
  /** First signer's agent id, else the identity given at write time, else `"anonymous"`. */
  readonly agentId: string;
}

/** The object whose JCS bytes are an epoch's hash. */
export interface EpochContentObject {
  readonly v: typeof CONTENT_VERSION;
  readonly kind: "epoch";
  readonly name: string;
  readonly description?: string;
  readonly supersedes: readonly string[];
  readonly timestamp_ms: number;
}

/** An epoch as the API prints it; `normalizeEpoch` accepts it back unchanged. */
export interface EpochJson {
  readonly hash: string;
  readonly name: string;
  readonly description?: string;
  readonly supersedes: readonly string[];
  /** RFC 3339 UTC with milliseconds. */
  readonly timestamp: string;
  readonly agent_id: string;
  readonly signatures: readonly SignatureJson[];
}

// `hash` and `agent_id` are accepted so that an epoch read from the API can be posted back as it is.
const FIELDS = recordFields("epoch", [
  "name",
  "description",
  "supersedes",
  "timestamp",
  "signatures",
  "hash",
  "agent_id",
]);

/**
 * Validates an epoch body and returns the canonical epoch with its content hash. Signatures are
 * format-checked here and verified by the caller with `verifyAll(epoch.hash, epoch.signatures)`.
 *
 * `name` is kept as sent (1–256 bytes, no control characters: it labels the epoch, which is named by
 * its hash); `description` is free text up to 4 KiB; `supersedes` may list up to 64 epoch hashes
 * once each, in any order and case: they are stored lowercase and sorted, so the hash does not
 * depend on the order given. `timestamp` defaults to `options.nowMs`; `null` counts as absent; an
 * optional `hash` must equal the computed one; attribution is as for assertions.
 *
 * Throws `ValidationError` (field, reason) for every broken rule of the input, and nothing else
 * (a `RangeError` only for a bad `options.nowMs`, a bug in the caller).
 *
 * @example
 * ```ts
 * const e = normalizeEpoch({ name: "post-2024-guidelines", supersedes: ["ab…"] }, { nowMs: Date.now() });
 * e.supersedes; // ["ab…"]
 * ```
 */
export function normalizeEpoch(input: unknown, options: NormalizeOptions): Epoch {
  const body = readRecord(input, options, FIELDS);
  const name = parseString(
    requiredValue(body, "name", "a short name for the epoch, e.g. post-2024-guidelines"),
    "name",
    { expected: "an epoch name string such as post-2024-guidelines", maxBytes: EPOCH_NAME_MAX_BYTES },
  );
  const descriptionInput = ownValue(body, "description");
  const supersedesInput = ownValue(body, "supersedes");
  const timestampMs = recordTimestamp(body, options);
  const signaturesInput = ownValue(body, "signatures");
  const signatures: readonly Signature[] =
    signaturesInput === undefined ? [] : parseSignatures(signaturesInput, "signatures", options.nowMs);

  const epoch: { -readonly [K in keyof Epoch]: Epoch[K] } = {
    hash: "",
    name,
    supersedes: supersedesInput === undefined ? [] : parseSupersedes(supersedesInput),
    timestampMs,
    signatures,
    agentId: attribution(ownValue(body, "agent_id"), signatures, options),
  };
  if (descriptionInput !== undefined) {
    epoch.description = parseString(descriptionInput, "description", {
      expected: `free text of at most ${EPOCH_DESCRIPTION_MAX_BYTES} bytes (or omit description)`,
      maxBytes: EPOCH_DESCRIPTION_MAX_BYTES,
      allowControl: true,
    });
  }
  epoch.hash = epochHash(epoch);
  checkClaimedHash(body, epoch.hash);
  return epoch;
}

/**
 * The content object of an epoch: `v: 1`, `kind: "epoch"`, `supersedes` sorted ascending (always
 * present, `[]` for none), `description` only where present. Signatures and attribution are not
 * content.
 *
 * @example
 * ```ts
 * epochContentObject(epoch).kind; // "epoch"
 * ```
 */
export function epochContentObject(e: EpochContent): EpochContentObject {
  const out: { -readonly [K in keyof EpochContentObject]: EpochContentObject[K] } = {
    v: CONTENT_VERSION,
    kind: "epoch",
    name: e.name,
    // Sorted here as well as by the parser, so that an epoch built by hand hashes the same.
    supersedes: [...e.supersedes].sort(),
    timestamp_ms: checkTimestampMs(e.timestampMs),
  };
  if (e.description !== undefined) out.description = e.description;
  return out;
}

/**
 * An epoch's identity: BLAKE3-256 of the JCS of `epochContentObject(e)`, 64 lowercase hex.
 *
 * @example
 * ```ts
 * epochHash(epoch) === epoch.hash; // true
 * ```
 */
export function epochHash(e: EpochContent): string {
  return recordHash(epochContentObject(e));
}

/**
 * The API output shape of an epoch: snake_case, RFC 3339 times, `description` only where present.
 *
 * @example
 * ```ts
 * epochToJson(epoch).supersedes; // ["ab…", "cd…"]
 * ```
 */
export function epochToJson(e: Epoch): EpochJson {
  const out: { -readonly [K in keyof EpochJson]: EpochJson[K] } = {
    hash: e.hash,
    name: e.name,
    supersedes: e.supersedes,
    timestamp: formatTimestamp(e.timestampMs),
    agent_id: e.agentId,
    signatures: e.signatures.map(signatureToJson),
  };
  if (e.description !== undefined) out.description = e.description;
  return out;
}

function parseSupersedes(input: unknown): string[] {
  if (!Array.isArray(input)) {
    throw invalid(
      "supersedes",
      "wrong_type",
      `supersedes must be an array of 64-hex epoch hashes, got ${describeInput(input)}`,
    );
  }
  const items: readonly unknown[] = input;
  if (items.length > EPOCH_SUPERSEDES_MAX) {
    throw invalid(
      "supersedes",
      "too_many",
      `supersedes lists ${items.length} epochs, over the limit of ${EPOCH_SUPERSEDES_MAX}`,
    );
  }
  const hashes: string[] = [];
  const seen = new Set<string>();
  // An index loop, not map(): map would skip the holes of a sparse array.
  for (let i = 0; i < items.length; i++) {
    const at = `supersedes[${i}]`;
    const hash = parseHex(items[i], at, 32);
    if (seen.has(hash)) {
      throw invalid(at, "duplicate_value", `${at} ${hash} is listed twice: list each superseded epoch once`);
    }
    seen.add(hash);
    hashes.push(hash);
  }
  // Plain code-unit order, which for lowercase hex is the byte order every SDK sorts by.
  return hashes.sort();
}
