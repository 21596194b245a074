import type { ApiCall } from "./api-call.ts";
import type {
  AgentPolicy,
  AgentPolicyInput,
  ApiKey,
  ApiKeyInput,
  ApiKeyList,
  BackupResult,
  Breaker,
  BreakerList,
  CompactResult,
  CreatedApiKey,
  DirectoryInput,
  HeldWrite,
  QuarantineList,
  QuarantineParameters,
  RebuildResult,
  ShardRepairResult,
  WalArchiveResult,
} from "./api-types.ts";
import type { RequestOptions } from "./client-options.ts";
import type { HttpTransport } from "./http-transport.ts";
import { readJson } from "./read-body.ts";

/**
 * The admin API (`/v1/admin/*`): quarantine review, circuit breakers, API keys, agent policy,
 * operations on the running server and the repair of a cluster node's shard. Every call sends `ClientOptions.adminToken` (else `apiKey`)
 * as the bearer token. Reached as `client.admin`.
 *
 * @example
 * ```ts
 * const client = new StemeClient({ baseUrl: "http://127.0.0.1:18180", adminToken: process.env.STEMEDB_ADMIN_TOKEN });
 * const { quarantined } = await client.admin.quarantine();
 * for (const held of quarantined) await client.admin.approve(held.hash, { note: "checked by hand" });
 * ```
 */
export class AdminClient {
  readonly #transport: HttpTransport;

  /** Made by `StemeClient`; use `client.admin`. */
  constructor(transport: HttpTransport) {
    this.#transport = transport;
  }

