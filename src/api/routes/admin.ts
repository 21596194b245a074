import { Type, type FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ConflictError, NotFoundError, ValidationError } from "../../errors.ts";
import { TIER_NAMES, formatTimestamp, parseHex, parseTier, type Tier } from "../../model/index.ts";
import { generateApiKey } from "../../shield/api-key.ts";
import type { BreakerSnapshot } from "../../shield/circuit-breaker.ts";
import type { AgentPolicy, ApiKeyEntry, HoldState } from "../../store/shield-state.ts";
import type { AppContext } from "../app-context.ts";
import { heldToJson } from "../held-json.ts";
import { errorResponses } from "../schemas/common.ts";

const ADMIN = "admin";
const AGENT_ID = /^[\x21-\x7e]{1,128}$/;

const adminErrors = { 404: Type.Ref("ErrorBody"), 409: Type.Ref("ErrorBody"), ...errorResponses };

/**
 * The admin API (`/v1/admin/*`), always behind the admin token (the Shield's hook checks it
 * before any of these run): quarantine review, circuit breakers, API keys and agent policy.
 * Every change is a record in the log, so it is durable and survives a rebuild.
 */
export function adminRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const shield = ctx.shield;

    app.get(
      "/v1/admin/quarantine",
      {
        schema: {
          tags: ["admin"],
          summary: "Writes held in quarantine, newest first",
          querystring: Type.Object({
            state: Type.Optional(
              Type.Union([
                Type.Literal("pending"),
                Type.Literal("approved"),
                Type.Literal("rejected"),
                Type.Literal("all"),
              ]),
            ),
            include_reviewed: Type.Optional(Type.Union([Type.Literal("true"), Type.Literal("false")])),
            limit: Type.Optional(Type.String({ pattern: "^[0-9]{1,5}$" })),
          }),
          response: { 200: Type.Unknown(), ...errorResponses },
        },
      },
      async (request) => {
        const limit = Math.min(Number(request.query.limit ?? 100), 10_000);
        const wanted = request.query.state ?? "pending";
        const state: HoldState | undefined =
          request.query.include_reviewed === "true" || wanted === "all" ? undefined : wanted;
        const held = ctx.db.store.shield.listHeld({ limit, ...(state !== undefined ? { state } : {}) });
        return {
          pending_count: ctx.db.store.shield.pendingCount,
          quarantined: held.map((h) => heldToJson(h)),
        };
      },
    );

    for (const decision of ["approve", "reject"] as const) {
      app.post(
        `/v1/admin/quarantine/:hash/${decision}`,
        {
          schema: {
            tags: ["admin"],
            summary:
              decision === "approve"
                ? "Approve a held write: it is indexed and visible to reads from now on"
                : "Reject a held write: it stays out of every read, and its author's trust drops",
            params: Type.Object({ hash: Type.String() }),
            response: { 200: Type.Unknown(), ...adminErrors },
          },
        },
        async (request) => {
          const hash = parseHex(request.params.hash, "hash", 32);
          const held = ctx.db.store.shield.held(hash);
          if (held === undefined) throw new NotFoundError(`No write with hash ${hash} is held in quarantine`);
          if (held.state !== "pending") throw alreadyDecided(hash, held.state);
          const note = decisionNote(request.body);
          const result = await ctx.db.appendControl({
            kind: "quarantine_decision",
            hash,
            decision,
            by: ADMIN,
            ...(note !== undefined ? { note } : {}),
            atMs: Date.now(),
          });
          const after = ctx.db.store.shield.held(hash);
          // Two admins deciding at once: the log orders them, the second finds it decided.
          if (result.status !== "created" || after === undefined)
            throw alreadyDecided(hash, after?.state ?? "decided");
          if (decision === "approve") ctx.metrics?.assertionsTotal.inc();
          return heldToJson(after);
        },
      );
    }

    app.get(
      "/v1/admin/circuit_breakers",
      {
        schema: {
          tags: ["admin"],
          summary: "Agents whose circuit breaker is open, half-open, banned or has recent failures",
          response: { 200: Type.Unknown(), ...errorResponses },
        },
      },
      async () => {
        const now = Date.now();
        return {
          circuit_breakers: shield.breakers.list(now).map(breakerToJson),
          counts: shield.breakers.counts(now),
        };
      },
    );

    for (const action of ["ban", "unban", "reset"] as const) {
      app.post(
        `/v1/admin/circuit_breakers/:agent_id/${action}`,
        {
          schema: {
            tags: ["admin"],
            summary:
              action === "ban"
                ? "Ban an agent: every request it makes or signs is refused (429, circuit open) until unbanned"
                : action === "unban"
                  ? "Lift a ban and close the agent's breaker"
                  : "Close the agent's breaker and forget its failures (a ban stays)",
            params: Type.Object({ agent_id: Type.String() }),
            response: { 200: Type.Unknown(), ...errorResponses },
          },
        },
        async (request) => {
          const agentId = agentIdParam(request.params.agent_id);
          const now = Date.now();
          if (action === "reset") shield.breakers.reset(agentId, now);
          else {
            await ctx.db.appendControl({
              kind: "agent_policy",
              agentId,
              banned: action === "ban",
              atMs: now,
            });
            shield.syncBan(agentId, now);
          }
          return breakerToJson(shield.breakers.get(agentId, now));
        },
      );
    }

    app.post(
      "/v1/admin/api-keys",
      {
        schema: {
          tags: ["admin"],
          summary: "Create an API key; the secret is in this response only",
          body: Type.Object(
            {
              agent_id: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
              name: Type.Optional(Type.String({ maxLength: 200 })),
              tier_cap: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
            },
            { additionalProperties: false },
          ),
          response: { 201: Type.Unknown(), ...errorResponses },
        },
      },
      async (request, reply) => {
        const { agent_id: agentIdText, name, tier_cap: tierCapText } = request.body;
        const agentId = agentIdText === undefined ? undefined : agentIdParam(agentIdText, "agent_id");
        const tierCap = tierCapText === undefined ? undefined : parseTier(tierCapText, "tier_cap");
        const key = generateApiKey();
        const createdAtMs = Date.now();
        await ctx.db.appendControl({
          kind: "api_key",
          id: key.id,
          keyHash: key.keyHash,
          ...(agentId !== undefined ? { agentId } : {}),
          ...(name !== undefined ? { name } : {}),
          ...(tierCap !== undefined ? { tierCap } : {}),
          createdAtMs,
        });
        const entry = ctx.db.store.shield.apiKey(key.id);
        if (entry === undefined) throw new Error(`API key ${key.id} was logged but is not in the store`);
        return reply.status(201).send({ ...apiKeyToJson(entry), key: key.secret });
      },
    );

    app.get(
      "/v1/admin/api-keys",
      {
        schema: {
          tags: ["admin"],
          summary: "Every API key (ids and settings; secrets are never stored)",
          response: { 200: Type.Unknown(), ...errorResponses },
        },
      },
      async () => ({ api_keys: ctx.db.store.shield.apiKeys().map(apiKeyToJson) }),
    );

    app.delete(
      "/v1/admin/api-keys/:id",
      {
        schema: {
          tags: ["admin"],
          summary: "Revoke an API key: requests with it get 403 from now on",
          params: Type.Object({ id: Type.String() }),
          response: { 200: Type.Unknown(), ...adminErrors },
        },
      },
      async (request) => {
        const id = request.params.id;
        if (ctx.db.store.shield.apiKey(id) === undefined) throw new NotFoundError(`No API key has id ${id}`);
        await ctx.db.appendControl({ kind: "api_key_revoked", id, atMs: Date.now() });
        const entry = ctx.db.store.shield.apiKey(id);
        if (entry === undefined) throw new NotFoundError(`No API key has id ${id}`);
        return apiKeyToJson(entry);
      },
    );

    app.put(
      "/v1/admin/agents/:agent_id",
      {
        schema: {
          tags: ["admin"],
          summary: "Set an agent's tier cap, hourly quota or ban (null resets a field to the server default)",
          params: Type.Object({ agent_id: Type.String() }),
          body: Type.Object(
            {
              tier_cap: Type.Optional(Type.Union([Type.String(), Type.Integer(), Type.Null()])),
              quota_per_hour: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
              banned: Type.Optional(Type.Boolean()),
            },
            { additionalProperties: false },
          ),
          response: { 200: Type.Unknown(), ...errorResponses },
        },
      },
      async (request) => {
        const agentId = agentIdParam(request.params.agent_id);
        const body = request.body;
        const tierCap: Tier | null | undefined =
          body.tier_cap === undefined || body.tier_cap === null
            ? body.tier_cap
            : parseTier(body.tier_cap, "tier_cap");
        const now = Date.now();
        await ctx.db.appendControl({
          kind: "agent_policy",
          agentId,
          ...(tierCap !== undefined ? { tierCap } : {}),
          ...(body.quota_per_hour !== undefined ? { quotaPerHour: body.quota_per_hour } : {}),
          ...(body.banned !== undefined ? { banned: body.banned } : {}),
          atMs: now,
        });
        if (body.banned !== undefined) shield.syncBan(agentId, now);
        return policyToJson(
          ctx.db.store.shield.policy(agentId) ?? { agentId, banned: false, updatedAtMs: now },
        );
      },
    );
  };
}

