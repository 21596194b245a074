import { AuthenticationError, PermissionError, ProofOfWorkRequiredError, QuotaError } from "../errors.ts";
import { ANONYMOUS_AGENT, TIER_NAMES, type Assertion, type Tier } from "../model/index.ts";
import type { RateLimitSetting, ShieldConfig } from "../ops/shield-config.ts";
import { GenerationalCache } from "../store/generational-cache.ts";
import type { ShieldState } from "../store/shield-state.ts";
import { tokenMatches } from "./admin-token.ts";
import { hashApiKey, looksLikeApiKey } from "./api-key.ts";
import { CircuitBreakers, type BreakerFailure } from "./circuit-breaker.ts";
import {
  ContentDefense,
  DEFAULT_CONTENT_DEFENSE,
  type ContentDefenseOptions,
  type Verdict,
} from "./content-defense.ts";
import { ProofOfWorkVerifier } from "./proof-of-work.ts";
import { QuotaMeter, operationCost, type MeteredOperation, type QuotaStatus } from "./quota-meter.ts";
import { RateLimiter } from "./rate-limiter.ts";

/** A request's screened writes: a verdict each, and `settle` once they are stored or not. */
export interface Screening {
  readonly verdicts: readonly Verdict[];
  settle(stored: boolean): void;
}

const PASS: Verdict = Object.freeze({ kind: "pass" });

/** Who is calling, from the request's headers (before the body is read). */
export interface Caller {
  /** The API key used, when there is one. */
  readonly keyId?: string;
  /** The key's agent, else the `X-Agent-Id` header. */
  readonly agentId?: string;
  /** The key's tier cap. */
  readonly keyTierCap?: Tier;
}

/** Which rate-limit class an endpoint belongs to. */
export type RouteClass = "write" | "read" | "admin";

export interface ShieldDeps {
  readonly config: ShieldConfig;
  readonly adminToken: string;
  readonly state: ShieldState;
  readonly trustOf: (agentId: string) => number;
  readonly assertionCountOf: (agentId: string) => number;
  /** Told of every refusal, by reason (`rate_limit`, `quota`, `circuit_breaker`, …), for metrics. */
  readonly onReject?: (reason: string) => void;
}

/**
 * The Shield: every admission decision of the server in one place, each driven by configuration
 * (`docs/security.md`). The HTTP layer asks it in order: who is calling, may this client send
 * that many requests, is the agent's breaker closed, has an unknown agent done its proof of work,
 * does the quota cover the cost; then, for a write, may the agent claim that tier, and is the
 * content fit to be read or held in quarantine. Refusals are thrown as the domain errors the one
 * error mapper turns into 401, 403, 428 and 429.
 */
export class Shield {
  readonly config: ShieldConfig;
  readonly state: ShieldState;
  readonly breakers: CircuitBreakers;
  readonly #deps: ShieldDeps;
  readonly #rates = new RateLimiter();
  readonly #quotas = new QuotaMeter();
  readonly #quotaListeners: ((agentId: string, cost: number, nowMs: number) => void)[] = [];
  readonly #pow = new ProofOfWorkVerifier({});
  /** Made with the first write screened: its near-duplicate index takes tens of megabytes. */
  #defense: ContentDefense | undefined;
  readonly #defenseOptions: ContentDefenseOptions;
  /** Agents seen to be past proof of work; the answer never goes back, so it is cached. */
  readonly #established = new Set<string>();
  /**
   * Hashes of the API keys presented lately, by key: hashing one costs a few µs on every request
   * otherwise. Only keys that exist are kept, so random tokens cannot push the real ones out;
   * whether a key is revoked is still read from the state on every request.
   */
  readonly #keyHashes = new GenerationalCache<string, string>({ maxWeight: 4_096, weigh: () => 1 });
  #lastTrust: { readonly agentId: string; readonly nowMs: number; readonly trust: number } | undefined;

  constructor(deps: ShieldDeps) {
    this.#deps = deps;
    this.config = deps.config;
    this.state = deps.state;
    const { breaker, quarantine } = deps.config;
    this.breakers = new CircuitBreakers(breaker);
    const now = Date.now();
    for (const policy of deps.state.policies()) if (policy.banned) this.syncBan(policy.agentId, now);
    this.#defenseOptions = { ...DEFAULT_CONTENT_DEFENSE, ...quarantine };
  }

