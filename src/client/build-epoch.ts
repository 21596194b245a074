import { normalizeEpoch } from "../model/epoch.ts";
import { formatTimestamp } from "../model/timestamp.ts";
import type { EpochInput } from "./api-types.ts";
import { toTimestampInput, type TimeInput } from "./time-input.ts";

/**
 * What `buildEpoch` takes.
 *
 * @example
 * ```ts
 * const fields: EpochFields = { name: "guidelines-2026", supersedes: [oldEpochHash] };
 * ```
 */
export interface EpochFields {
  /** A short label: `guidelines-2026` (the epoch is named by its hash). */
  readonly name: string;
  readonly description?: string;
  /** The epochs this one replaces, 64 hex each: their claims drop out of epoch-aware queries. */
  readonly supersedes?: readonly string[];
  /** When the epoch is declared; now by default. */
  readonly timestamp?: TimeInput;
}

/**
 * A checked epoch, ready to sign (`signer.signEpoch`) or send unsigned.
 *
 * @example
 * ```ts
 * const epoch: EpochDraft = buildEpoch({ name: "guidelines-2026" });
 * epoch.supersedes; // []
 * ```
 */
export interface EpochDraft extends EpochInput {
  readonly name: string;
  readonly description?: string;
  /** Lower case, sorted: the order the hash uses. */
  readonly supersedes: string[];
  /** RFC 3339 UTC with milliseconds. */
  readonly timestamp: string;
}

/**
 * Checks an epoch with the server's rules and returns it in canonical spelling, with a
 * `timestamp` (now when absent) so that its hash is fixed and its write safe to resend. Throws
 * `ValidationError` for what the server would refuse.
 *
 * @example
 * ```ts
 * const epoch = buildEpoch({ name: "guidelines-2026", description: "after the 2026 review", supersedes: [oldEpochHash] });
 * const { hash } = await client.declareEpoch(await signer.signEpoch(epoch));
 * ```
 */
export function buildEpoch(fields: EpochFields): EpochDraft {
  const nowMs = Date.now();
  const e = normalizeEpoch(
    {
      name: fields.name,
      ...(fields.description !== undefined ? { description: fields.description } : {}),
      supersedes: fields.supersedes ?? [],
      timestamp: toTimestampInput(fields.timestamp, nowMs),
    },
    { nowMs },
  );
  return {
    name: e.name,
    ...(e.description !== undefined ? { description: e.description } : {}),
    supersedes: [...e.supersedes],
    timestamp: formatTimestamp(e.timestampMs),
  };
}
