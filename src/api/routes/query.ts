import { randomBytes } from "node:crypto";
import { Type, type FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { asOfJson, candidateToJson, resolutionToJson, valueShareToJson } from "../../query/answer-json.ts";
import type { Evidence } from "../../query/evidence.ts";
import { parseQuerySpec, type QuerySpec } from "../../query/query-spec.ts";
import { runQuery } from "../../query/run-query.ts";
import { ValidationError } from "../../errors.ts";
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
  const answer = (spec: QuerySpec): object => {
    const began = performance.now();
    const result = runQuery(ctx.db.store, evidence, spec, { nowMs: Date.now() });
    const body = {
      query_id: randomBytes(32).toString("hex"),
      lens: spec.lens,
      as_of: asOfJson(result.nowMs),
      assertions: result.assertions.map(candidateToJson),
      resolutions: result.pairs.map(resolutionToJson),
      truncated: result.truncated,
    };
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
      answer(parseQuerySpec(request.body, "body")),
    );
    app.get("/v1/query", { schema: { ...schema, querystring: QueryParameters } }, async (request) =>
      answer(parseQuerySpec(request.query, "query")),
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
  };
}
