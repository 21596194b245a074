import type { Server } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Logger as PinoLogger } from "pino";
import { ANONYMOUS_AGENT } from "../model/index.ts";
import type { BreakerFailure } from "../shield/circuit-breaker.ts";
import type { MeteredOperation } from "../shield/quota-meter.ts";
import { quotaHeaders, type Caller, type RouteClass, type Shield } from "../shield/shield.ts";
import { callerAgentId } from "./identity.ts";
import { bodyBytesOf } from "./json-body.ts";

/** How the Shield treats one endpoint. */
interface RouteProfile {
  readonly routeClass: RouteClass | "exempt";
  readonly op?: MeteredOperation;
}

const WRITE_OPS = new Map<string, MeteredOperation>([
  ["/v1/assert", "assert"],
  ["/v1/assertions", "assert"],
  ["/v1/assert/batch", "assert"],
  ["/v1/vote", "vote"],
  ["/v1/epoch", "record"],
  ["/v1/sources", "record"],
  ["/v1/sources/:hash/retract", "record"],
]);
/** Queries are reads whatever their method (`POST /v1/query` carries its parameters in a body). */
const QUERY_URLS = new Set(["/v1/query", "/v1/skeptic"]);
/** Never limited or authenticated: load balancers, scrapers and a browser opening the console carry no keys. */
const EXEMPT = new Set(["/v1/health", "/metrics", "/v1/openapi.json", "/", "/console/:file"]);

// Made once: profileOf runs on every request and allocates nothing.
const EXEMPT_PROFILE: RouteProfile = { routeClass: "exempt" };
const ADMIN_PROFILE: RouteProfile = { routeClass: "admin" };
const READ_PROFILE: RouteProfile = { routeClass: "read" };
const WRITE_PROFILE: RouteProfile = { routeClass: "write" };
const QUERY_PROFILE: RouteProfile = { routeClass: "read", op: "query" };
const WRITE_PROFILES = new Map<string, RouteProfile>(
  [...WRITE_OPS].map(([url, op]) => [url, { routeClass: "write", op }]),
);

function profileOf(method: string, url: string | undefined): RouteProfile {
  if (url === undefined) return READ_PROFILE;
  if (EXEMPT.has(url) || url.startsWith("/v1/docs")) return EXEMPT_PROFILE;
  if (url.startsWith("/v1/admin/")) return ADMIN_PROFILE;
  if (QUERY_URLS.has(url)) return QUERY_PROFILE;
  if (method === "GET" || method === "HEAD") return READ_PROFILE;
  return WRITE_PROFILES.get(url) ?? WRITE_PROFILE;
}

/** What the Shield learned about one request, from its headers and then its body. */
interface RequestShield {
  readonly caller: Caller;
  readonly profile: RouteProfile;
  /** Agent the request is metered to: the caller (key or X-Agent-Id), else the claimed signer, else anonymous. */
  acting?: string;
  /** The acting agent is only claimed by a signature in the body (verified when the write succeeds). */
  actingBySignature?: boolean;
  cost?: number;
}

const perRequest = new WeakMap<FastifyRequest, RequestShield>();

/** The caller of a request, as authenticated by the Shield (empty for exempt routes). */
export function callerOf(request: FastifyRequest): Caller {
  return perRequest.get(request)?.caller ?? {};
}

/**
 * Installs the Shield in front of every route: authentication and rate limits before the body
 * is read; breakers of claimed signers, proof of work and the quota check once it is parsed;
 * quota charging, `X-Quota-*` headers and breaker outcomes when the response is known.
 */
