import { StemeApiError } from "../client/api-error.ts";
import type { ClusterMember, Health } from "../client/api-types.ts";
import { StemeClient } from "../client/steme-client.ts";
import { describeCliError } from "./cli-error.ts";

/** How long `stemedb cluster` waits for a member's health: a node that takes longer is unreachable. */
const HEALTH_TIMEOUT_MS = 5_000;

/** A client of one node, with the API key of `STEMEDB_API_KEY` (the cluster's reads need it with auth on). */
export function nodeClient(
  url: string,
  options: { readonly retries?: number; readonly timeoutMs?: number; readonly adminToken?: string } = {},
): StemeClient {
  return new StemeClient({ baseUrl: url, apiKey: process.env["STEMEDB_API_KEY"], ...options });
}

/** The members `url` knows; a node that runs alone (cluster mode off) is its own only member. */
export interface KnownMembers {
  readonly alone: boolean;
  readonly members: readonly ClusterMember[];
}

/**
 * Asks `url` for the cluster's members. A node that runs alone answers 404 `not_found`; it is
 * then described from its health, so `status` and `verify` work on it too (a restored copy, a
 * single node before it joins a cluster).
 */
export async function knownMembers(url: string): Promise<KnownMembers> {
  const client = nodeClient(url, { retries: 1 });
  try {
    return { alone: false, members: (await client.clusterMembers()).members };
  } catch (error) {
    if (!(error instanceof StemeApiError && error.status === 404 && error.code === "not_found")) throw error;
  }
  const health = await client.health();
  const now = Date.now();
  const member: ClusterMember = {
    id: health.node_id,
    url,
    version: health.version,
    applied_seq: health.applied_seq,
    started_at: new Date(now - health.uptime_seconds * 1000).toISOString(),
    updated_at: new Date(now).toISOString(),
  };
  return { alone: true, members: [member] };
}

/** A member's own answer to `GET /v1/health` (200 or 503), or why none came. */
export type MemberHealth =
  | { readonly kind: "answered"; readonly health: Health }
  | { readonly kind: "unreachable"; readonly error: string };

/** Every member's health, asked at the member's own URL, in the members' order. */
export function memberHealths(members: readonly ClusterMember[]): Promise<MemberHealth[]> {
  return Promise.all(
    members.map(async (member): Promise<MemberHealth> => {
      try {
        const health = await nodeClient(member.url, { retries: 0, timeoutMs: HEALTH_TIMEOUT_MS }).health();
        return { kind: "answered", health };
      } catch (error) {
        return { kind: "unreachable", error: describeCliError(error) };
      }
    }),
  );
}

/** A number as people read it: `1,234`. */
export function counted(n: number): string {
  return n.toLocaleString("en-US");
}
