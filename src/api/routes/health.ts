import { Type, type FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ClusterHealth } from "../../client/schemas/cluster-schemas.ts";
import type { AppContext } from "../app-context.ts";

const Health = Type.Object({
  status: Type.Union([Type.Literal("healthy"), Type.Literal("unhealthy")]),
  version: Type.String(),
  uptime_seconds: Type.Integer(),
  assertion_count: Type.Integer(),
  wal_segments: Type.Integer(),
  node_id: Type.String(),
  ready: Type.Boolean(),
  applied_seq: Type.Integer({ description: "Last WAL record applied to the store" }),
  writable: Type.Boolean({ description: "Writes are taken; false while the disk is full or storage failed" }),
  reason: Type.Optional(
    Type.String({ description: "Why the node cannot serve, or cannot take writes while it serves reads" }),
  ),
  cluster: Type.Optional(ClusterHealth),
});

/**
 * `GET /v1/health`: cheap by design (counters only, no scans) so a load balancer's 3-second
 * check is answered in microseconds even under load. A full disk is not unhealthy: the node still
 * answers reads, so it stays in rotation and says `writable: false`; a shutdown, a failure that
 * needs a restart, and a cluster node catching up or lagging beyond the limit are a 503.
 */
export function healthRoutes(ctx: AppContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/v1/health",
      {
        schema: {
          tags: ["operations"],
          summary: "Liveness and readiness",
          response: { 200: Health, 503: Health },
        },
      },
      async (_request, reply) => {
        const cluster = ctx.cluster?.health;
        // A node catching up or lagging answers 503 so the load balancer routes around it.
        const failure = ctx.state.draining
          ? "shutting down"
          : (ctx.db.restartRequired?.message ?? cluster?.reason);
        const reason = failure ?? ctx.db.writeRefusal?.message;
        const body = {
          status: failure === undefined ? ("healthy" as const) : ("unhealthy" as const),
          version: ctx.version,
          uptime_seconds: Math.floor((performance.now() - ctx.startedAt) / 1000),
          assertion_count: ctx.db.store.assertionCount,
          wal_segments: ctx.db.walSegments,
          node_id: ctx.config.nodeId,
          ready: failure === undefined,
          applied_seq: ctx.db.store.appliedSeq,
          writable: reason === undefined,
          ...(reason !== undefined ? { reason } : {}),
          ...(cluster !== undefined ? { cluster } : {}),
        };
        if (failure !== undefined) reply.header("retry-after", "5");
        return reply.status(failure === undefined ? 200 : 503).send(body);
      },
    );

    app.get(
      "/metrics",
      { schema: { tags: ["operations"], summary: "Prometheus metrics", hide: false } },
      async (_request, reply) => {
        if (ctx.metrics === undefined) {
          return reply.status(404).send({
            error: "not_found",
            message: "Metrics are off (STEMEDB_METER_ENABLED=false)",
            request_id: _request.id,
          });
        }
        const text = await ctx.metrics.registry.metrics();
        return reply.type(ctx.metrics.registry.contentType).send(text);
      },
    );
  };
}