  /**
   * `GET /v1/admin/quarantine`: writes held for review, newest first (`state` `pending` by default).
   *
   * @example
   * ```ts
   * const { pending_count, quarantined } = await client.admin.quarantine({ state: "all", limit: "50" });
   * ```
   */
  quarantine(parameters: QuarantineParameters = {}, options: RequestOptions = {}): Promise<QuarantineList> {
    return this.#call(
      { method: "GET", path: "/v1/admin/quarantine", query: parameters, idempotent: true },
      options,
    );
  }

  /**
   * `POST /v1/admin/quarantine/{hash}/approve`: the held write is indexed and readable from now on.
   * A decision is final: deciding again is a 409.
   *
   * @example
   * ```ts
   * const held = await client.admin.approve(hash, { note: "source checked" });
   * held.state; // "approved"
   * ```
   */
  approve(
    hash: string,
    decision: { readonly note?: string } = {},
    options: RequestOptions = {},
  ): Promise<HeldWrite> {
    return this.#decide(hash, "approve", decision, options);
  }

  /**
   * `POST /v1/admin/quarantine/{hash}/reject`: the held write stays out of every read, and its
   * author's trust drops. A decision is final: deciding again is a 409.
   *
   * @example
   * ```ts
   * await client.admin.reject(hash, { note: "spam" });
   * ```
   */
  reject(
    hash: string,
    decision: { readonly note?: string } = {},
    options: RequestOptions = {},
  ): Promise<HeldWrite> {
    return this.#decide(hash, "reject", decision, options);
  }

  /**
   * `GET /v1/admin/circuit_breakers`: agents whose breaker is open, half-open, banned, or has
   * recent failures, and counts by state.
   *
   * @example
   * ```ts
   * const { circuit_breakers, counts } = await client.admin.circuitBreakers();
   * counts.OPEN; // agents refused right now
   * ```
   */
  circuitBreakers(options: RequestOptions = {}): Promise<BreakerList> {
    return this.#call({ method: "GET", path: "/v1/admin/circuit_breakers", idempotent: true }, options);
  }

  /**
   * `POST /v1/admin/circuit_breakers/{agent_id}/ban`: every request the agent makes or signs is
   * refused (429, breaker open) until it is unbanned.
   *
   * @example
   * ```ts
   * (await client.admin.ban("spammer")).banned; // true
   * ```
   */
  ban(agentId: string, options: RequestOptions = {}): Promise<Breaker> {
    return this.#breaker(agentId, "ban", options);
  }

  /**
   * `POST /v1/admin/circuit_breakers/{agent_id}/unban`: lifts a ban and closes the agent's breaker.
   *
   * @example
   * ```ts
   * (await client.admin.unban("spammer")).state; // "CLOSED"
   * ```
   */
  unban(agentId: string, options: RequestOptions = {}): Promise<Breaker> {
    return this.#breaker(agentId, "unban", options);
  }

  /**
   * `POST /v1/admin/circuit_breakers/{agent_id}/reset`: closes the agent's breaker and forgets its
   * failures (a ban stays).
   *
   * @example
   * ```ts
   * (await client.admin.resetBreaker("clumsy-agent")).failures; // 0
   * ```
   */
  resetBreaker(agentId: string, options: RequestOptions = {}): Promise<Breaker> {
    return this.#breaker(agentId, "reset", options);
  }

  /**
   * `POST /v1/admin/api-keys`: a new API key; its secret `key` is in this answer only. Never
   * retried after a network error: a second attempt would make a second key.
   *
   * @example
   * ```ts
   * const { id, key } = await client.admin.createApiKey({ agent_id: "ingest-bot", tier_cap: "expert" });
   * ```
   */
  createApiKey(input: ApiKeyInput = {}, options: RequestOptions = {}): Promise<CreatedApiKey> {
    return this.#call(
      { method: "POST", path: "/v1/admin/api-keys", body: input, idempotent: false },
      options,
    );
  }

  /**
   * `GET /v1/admin/api-keys`: every API key's settings (never the secrets).
   *
   * @example
   * ```ts
   * const { api_keys } = await client.admin.listApiKeys();
   * api_keys.filter((k) => k.revoked_at === null);
   * ```
   */
  listApiKeys(options: RequestOptions = {}): Promise<ApiKeyList> {
    return this.#call({ method: "GET", path: "/v1/admin/api-keys", idempotent: true }, options);
  }

  /**
   * `DELETE /v1/admin/api-keys/{id}`: revokes a key; requests with it get 403 from now on.
   *
   * @example
   * ```ts
   * (await client.admin.revokeApiKey(id)).revoked_at; // now
   * ```
   */
  revokeApiKey(id: string, options: RequestOptions = {}): Promise<ApiKey> {
    const call: ApiCall = {
      method: "DELETE",
      path: `/v1/admin/api-keys/${encodeURIComponent(id)}`,
      idempotent: true,
    };
    return this.#call(call, options);
  }

  /**
   * `PUT /v1/admin/agents/{agent_id}`: sets an agent's tier cap, hourly quota or ban; `null` resets
   * a field to the server's default.
   *
   * @example
   * ```ts
   * await client.admin.setAgentPolicy("ingest-bot", { tier_cap: "community", quota_per_hour: 10_000 });
   * ```
   */
  setAgentPolicy(
    agentId: string,
    policy: AgentPolicyInput,
    options: RequestOptions = {},
  ): Promise<AgentPolicy> {
    const path = `/v1/admin/agents/${encodeURIComponent(agentId)}`;
    return this.#call({ method: "PUT", path, body: policy, idempotent: true }, options);
  }

  /**
   * `POST /v1/admin/backup`: an online, consistent backup into `to` (an absolute directory on the
   * server; `STEMEDB_BACKUP_DIR` when absent). Resolves when it is complete and fsynced.
   *
   * @example
   * ```ts
   * const backup = await client.admin.backup({ to: "/var/backups/stemedb" }, { timeoutMs: 0 });
   * backup.path; // "/var/backups/stemedb/stemedb-backup-20260211-143000"
   * ```
   */
  backup(input: DirectoryInput = {}, options: RequestOptions = {}): Promise<BackupResult> {
    // Not resent after a network error: each attempt would write a backup of its own.
    return this.#call({ method: "POST", path: "/v1/admin/backup", body: input, idempotent: false }, options);
  }

  /**
   * `POST /v1/admin/wal/archive`: archives the WAL now (into `STEMEDB_WAL_ARCHIVE_DIR`, or `to`).
   *
   * @example
   * ```ts
   * const pass = await client.admin.archiveWal();
   * pass.sealed; // segments copied by this pass
   * ```
   */
  archiveWal(input: DirectoryInput = {}, options: RequestOptions = {}): Promise<WalArchiveResult> {
    // Resending is safe: a pass copies only what the archive does not hold yet.
    return this.#call(
      { method: "POST", path: "/v1/admin/wal/archive", body: input, idempotent: true },
      options,
    );
  }

  /**
   * `POST /v1/admin/compact`: writes a compacted copy of the store, swapped in at the next start.
   *
   * @example
   * ```ts
   * (await client.admin.compact({ timeoutMs: 0 })).reclaimed_bytes;
   * ```
   */
  compact(options: RequestOptions = {}): Promise<CompactResult> {
    return this.#call({ method: "POST", path: "/v1/admin/compact", idempotent: false }, options);
  }

  /**
   * `POST /v1/admin/indexes/rebuild`: rebuilds the store from the WAL beside the live one, swapped
   * in at the next start.
   *
   * @example
   * ```ts
   * (await client.admin.rebuildIndexes({ timeoutMs: 0 })).applied_seq;
   * ```
   */
  rebuildIndexes(options: RequestOptions = {}): Promise<RebuildResult> {
    return this.#call({ method: "POST", path: "/v1/admin/indexes/rebuild", idempotent: false }, options);
  }

  /**
   * `POST /v1/admin/cluster/repair`: replays one shard (`ab`, two lowercase hex digits: the hashes
   * starting with it) from the cluster's stream into this node's store. What the store has changes
   * nothing; what it lost comes back (`restored`). Find the shards to repair by comparing the
   * members' `clusterDigest()`s (`stemedb cluster verify --repair` does). A node that runs alone
   * answers 404 (`not_found`).
   *
   * @example
   * ```ts
   * const repaired = await new StemeClient({ baseUrl: member.url, adminToken }).admin.repairShard("ab");
   * repaired.restored; // records the node had lost
   * ```
   */
  repairShard(shard: string, options: RequestOptions = {}): Promise<ShardRepairResult> {
    // Resending is safe: a replay applies what is missing, and nothing twice.
    const call = {
      method: "POST",
      path: "/v1/admin/cluster/repair",
      body: { shard },
      idempotent: true,
    } as const;
    return this.#call(call, options);
  }

  #call<T>(call: Omit<ApiCall, "admin">, options: RequestOptions): Promise<T> {
    return this.#transport.send({ ...call, admin: true }, options, readJson<T>);
  }

  #decide(
    hash: string,
    decision: "approve" | "reject",
    body: { readonly note?: string },
    options: RequestOptions,
  ): Promise<HeldWrite> {
    // Not resent after a network error: a decision is final, so a second one answers 409.
    const path = `/v1/admin/quarantine/${encodeURIComponent(hash)}/${decision}`;
    return this.#call({ method: "POST", path, body, idempotent: false }, options);
  }

  #breaker(agentId: string, action: "ban" | "unban" | "reset", options: RequestOptions): Promise<Breaker> {
    // Resending is safe: each sets the breaker to a state, the same however often it is set.
    const path = `/v1/admin/circuit_breakers/${encodeURIComponent(agentId)}/${action}`;
    return this.#call({ method: "POST", path, idempotent: true }, options);
  }
}