  /**
   * The caller behind an `Authorization` header. With authentication on, a missing or unknown key
   * is 401 and a revoked one 403; with it off, a key is still honoured when given.
   */
  authenticate(authorization: string | undefined, agentHeader: string | undefined): Caller {
    const bearer = bearerToken(authorization);
    if (bearer === undefined) {
      if (this.config.authEnabled) {
        throw new AuthenticationError(
          "This server requires an API key: send Authorization: Bearer <key> (an admin creates keys with POST /v1/admin/api-keys)",
        );
      }
      return agentHeader === undefined ? {} : { agentId: agentHeader };
    }
    const key = this.#apiKey(bearer);
    if (key === undefined) {
      if (!this.config.authEnabled) return agentHeader === undefined ? {} : { agentId: agentHeader };
      throw new AuthenticationError("The API key is not valid: check it, or ask an admin for a new one");
    }
    if (key.revokedAtMs !== undefined) {
      throw new PermissionError(
        "api_key_revoked",
        `API key ${key.id} was revoked; ask an admin for a new one`,
      );
    }
    const agentId = key.agentId ?? agentHeader;
    return {
      keyId: key.id,
      ...(agentId !== undefined ? { agentId } : {}),
      ...(key.tierCap !== undefined ? { keyTierCap: key.tierCap } : {}),
    };
  }

