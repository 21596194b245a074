import { parseHex } from "../model/hex.ts";
import { normalizeRetraction } from "../model/retraction.ts";
import { formatTimestamp } from "../model/timestamp.ts";
import type { RetractionInput } from "./api-types.ts";
import { toTimestampInput, type TimeInput } from "./time-input.ts";

/**
 * What `buildRetraction` takes.
 *
 * @example
 * ```ts
 * const fields: RetractionFields = { source: sourceHash, reason: "the paper was withdrawn" };
 * ```
 */
export interface RetractionFields {
  /** The source withdrawn: its hash, 64 hex. */
  readonly source: string;
  /** Why, for people reading the trail. */
  readonly reason?: string;
  /** When it is withdrawn; now by default. */
  readonly timestamp?: TimeInput;
}

/**
 * A checked retraction, ready to sign (`signer.signRetraction`) or send unsigned.
 *
 * @example
 * ```ts
 * const retraction: RetractionDraft = buildRetraction({ source: sourceHash });
 * await client.retractSource(retraction.source, retraction);
 * ```
 */
export interface RetractionDraft extends RetractionInput {
  readonly source: string;
  readonly reason?: string;
  /** RFC 3339 UTC with milliseconds. */
  readonly timestamp: string;
}

/**
 * Checks a retraction with the server's rules and returns it with a `timestamp` (now when absent),
 * so that its hash is fixed and its write safe to resend. Throws `ValidationError` for what the
 * server would refuse.
 *
 * @example
 * ```ts
 * const retraction = buildRetraction({ source: sourceHash, reason: "the paper was withdrawn" });
 * await client.retractSource(retraction.source, await signer.signRetraction(retraction.source, retraction));
 * ```
 */
export function buildRetraction(fields: RetractionFields): RetractionDraft {
  const nowMs = Date.now();
  const source = parseHex(fields.source, "source", 32);
  const r = normalizeRetraction(
    {
      ...(fields.reason !== undefined ? { reason: fields.reason } : {}),
      timestamp: toTimestampInput(fields.timestamp, nowMs),
    },
    { nowMs, source },
  );
  return {
    source: r.source,
    ...(r.reason !== undefined ? { reason: r.reason } : {}),
    timestamp: formatTimestamp(r.timestampMs),
  };
}
