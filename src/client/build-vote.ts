import { formatTimestamp } from "../model/timestamp.ts";
import type { VoteInput } from "./api-types.ts";
import { toTimestampInput, type TimeInput } from "./time-input.ts";
import { normalizeVote } from "../model/vote.ts";

/**
 * What `buildVote` takes.
 *
 * @example
 * ```ts
 * const fields: VoteFields = { assertion: hash, weight: 0.8 };
 * ```
 */
export interface VoteFields {
  /** The assertion voted on, 64 hex. */
  readonly assertion: string;
  /** How strongly the voter backs it, 0 to 1; default 1. */
  readonly weight?: number;
  /** When the vote is cast; now by default. */
  readonly timestamp?: TimeInput;
}

/**
 * A checked vote, ready to sign (`signer.signVote`) or send unsigned.
 *
 * @example
 * ```ts
 * const vote: VoteDraft = buildVote({ assertion: hash });
 * vote.weight; // 1
 * ```
 */
export interface VoteDraft extends VoteInput {
  readonly assertion: string;
  readonly weight: number;
  /** RFC 3339 UTC with milliseconds. */
  readonly timestamp: string;
}

/**
 * Checks a vote with the server's rules and returns it in canonical spelling, with a `timestamp`
 * (now when absent) so that its hash is fixed and its write safe to resend. An agent's later vote
 * on the same assertion replaces its earlier one. Throws `ValidationError` for what the server
 * would refuse.
 *
 * @example
 * ```ts
 * const vote = buildVote({ assertion: result.hash, weight: 0.8 });
 * await client.vote(await signer.signVote(vote));
 * ```
 */
export function buildVote(fields: VoteFields): VoteDraft {
  const nowMs = Date.now();
  const v = normalizeVote(
    {
      assertion: fields.assertion,
      ...(fields.weight !== undefined ? { weight: fields.weight } : {}),
      timestamp: toTimestampInput(fields.timestamp, nowMs),
    },
    { nowMs },
  );
  return { assertion: v.assertion, weight: v.weight, timestamp: formatTimestamp(v.timestampMs) };
}