  /** The stored key a bearer token is, if any. */
  #apiKey(bearer: string): ReturnType<ShieldState["apiKeyByHash"]> {
    const known = this.#keyHashes.get(bearer);
    if (known !== undefined) return this.state.apiKeyByHash(known);
    if (!looksLikeApiKey(bearer)) return undefined;
    const keyHash = hashApiKey(bearer);
    const key = this.state.apiKeyByHash(keyHash);
    if (key !== undefined) this.#keyHashes.set(bearer, keyHash);
    return key;
  }

  /** Admin endpoints always need the admin token, whatever else is configured. */
  requireAdmin(authorization: string | undefined): void {
    const bearer = bearerToken(authorization);
    if (bearer === undefined) {
      throw new AuthenticationError(
        "Admin endpoints need the admin token: send Authorization: Bearer <token> (STEMEDB_ADMIN_TOKEN, or the admin-token file in the data directory)",
      );
    }
    if (!tokenMatches(bearer, this.#deps.adminToken)) {
      this.#deps.onReject?.("admin_token");
      throw new PermissionError("admin_token_invalid", "The admin token is wrong");
    }
  }

  /** Token bucket per endpoint and client (the API key, else the remote address). */
  limitRate(route: string, routeClass: RouteClass, client: string, nowMs: number): void {
    if (!this.config.rateLimit.enabled) return;
    const limit = this.rateLimitOf(route, routeClass);
    const decision = this.#rates.take(route, client, limit, nowMs);
    if (decision.allowed) return;
    this.#deps.onReject?.("rate_limit");
    throw new QuotaError(
      `Too many requests to ${route} from this client (limit ${limit.perSecond}/s, burst ${limit.burst}); retry after ${decision.retryAfterSeconds} s`,
      decision.retryAfterSeconds,
      "rate_limited",
    );
  }

  rateLimitOf(route: string, routeClass: RouteClass): RateLimitSetting {
    const limits = this.config.rateLimit;
    return (
      limits.routes.get(route) ??
      (routeClass === "write" ? limits.writes : routeClass === "read" ? limits.reads : limits.admin)
    );
  }

  /** Refuses an agent whose breaker is open (or who is banned). */
  admitAgent(agentId: string, nowMs: number): void {
    if (!this.config.breaker.enabled && this.state.policy(agentId)?.banned !== true) return;
    const decision = this.breakers.admit(agentId, nowMs);
    if (decision.allowed) return;
    this.#deps.onReject?.("circuit_breaker");
    throw new QuotaError(
      decision.banned
        ? `Agent ${agentId} is banned by an admin`
        : `Agent ${agentId} failed too often (circuit breaker open); retry after ${decision.retryAfterSeconds} s`,
      decision.retryAfterSeconds,
      "circuit_open",
      { "x-circuit-breaker-state": "OPEN" },
    );
  }

  /**
   * Brings the agent's breaker in line with its logged policy: a ban is a policy record (durable,
   * kept by a rebuild); the breaker is where requests meet it. Lifting a ban closes the breaker.
   */
  syncBan(agentId: string, nowMs: number): void {
    if (this.state.policy(agentId)?.banned === true) this.breakers.ban(agentId, nowMs);
    else this.breakers.unban(agentId, nowMs);
  }

  /** A failed request counts against the agent's breaker (never against "anonymous"). */
  recordFailure(agentId: string | undefined, kind: BreakerFailure, nowMs: number): void {
    if (!this.config.breaker.enabled || agentId === undefined || agentId === ANONYMOUS_AGENT) return;
    this.breakers.recordFailure(agentId, kind, nowMs);
  }

  recordSuccess(agentId: string | undefined, nowMs: number): void {
    if (!this.config.breaker.enabled || agentId === undefined) return;
    this.breakers.recordSuccess(agentId, nowMs);
  }

  /**
   * Unknown agents (few visible assertions, trust below the exemption; "anonymous" always) must
   * send a proof of work with each write when proof of work is on.
   */
  requireProofOfWork(
    agentId: string,
    nonce: string | undefined,
    timestamp: string | undefined,
    nowMs: number,
  ): void {
    const pow = this.config.proofOfWork;
    if (!pow.enabled || this.#isEstablished(agentId)) return;
    const check = this.#pow.verify(agentId, pow.difficulty, nonce, timestamp, nowMs);
    if (check.ok) return;
    this.#deps.onReject?.("proof_of_work");
    throw new ProofOfWorkRequiredError(pow.difficulty, check.message);
  }

  /** What an operation costs against the hourly quota. */
  costOf(op: MeteredOperation, detail: { items?: number; payloadBytes?: number; lenses?: number }): number {
    return operationCost(this.config.quota.costs, op, detail);
  }

  quotaLimitOf(agentId: string): number {
    return this.state.policy(agentId)?.quotaPerHour ?? this.config.quota.perHour;
  }

  /** Refuses a request whose cost the agent's remaining quota cannot cover (nothing is charged). */
  checkQuota(agentId: string, cost: number, nowMs: number): QuotaStatus {
    const status = this.#quotas.status(agentId, this.quotaLimitOf(agentId), nowMs);
    if (!this.config.quota.enabled || cost <= status.remaining) return status;
    this.#deps.onReject?.("quota");
    const retryAfter = Math.max(1, Math.ceil((status.resetAtMs - nowMs) / 1000));
    throw new QuotaError(
      `Agent ${agentId} has ${status.remaining} of ${status.limit} quota tokens left this hour and this request costs ${cost}; the quota resets at ${new Date(status.resetAtMs).toISOString()}`,
      retryAfter,
      "quota_exceeded",
      quotaHeaders(status),
    );
  }

  /**
   * Charges a served request, even past the limit: requests in flight together all passed the
   * check, and what they cost is recorded so the next ones are refused. Returns the status for
   * the `X-Quota-*` headers.
   */
  chargeQuota(agentId: string, cost: number, nowMs: number): QuotaStatus {
    if (!this.config.quota.enabled) return this.#quotas.status(agentId, this.quotaLimitOf(agentId), nowMs);
    const status = this.#quotas.charge(agentId, cost, this.quotaLimitOf(agentId), nowMs, {
      evenOverLimit: true,
    });
    for (const listener of this.#quotaListeners) listener(agentId, cost, nowMs);
    return status;
  }

  /** Registers a listener told of every quota charge made here (a cluster shares them). */
  onQuotaCharged(listener: (agentId: string, cost: number, nowMs: number) => void): void {
    this.#quotaListeners.push(listener);
  }

  /**
   * Counts quota units another node of the cluster charged in the hour of `nowMs`, so that an
   * agent's quota is one across the nodes rather than one per node.
   */
  absorbQuotaUsage(agentId: string, units: number, nowMs: number): void {
    if (!this.config.quota.enabled) return;
    this.#quotas.charge(agentId, units, this.quotaLimitOf(agentId), nowMs, { evenOverLimit: true });
  }

  quotaStatus(agentId: string, nowMs: number): QuotaStatus {
    return this.#quotas.status(agentId, this.quotaLimitOf(agentId), nowMs);
  }

  /** The most authoritative tier the caller may claim, and who set that cap. */
  tierCapOf(caller: Caller, agentId: string): { cap: Tier; by: string } | undefined {
    const caps: { cap: Tier; by: string }[] = [];
    if (caller.keyTierCap !== undefined)
      caps.push({ cap: caller.keyTierCap, by: `API key ${caller.keyId ?? ""}` });
    const policy = this.state.policy(agentId)?.tierCap;
    if (policy !== undefined) caps.push({ cap: policy, by: `agent ${agentId}'s policy` });
    if (caps.length === 0 && this.config.defaultTierCap !== undefined)
      caps.push({ cap: this.config.defaultTierCap, by: "the server default (STEMEDB_DEFAULT_TIER_CAP)" });
    // Tiers count down to authority: the strictest cap is the highest number.
    return caps.sort((a, b) => b.cap - a.cap)[0];
  }

  /** 403 naming the cap when a write claims a more authoritative tier than the caller may. */
  checkTier(caller: Caller, assertion: Assertion, field: string): void {
    const cap = this.tierCapOf(caller, assertion.agentId);
    if (cap === undefined || assertion.authorityTier >= cap.cap) return;
    this.#deps.onReject?.("tier_cap");
    throw new PermissionError(
      "tier_not_allowed",
      `${field} is ${TIER_NAMES[assertion.authorityTier]}, but ${cap.by} caps writes at ${TIER_NAMES[cap.cap]} (tier ${cap.cap}): claim ${TIER_NAMES[cap.cap]} or a weaker tier`,
      field,
    );
  }

  /**
   * Whether each of a request's new writes is fit to be read or must be held in quarantine; the
   * caller settles the result once the writes are stored (their claims then count for
   * near-duplicates) or abandoned.
   *
   * In process, on the request's thread: a claim whose value its agent has not stated recently
   * costs about 7 µs. A worker thread was tried and measured slower at both single writes and
   * batches of 1,000: its messages and wake-ups cost more than the screening they moved.
   */
  screen(assertions: readonly Assertion[], nowMs: number): Screening {
    if (!this.config.quarantine.enabled || assertions.length === 0) {
      return { verdicts: assertions.map(() => PASS), settle: () => undefined };
    }
    const defense = (this.#defense ??= new ContentDefense(this.#defenseOptions));
    const verdicts = assertions.map((a) => defense.check(a, this.#trustAt(a.agentId, nowMs), nowMs));
    return {
      verdicts,
      settle: (stored) => {
        if (stored) for (const a of assertions) defense.remember(a, nowMs);
      },
    };
  }

  /**
   * The agent's trust, read from the store once per agent and millisecond: a batch screens all
   * its claims at one `nowMs`, mostly from one agent, and trust only moves after screening.
   */
  #trustAt(agentId: string, nowMs: number): number {
    const last = this.#lastTrust;
    if (last?.agentId === agentId && last.nowMs === nowMs) return last.trust;
    const trust = this.#deps.trustOf(agentId);
    this.#lastTrust = { agentId, nowMs, trust };
    return trust;
  }

  #isEstablished(agentId: string): boolean {
    if (agentId === ANONYMOUS_AGENT) return false;
    if (this.#established.has(agentId)) return true;
    const pow = this.config.proofOfWork;
    const established =
      this.#deps.trustOf(agentId) >= pow.exemptTrust ||
      this.#deps.assertionCountOf(agentId) >= pow.exemptAfter;
    if (established) this.#established.add(agentId);
    return established;
  }
}

/** `X-Quota-Limit`, `X-Quota-Remaining`, `X-Quota-Reset` (Unix seconds) for a quota status. */
export function quotaHeaders(status: QuotaStatus): Record<string, string> {
  return {
    "x-quota-limit": String(status.limit),
    "x-quota-remaining": String(status.remaining),
    "x-quota-reset": String(Math.ceil(status.resetAtMs / 1000)),
  };
}

function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return match?.[1];
}