/** The optional `{"note": "…"}` body of a decision; no body at all is fine. */
function decisionNote(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  const note = typeof body === "object" ? (body as { note?: unknown }).note : body;
  if (note === undefined) return undefined;
  if (typeof note !== "string" || note.length > 2000) {
    throw new ValidationError(
      "note",
      "wrong_type",
      'The body may only be {"note": "<why, up to 2000 characters>"}',
    );
  }
  return note;
}

function alreadyDecided(hash: string, state: string): ConflictError {
  return new ConflictError(`The held write ${hash} was already decided (${state}); a decision is final`);
}

function agentIdParam(text: string, field = "agent_id"): string {
  if (!AGENT_ID.test(text)) {
    throw new ValidationError(
      field,
      "bad_format",
      `${field} must be an agent's 64-hex key or a name of 1 to 128 printable characters`,
    );
  }
  return /^[0-9A-Fa-f]{64}$/.test(text) ? text.toLowerCase() : text;
}

export function breakerToJson(b: BreakerSnapshot): Record<string, unknown> {
  return {
    agent_id: b.agentId,
    state: b.state,
    banned: b.banned,
    failures: b.failures,
    last_failure: b.lastFailure ?? null,
    opened_at: b.openedAtMs === undefined ? null : formatTimestamp(b.openedAtMs),
    retry_at: b.retryAtMs === undefined ? null : formatTimestamp(b.retryAtMs),
    rejected: b.rejected,
  };
}

function apiKeyToJson(k: ApiKeyEntry): Record<string, unknown> {
  return {
    id: k.id,
    agent_id: k.agentId ?? null,
    name: k.name ?? null,
    tier_cap: k.tierCap === undefined ? null : TIER_NAMES[k.tierCap],
    created_at: formatTimestamp(k.createdAtMs),
    revoked_at: k.revokedAtMs === undefined ? null : formatTimestamp(k.revokedAtMs),
  };
}

export function policyToJson(p: AgentPolicy): Record<string, unknown> {
  return {
    agent_id: p.agentId,
    tier_cap: p.tierCap === undefined ? null : TIER_NAMES[p.tierCap],
    quota_per_hour: p.quotaPerHour ?? null,
    banned: p.banned,
    updated_at: formatTimestamp(p.updatedAtMs),
  };
}
