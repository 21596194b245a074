import type { Assertion, Tier } from "./assertion.ts";

/**
 * Records of the Shield that go through the log like any write, so that they are durable,
 * survive a rebuild of the store from the WAL, and (in a cluster) reach every node: a write held
 * in quarantine, an admin's decision on it, API keys and their revocation, and per-agent policy
 * (tier cap, hourly quota, ban). Their state is derived from the log in order, like trust.
 */

/** A write stored but held out of every read until an admin decides. */
export interface QuarantineHold {
  readonly assertion: Assertion;
  /** Machine-readable reason: `low_quality`, `near_duplicate`, `untrusted_high_confidence`, `pattern_match`. */
  readonly reason: string;
  /** The same for a person: what was measured and against which threshold. */
  readonly detail: string;
  readonly heldAtMs: number;
}

/** An admin's verdict on a held write: approve (indexed, visible) or reject (held for good). */
export interface QuarantineDecision {
  readonly kind: "quarantine_decision";
  readonly hash: string;
  readonly decision: "approve" | "reject";
  /** Who decided (the admin token's holder, or the API key id acting as admin). */
  readonly by: string;
  readonly note?: string;
  readonly atMs: number;
}

/** A new API key. Only a hash of the secret is ever recorded. */
export interface ApiKeyCreated {
  readonly kind: "api_key";
  /** Public id (`key_` + 16 hex), used to revoke the key and printed in logs. */
  readonly id: string;
  /** SHA-256 of the whole secret key, 64 hex. */
  readonly keyHash: string;
  /** The agent unsigned writes made with this key are attributed to. */
  readonly agentId?: string;
  readonly name?: string;
  /** The most authoritative tier writes with this key may claim. */
  readonly tierCap?: Tier;
  readonly createdAtMs: number;
}

export interface ApiKeyRevoked {
  readonly kind: "api_key_revoked";
  readonly id: string;
  readonly atMs: number;
}

/**
 * A change of one agent's policy. A field that is present replaces the current value; `null`
 * clears it back to the server default; an absent field is left as it was.
 */
export interface AgentPolicyChange {
  readonly kind: "agent_policy";
  readonly agentId: string;
  readonly tierCap?: Tier | null;
  readonly quotaPerHour?: number | null;
  readonly banned?: boolean;
  readonly atMs: number;
}

export type ControlRecord = QuarantineDecision | ApiKeyCreated | ApiKeyRevoked | AgentPolicyChange;
