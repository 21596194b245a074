import type * as Admin from "../schemas/admin-schemas.ts";
import type * as Operations from "../schemas/operation-schemas.ts";
import type { StaticOf } from "../schemas/shared-schemas.ts";

/**
 * `GET /v1/health` answer, with status 200 (healthy) or 503 (unhealthy, `reason` says why).
 *
 * @example
 * ```ts
 * const health: Health = await client.health();
 * ```
 */
export type Health = StaticOf<typeof Operations.Health>;

/**
 * `POST /v1/admin/backup` and `POST /v1/admin/wal/archive` body: an absolute directory on the server.
 *
 * @example
 * ```ts
 * const input: DirectoryInput = { to: "/var/backups/stemedb" };
 * ```
 */
export type DirectoryInput = StaticOf<typeof Operations.DirectoryInput>;

/**
 * A finished backup: its path and `backup-metadata.json` (counts, WAL position, file digests).
 *
 * @example
 * ```ts
 * const backup: BackupResult = await client.admin.backup();
 * ```
 */
export type BackupResult = StaticOf<typeof Operations.BackupResult>;

/**
 * A finished WAL archiving pass.
 *
 * @example
 * ```ts
 * const pass: WalArchiveResult = await client.admin.archiveWal();
 * ```
 */
export type WalArchiveResult = StaticOf<typeof Operations.WalArchiveResult>;

/**
 * A compacted store, swapped in at the next start, and the space it reclaims.
 *
 * @example
 * ```ts
 * const compacted: CompactResult = await client.admin.compact();
 * ```
 */
export type CompactResult = StaticOf<typeof Operations.CompactResult>;

/**
 * A store rebuilt from the WAL, swapped in at the next start.
 *
 * @example
 * ```ts
 * const rebuilt: RebuildResult = await client.admin.rebuildIndexes();
 * ```
 */
export type RebuildResult = StaticOf<typeof Operations.RebuildResult>;

/**
 * `GET /v1/admin/quarantine` parameters.
 *
 * @example
 * ```ts
 * const parameters: QuarantineParameters = { state: "all", limit: "50" };
 * ```
 */
export type QuarantineParameters = StaticOf<typeof Admin.QuarantineParameters>;

/**
 * The held writes and how many are pending.
 *
 * @example
 * ```ts
 * const { pending_count }: QuarantineList = await client.admin.quarantine();
 * ```
 */
export type QuarantineList = StaticOf<typeof Admin.QuarantineList>;

/**
 * A write held in quarantine, and the admin's decision once made.
 *
 * @example
 * ```ts
 * const held: HeldWrite = await client.admin.approve(hash);
 * ```
 */
export type HeldWrite = StaticOf<typeof Admin.HeldWrite>;

/**
 * One agent's circuit breaker.
 *
 * @example
 * ```ts
 * const breaker: Breaker = await client.admin.resetBreaker("clumsy-agent");
 * ```
 */
export type Breaker = StaticOf<typeof Admin.Breaker>;

/**
 * The breakers worth a look (open, half-open, banned, recent failures) and counts by state.
 *
 * @example
 * ```ts
 * const { counts }: BreakerList = await client.admin.circuitBreakers();
 * ```
 */
export type BreakerList = StaticOf<typeof Admin.BreakerList>;

/**
 * `POST /v1/admin/api-keys` body.
 *
 * @example
 * ```ts
 * const input: ApiKeyInput = { agent_id: "ingest-bot", name: "nightly ingest", tier_cap: "expert" };
 * ```
 */
export type ApiKeyInput = StaticOf<typeof Admin.ApiKeyInput>;

/**
 * An API key's settings (never its secret).
 *
 * @example
 * ```ts
 * const revoked: ApiKey = await client.admin.revokeApiKey(id);
 * ```
 */
export type ApiKey = StaticOf<typeof Admin.ApiKey>;

/**
 * A new API key: its settings and, this once, the secret `key`.
 *
 * @example
 * ```ts
 * const { key }: CreatedApiKey = await client.admin.createApiKey({ agent_id: "ingest-bot" });
 * ```
 */
export type CreatedApiKey = StaticOf<typeof Admin.CreatedApiKey>;

/**
 * Every API key.
 *
 * @example
 * ```ts
 * const { api_keys }: ApiKeyList = await client.admin.listApiKeys();
 * ```
 */
export type ApiKeyList = StaticOf<typeof Admin.ApiKeyList>;

/**
 * `PUT /v1/admin/agents/{agent_id}` body: `null` resets a field to the server's default.
 *
 * @example
 * ```ts
 * const policy: AgentPolicyInput = { tier_cap: "community", quota_per_hour: null };
 * ```
 */
export type AgentPolicyInput = StaticOf<typeof Admin.AgentPolicyInput>;

/**
 * An agent's policy as admins set it.
 *
 * @example
 * ```ts
 * const policy: AgentPolicy = await client.admin.setAgentPolicy("ingest-bot", { banned: false });
 * ```
 */
export type AgentPolicy = StaticOf<typeof Admin.AgentPolicy>;
