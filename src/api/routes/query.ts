import { Type, type FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { asOfJson, candidateToJson, resolutionToJson, valueShareToJson } from "../../query/answer-json.ts";
import type { Evidence } from "../../query/evidence.ts";
import { parseQuerySpec, type QuerySpec } from "../../query/query-spec.ts";
import { runQuery } from "../../query/run-query.ts";
import { NotFoundError, ValidationError } from "../../errors.ts";
import { formatTimestamp, parseHex, parseTimestamp } from "../../model/index.ts";
import { MAX_WEIGHTS, QueryAudit, type QueryAuditRecord } from "../../store/query-audit.ts";
import type { QueryAnswer } from "../../query/run-query.ts";
import { callerOf } from "../shield-hooks.ts";
import type { AppContext } from "../app-context.ts";
import { errorResponses } from "../schemas/common.ts";

const QueryParameters = Type.Object(
  {
    concept_path: Type.Optional(
      Type.String({ description: "Exact path, prefix/* for a subtree, * for everything" }),
    ),
    subject: Type.Optional(Type.String({ description: "Original API name of concept_path" })),
    predicate: Type.Optional(Type.String()),
    lens: Type.Optional(
      Type.String({
        description: "recency (default), confidence, consensus, authority, trust, vote, skeptic, layered",
      }),
    ),
    limit: Type.Optional(
      Type.Union([Type.Integer(), Type.String()], { description: "1 to 10,000 (default 100)" }),
    ),
    as_of: Type.Optional(
      Type.Union([Type.String(), Type.Number()], { description: "Time travel: RFC 3339 or Unix seconds" }),
    ),
    since: Type.Optional(Type.Union([Type.String(), Type.Number()])),
    lifecycle: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
    epoch_aware: Type.Optional(Type.Union([Type.Boolean(), Type.String()])),
    min_confidence: Type.Optional(Type.Union([Type.Number(), Type.String()])),
    authority_tier: Type.Optional(
      Type.Union([Type.String(), Type.Integer(), Type.Array(Type.Union([Type.String(), Type.Integer()]))]),
    ),
    agent_id: Type.Optional(Type.String()),
    include_retracted: Type.Optional(Type.Union([Type.Boolean(), Type.String()])),
    decay: Type.Optional(Type.Union([Type.Boolean(), Type.String()])),
    min_seq: Type.Optional(
      Type.Union([Type.Integer(), Type.String()], {
        description: "Answer only once this node has applied this log sequence (a write's seq, on any node)",
      }),
    ),
  },
  { additionalProperties: true },
);

const QueryResponse = Type.Object({
  query_id: Type.String(),
  lens: Type.String(),
  as_of: Type.String(),
  assertions: Type.Array(Type.Unknown()),
  resolutions: Type.Array(Type.Unknown()),
  truncated: Type.Boolean(),
});

export function queryRoutes(ctx: AppContext, evidence: Evidence): FastifyPluginAsyncTypebox {
  const answer = (spec: QuerySpec, parameters: unknown, agentId: string | undefined): object => {
    const began = performance.now();
    const nowMs = Date.now();
    const result = runQuery(ctx.db.store, evidence, spec, { nowMs });
    const queryId = QueryAudit.newQueryId(nowMs);
    const body = {
      query_id: queryId,
      lens: spec.lens,
      as_of: asOfJson(result.nowMs),
      assertions: result.assertions.map(candidateToJson),
      resolutions: result.pairs.map(resolutionToJson),
      truncated: result.truncated,
    };
    if (ctx.config.auditRetentionDays > 0) {
      ctx.db.store.audit.record(
        auditRecord(queryId, nowMs, agentId ?? "anonymous", spec, parameters, result),
      );
    }
    ctx.metrics?.queryLatency.observe((performance.now() - began) / 1000);
    return body;
  };

  return async (app) => {
    const schema = {
      tags: ["reads"],
      summary: "Query assertions through a lens",
      description:
        "Collects the candidates of every (concept_path, predicate) pair selected, applies the filters, decay and the lens. " +
        "A path with no assertions answers 200 with empty arrays.",
      response: { 200: QueryResponse, ...errorResponses },
    };
    app.post("/v1/query", { schema: { ...schema, body: QueryParameters } }, async (request) =>
      answer(parseQuerySpec(request.body, "body"), request.body, callerOf(request).agentId),
    );
    app.get("/v1/query", { schema: { ...schema, querystring: QueryParameters } }, async (request) =>
      answer(parseQuerySpec(request.query, "query"), request.query, callerOf(request).agentId),
    );

    app.get(
      "/v1/skeptic",
      {
        schema: {
          tags: ["reads"],
          summary: "Conflict analysis of one pair: every distinct value with its weight share",
          querystring: Type.Object({
            concept_path: Type.Optional(Type.String()),
            subject: Type.Optional(Type.String()),
            predicate: Type.String(),
            as_of: Type.Optional(Type.String()),
            include_retracted: Type.Optional(Type.String()),
            epoch_aware: Type.Optional(Type.String()),
          }),
          response: { 200: Type.Unknown(), ...errorResponses },
        },
      },
      async (request) => {
        const { concept_path: path, subject } = request.query;
        if ((path ?? subject) === undefined) {
          throw new ValidationError(
            "concept_path",
            "required",
            "concept_path is required: the path whose conflict to analyse",
          );
        }
        if ((path ?? subject ?? "").includes("*")) {
          throw new ValidationError(
            "concept_path",
            "bad_path",
            "skeptic analyses one exact pair: give a concept path without *",
          );
        }
        const spec = parseQuerySpec({ ...request.query, lens: "skeptic", limit: "10000" }, "query");
        const result = runQuery(ctx.db.store, evidence, spec, { nowMs: Date.now() });
        const pair = result.pairs[0];
        const conceptPath = spec.path.kind === "exact" ? spec.path.conceptPath : "";
        if (pair === undefined) {
          return {
            concept_path: conceptPath,
            predicate: spec.predicate,
            candidates_count: 0,
            values: [],
            conflict_score: 0,
            status: "unanimous",
          };
        }
        const r = pair.resolution;
        return {
          concept_path: pair.pair.conceptPath,
          predicate: pair.pair.predicate,
          as_of: asOfJson(result.nowMs),
          candidates_count: r.candidatesCount,
          values: (r.values ?? []).map(valueShareToJson),
          conflict_score: Math.round(r.conflictScore * 1e6) / 1e6,
          status: r.status,
        };
      },
    );

    app.get(
      "/v1/audit/queries",
      {
        schema: {
          tags: ["reads"],
          summary: "Recent queries, newest first: who asked what, and what answered",
          querystring: Type.Object({
            agent_id: Type.Optional(Type.String()),
            from: Type.Optional(Type.String({ description: "RFC 3339 or Unix seconds" })),
            to: Type.Optional(Type.String({ description: "RFC 3339 or Unix seconds" })),
            limit: Type.Optional(Type.String({ description: "1 to 1,000 (default 100)" })),
          }),
          response: { 200: Type.Unknown(), ...errorResponses },
        },
      },
      async (request) => {
        const { agent_id: agentId, from, to, limit } = request.query;
        if (agentId !== undefined && (agentId.length === 0 || agentId.length > 128)) {
          throw new ValidationError(
            "agent_id",
            "wrong_type",
            "agent_id must be an agent's 64-hex key or a name of 1 to 128 characters",
          );
        }
        const count = limit === undefined ? 100 : Number(limit);
        if (!Number.isInteger(count) || count < 1 || count > 1000) {
          throw new ValidationError("limit", "out_of_range", "limit must be a whole number from 1 to 1,000");
        }
        const time = (text: string, field: string): number =>
          parseTimestamp(/^\d+(\.\d+)?$/.test(text) ? Number(text) : text, field);
        const records = ctx.db.store.audit.list({
          limit: count,
          ...(agentId !== undefined ? { agentId } : {}),
          ...(from !== undefined ? { fromMs: time(from, "from") } : {}),
          ...(to !== undefined ? { toMs: time(to, "to") + 1 } : {}),
        });
        return { queries: records.map(auditToJson) };
      },
    );

    app.get(
      "/v1/audit/query/:query_id",
      {
        schema: {
          tags: ["reads"],
          summary: "One query's audit record: the candidates and weights behind each answer",
          params: Type.Object({ query_id: Type.String() }),
          response: { 200: Type.Unknown(), 404: Type.Ref("ErrorBody"), ...errorResponses },
        },
      },
      async (request) => {
        const queryId = parseHex(request.params.query_id, "query_id", 32);
        const record = ctx.db.store.audit.get(queryId);
        if (record === undefined) throw new NotFoundError(`No audited query has id ${queryId}`);
        return auditToJson(record);
      },
    );
  };
}

function auditRecord(
  queryId: string,
  atMs: number,
  agentId: string,
  spec: QuerySpec,
  parameters: unknown,
  result: QueryAnswer,
): QueryAuditRecord {
  return {
    queryId,
    atMs,
    agentId,
    lens: spec.lens,
    parameters: (typeof parameters === "object" && parameters !== null ? parameters : {}) as Record<
      string,
      unknown
    >,
    pairs: result.pairs.map(({ pair, resolution }) => ({
      conceptPath: pair.conceptPath,
      predicate: pair.predicate,
      winner: resolution.winner?.assertion.hash ?? null,
      conflictScore: resolution.conflictScore,
      candidatesCount: resolution.candidatesCount,
      weights: resolution.ranked
        .slice(0, MAX_WEIGHTS)
        .map((c) => [c.assertion.hash, resolution.weights.get(c.assertion.hash) ?? 0] as const),
    })),
  };
}

function auditToJson(record: QueryAuditRecord): object {
  return {
    query_id: record.queryId,
    at: formatTimestamp(record.atMs),
    agent_id: record.agentId,
    lens: record.lens,
    parameters: record.parameters,
    answers: record.pairs.map((p) => ({
      concept_path: p.conceptPath,
      predicate: p.predicate,
      winner: p.winner,
      conflict_score: p.conflictScore,
      candidates_count: p.candidatesCount,
      weights: p.weights.map(([hash, weight]) => ({ hash, weight })),
    })),
  };
}
