import { Type, type FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ValidationError } from "../../errors.ts";
import { TIER_NAMES, formatTimestamp, parseConceptPath } from "../../model/index.ts";
import { conceptTree } from "../../query/concept-tree.ts";
import type { AppContext } from "../app-context.ts";
import { breakerToJson } from "./admin.ts";
import { errorResponses } from "../schemas/common.ts";

/** Browsing what is stored: the concept tree and agents. */
export function catalogRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/v1/concepts",
      {
        schema: {
          tags: ["reads"],
          summary: "One level of the concept tree below a prefix, with counts",
          querystring: Type.Object({
            prefix: Type.Optional(Type.String({ description: "A concept path; empty for the root" })),
          }),
          response: { 200: Type.Unknown(), ...errorResponses },
        },
      },
      async (request) => {
        const raw = request.query.prefix?.replace(/\/\*?$/, "") ?? "";
        const prefix = raw === "" ? "" : parseConceptPath(raw, "prefix");
        const node = conceptTree(ctx.db.store, prefix);
        return {
          prefix: node.conceptPath,
          predicates: node.predicates.map((p) => ({
            predicate: p.predicate,
            assertion_count: p.assertionCount,
          })),
          children: node.children.map((c) => ({
            name: c.name,
            concept_path: c.conceptPath,
            assertion_count: c.assertionCount,
            pair_count: c.pairCount,
          })),
        };
      },
    );

    app.get(
      "/v1/agents/:agent_id",
      {
        schema: {
          tags: ["reads"],
          summary: "An agent: trust, counts, tier cap, circuit breaker and quota",
          params: Type.Object({ agent_id: Type.String() }),
          response: { 200: Type.Unknown(), ...errorResponses },
        },
      },
      async (request) => {
        const agentId = request.params.agent_id;
        if (agentId.length === 0 || agentId.length > 128) {
          throw new ValidationError(
            "agent_id",
            "wrong_type",
            "agent_id must be an agent's 64-hex key or name",
          );
        }
        const id = /^[0-9A-Fa-f]{64}$/.test(agentId) ? agentId.toLowerCase() : agentId;
        const newest = first(ctx.db.store.scanAgent(id, { reverse: true }));
        const oldest = first(ctx.db.store.scanAgent(id));
        const now = Date.now();
        const shield = ctx.shield;
        const cap = shield.tierCapOf({}, id);
        const quota = shield.quotaStatus(id, now);
        return {
          agent_id: id,
          trust: ctx.evidence.trustOf(id),
          assertion_count: ctx.db.store.countAgent(id),
          first_assertion_at: oldest === undefined ? null : formatTimestamp(oldest.timestampMs),
          last_assertion_at: newest === undefined ? null : formatTimestamp(newest.timestampMs),
          tier_cap: cap === undefined ? null : TIER_NAMES[cap.cap],
          circuit_breaker: breakerToJson(shield.breakers.get(id, now)),
          quota: {
            enabled: shield.config.quota.enabled,
            limit: quota.limit,
            used: quota.used,
            remaining: quota.remaining,
            reset_at: formatTimestamp(quota.resetAtMs),
          },
        };
      },
    );
  };
}

/** The first item, closing the iterator (and its store cursor) right after. */
function first<T>(items: Iterable<T>): T | undefined {
  for (const item of items) return item;
  return undefined;
}
