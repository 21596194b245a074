import { parseHex } from "./hex.ts";
import { describeInput, invalid, isJsonObject, ownValue, type JsonObject } from "./invalid.ts";
import type { NormalizeOptions } from "./normalize.ts";
import { MAX_TIMESTAMP_MS, parseTimestamp } from "./timestamp.ts";

/** The member names one kind of record accepts, for reading its body and for error messages. */
export interface RecordFields {
  /** The record kind as a noun for messages: `"vote"`, `"epoch"`. */
  readonly kind: string;
  readonly names: ReadonlySet<string>;
  /** `name, name (or the original API's alias)`, the list an `unknown_field` message offers. */
  readonly accepted: string;
}

/**
 * Describes the fields of a record kind: its own names, then the original API's aliases.
 *
 * @example
 * ```ts
 * const VOTE_FIELDS = recordFields("vote", ["assertion", "weight"], ["assertion_hash"]);
 * ```
 */
export function recordFields(
  kind: string,
  names: readonly string[],
  aliases: readonly string[] = [],
): RecordFields {
  const accepted =
    aliases.length === 0
      ? names.join(", ")
      : `${names.join(", ")} (or the original API's ${aliases.join(", ")})`;
  return { kind, names: new Set([...names, ...aliases]), accepted };
}

/**
 * The first step of every `normalizeX` but assertions': checks `options.nowMs` (a `RangeError`,
 * since a bad one is a bug in the caller), that the body is a JSON object, and that it holds no
 * member outside `fields`. Returns the body, to be read with `ownValue` only.
 */
export function readRecord(input: unknown, options: NormalizeOptions, fields: RecordFields): JsonObject {
  const { nowMs } = options;
  if (!Number.isInteger(nowMs) || nowMs < 0 || nowMs > MAX_TIMESTAMP_MS) {
    throw new RangeError(`Cannot normalise with nowMs ${nowMs}: it must be integer Unix milliseconds`);
  }
  if (!isJsonObject(input)) {
    throw invalid("", "wrong_type", `The ${fields.kind} must be a JSON object, got ${describeInput(input)}`);
  }
  for (const key of Object.keys(input)) {
    if (!fields.names.has(key)) {
      throw invalid(
        key,
        "unknown_field",
        `${key} is not ${article(fields.kind)} ${fields.kind} field: use only ${fields.accepted}`,
      );
    }
  }
  return input;
}

/** A required member (`null` counts as absent); `what` says what to send, e.g. `"the epoch's name"`. */
export function requiredValue(body: JsonObject, key: string, what: string): unknown {
  const value = ownValue(body, key);
  if (value === undefined) throw invalid(key, "required", `${key} is required: ${what}`);
  return value;
}

/** Which of a field's two names the body uses (the canonical one when neither); not both. */
export function keyUsed(body: JsonObject, name: string, alias: string): string {
  if (ownValue(body, alias) === undefined) return name;
  if (ownValue(body, name) !== undefined) {
    throw invalid(alias, "duplicate_field", `${alias} is another name for ${name}: send only one of them`);
  }
  return alias;
}

/** The record's `timestamp`, defaulting to the server receive time. */
export function recordTimestamp(body: JsonObject, options: NormalizeOptions): number {
  const input = ownValue(body, "timestamp");
  return input === undefined ? options.nowMs : parseTimestamp(input, "timestamp");
}

/**
 * Checks an optional `hash` in the body against the computed content hash, so that a client can
 * assert what it signed (and post a record read from the API back unchanged).
 */
export function checkClaimedHash(body: JsonObject, computed: string): void {
  const claimedInput = ownValue(body, "hash");
  if (claimedInput === undefined) return;
  const claimed = parseHex(claimedInput, "hash", 32);
  if (claimed !== computed) {
    throw invalid(
      "hash",
      "hash_mismatch",
      `hash does not match the content: computed ${computed}, got ${claimed}; check the fields you ` +
        "hashed against spec/model.md §Votes, trust, epochs, sources, or omit hash",
    );
  }
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? "an" : "a";
}