export function installShield(
  app: FastifyInstance<Server, IncomingMessage, ServerResponse, PinoLogger, TypeBoxTypeProvider>,
  shield: Shield,
): void {
  app.addHook("onRequest", async (request) => {
    const profile = profileOf(request.method, request.routeOptions.url);
    if (profile.routeClass === "exempt") return;
    const now = Date.now();
    const route = request.routeOptions.url ?? "unmatched";
    if (profile.routeClass === "admin") {
      shield.limitRate(route, "admin", request.ip, now);
      shield.requireAdmin(request.headers.authorization);
      return;
    }
    const caller = shield.authenticate(request.headers.authorization, callerAgentId(request));
    perRequest.set(request, { caller, profile });
    shield.limitRate(route, profile.routeClass, caller.keyId ?? request.ip, now);
    // Unidentified callers are "anonymous", which an admin may ban like any agent.
    shield.admitAgent(caller.agentId ?? ANONYMOUS_AGENT, now);
  });

  app.addHook("preHandler", async (request) => {
    const state = perRequest.get(request);
    const profile = state?.profile;
    if (state === undefined || profile?.op === undefined) return;
    const now = Date.now();
    const signers = claimedSigners(request.body);
    // A claimed signer is not verified yet: it may only be refused here (banned, breaker open),
    // never charged or blamed; the request is charged when it succeeds, that is once verified.
    for (const signer of signers) if (signer !== state.caller.agentId) shield.admitAgent(signer, now);
    const acting = state.caller.agentId ?? signers[0] ?? ANONYMOUS_AGENT;
    if (profile.routeClass === "write") {
      const pow = request.headers;
      shield.requireProofOfWork(acting, header(pow["x-pow-nonce"]), header(pow["x-pow-timestamp"]), now);
    }
    const cost = shield.costOf(profile.op, {
      items: itemCount(request.body),
      payloadBytes: bodyBytesOf(request),
      lenses: profile.op === "query" ? 1 : 0,
    });
    state.acting = acting;
    state.actingBySignature = state.caller.agentId === undefined && signers[0] !== undefined;
    state.cost = cost;
    shield.checkQuota(acting, cost, now);
  });

  app.addHook("onSend", async (request, reply, payload) => {
    const state = perRequest.get(request);
    if (state === undefined) return payload;
    const now = Date.now();
    const ok = reply.statusCode < 400;
    if (state.acting !== undefined && state.cost !== undefined) {
      // Anyone can resend a signed write the signer published; when that stores nothing new
      // (200), the signer is not charged for someone else's request.
      const replayed = state.actingBySignature === true && reply.statusCode === 200;
      const status =
        ok && !replayed
          ? shield.chargeQuota(state.acting, state.cost, now)
          : shield.quotaStatus(state.acting, now);
      reply.headers(quotaHeaders(status));
    }
    if (ok) {
      shield.recordSuccess(state.caller.agentId, now);
      if (state.acting !== state.caller.agentId) shield.recordSuccess(state.acting, now);
    } else {
      const failure = failureOf(reply, payload);
      if (failure !== undefined) shield.recordFailure(state.caller.agentId, failure, now);
    }
    return payload;
  });
}

/**
 * Which breaker failure a refused request counts as. Refusals by the limits themselves (rate
 * limit, open breaker) do not count: an open breaker must not keep itself open.
 */
function failureOf(reply: FastifyReply, payload: unknown): BreakerFailure | undefined {
  const status = reply.statusCode;
  if (status === 428) return "proof_of_work";
  if (status !== 400 && status !== 413 && status !== 429) return undefined;
  let code: unknown;
  try {
    code = typeof payload === "string" ? (JSON.parse(payload) as { error?: unknown }).error : undefined;
  } catch {
    code = undefined;
  }
  if (status === 429) return code === "quota_exceeded" ? "quota" : undefined;
  return code === "invalid_signature" ? "invalid_signature" : "validation";
}

/** Agent ids a body claims as signers, unverified: `signatures[].agent_id`, per batch item too. */
function claimedSigners(body: unknown): string[] {
  const found = new Set<string>();
  addClaimedSigners(body, found);
  const items = (body as { assertions?: unknown } | null)?.assertions;
  if (Array.isArray(items)) for (const item of items) addClaimedSigners(item, found);
  return [...found];
}

// A module function, not a closure made on every request.
function addClaimedSigners(item: unknown, found: Set<string>): void {
  if (typeof item !== "object" || item === null) return;
  const record = item as { signatures?: unknown; agent_id?: unknown; signature?: unknown };
  if (Array.isArray(record.signatures)) {
    const first = record.signatures[0] as { agent_id?: unknown } | undefined;
    if (typeof first?.agent_id === "string") found.add(first.agent_id.toLowerCase());
  }
  if (typeof record.signature === "string" && typeof record.agent_id === "string") {
    found.add(record.agent_id.toLowerCase());
  }
}

function itemCount(body: unknown): number {
  const items = (body as { assertions?: unknown } | null)?.assertions;
  return Array.isArray(items) ? items.length : 1;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
