import { blake3Hex } from "../model/content-hash.ts";
import { normalizeEpoch } from "../model/epoch.ts";
import { parseHex } from "../model/hex.ts";
import { normalizeRetraction } from "../model/retraction.ts";
import type { EpochInput, RetractionInput, VoteInput } from "./api-types.ts";
import { requireTimestamp } from "./require-timestamp.ts";
import { normalizeVote } from "../model/vote.ts";

/**
 * The content hash the server will give this vote. The voter is content: a signed vote names it
 * in `agent_id`; for an unsigned one pass the identity the server will see (`X-Agent-Id` or the API
 * key's agent), else it is `anonymous`. Needs the vote's `timestamp`.
 *
 * @example
 * ```ts
 * hashVote({ assertion: "6145…eb87", agent_id: "d75a…511a", weight: 0.85, timestamp: "2026-02-11T15:00:00Z", signature: "6c17…6a07" });
 * // "f67c76aeb8e155fd306e5fa38c429126eed44268e1f189403d93a12e0df1afad"
 * ```
 */
export function hashVote(vote: VoteInput, caller?: { readonly agentId?: string }): string {
  requireTimestamp(vote, "vote");
  const agentId = caller?.agentId;
  return normalizeVote(vote, { nowMs: Date.now(), ...(agentId !== undefined ? { agentId } : {}) }).hash;
}

/**
 * The content hash the server will give this epoch (its name, description, sorted `supersedes`
 * and time; not its signatures). Needs the epoch's `timestamp`.
 *
 * @example
 * ```ts
 * hashEpoch({ name: "guidelines-2026", supersedes: [], timestamp: "2026-01-01T00:00:00Z" }); // 64 hex
 * ```
 */
export function hashEpoch(epoch: EpochInput): string {
  requireTimestamp(epoch, "epoch");
  return normalizeEpoch(epoch, { nowMs: Date.now() }).hash;
}

/**
 * The content hash the server will give the retraction of source `source` (64 hex). Needs the
 * retraction's `timestamp`.
 *
 * @example
 * ```ts
 * hashRetraction(sourceHash, { reason: "withdrawn", timestamp: "2026-03-01T00:00:00Z" }); // 64 hex
 * ```
 */
export function hashRetraction(source: string, retraction: RetractionInput): string {
  requireTimestamp(retraction, "retraction");
  return normalizeRetraction(retraction, { nowMs: Date.now(), source: parseHex(source, "source", 32) }).hash;
}

/**
 * A source's identity, the hash assertions cite as `source.hash`: BLAKE3-256 of its content bytes
 * (text is hashed as UTF-8), 64 lowercase hex.
 *
 * @example
 * ```ts
 * hashSource(""); // "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262"
 * ```
 */
export function hashSource(content: string | Uint8Array): string {
  return blake3Hex(typeof content === "string" ? new TextEncoder().encode(content) : content);
}
