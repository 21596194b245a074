import { Type } from "typebox";

// The query routes' schemas. `QueryParameters` and the skeptic's query string repeat the server's
// inline schemas (src/api/routes/query.ts does not export them); the conformance test compares
// them with the OpenAPI document. Where the server declares only `unknown` (the items of
// `assertions` and `resolutions`, the skeptic's answer), these schemas are the SDK's reading of
// what the handlers return, checked against real answers by the client's tests.

const Time = Type.Union([Type.String(), Type.Number()]);

/** `POST /v1/query` body, `GET /v1/query` parameters. */
export const QueryParameters = Type.Object(
  {
    concept_path: Type.Optional(Type.String()),
    subject: Type.Optional(Type.String()),
    predicate: Type.Optional(Type.String()),
    lens: Type.Optional(Type.String()),
    limit: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
    as_of: Type.Optional(Time),
    since: Type.Optional(Time),
    lifecycle: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
    epoch_aware: Type.Optional(Type.Union([Type.Boolean(), Type.String()])),
    min_confidence: Type.Optional(Type.Union([Type.Number(), Type.String()])),
    authority_tier: Type.Optional(
      Type.Union([Type.String(), Type.Integer(), Type.Array(Type.Union([Type.String(), Type.Integer()]))]),
    ),
    agent_id: Type.Optional(Type.String()),
    include_retracted: Type.Optional(Type.Union([Type.Boolean(), Type.String()])),
    decay: Type.Optional(Type.Union([Type.Boolean(), Type.String()])),
    min_seq: Type.Optional(Type.Union([Type.Integer(), Type.String()])),
  },
  { additionalProperties: true },
);

const ResolutionStatus = Type.Union([
  Type.Literal("unanimous"),
  Type.Literal("agreed"),
  Type.Literal("contested"),
]);

/** One distinct value of a pair with its weight: the skeptic's unit (`valueShareToJson`). */
export const ValueShare = Type.Object({
  value: Type.Ref("Value"),
  weight: Type.Number(),
  share: Type.Number(),
  supporters: Type.Integer(),
  assertions: Type.Array(Type.String()),
  best_tier: Type.String(),
});

/** One tier's own answer in the `layered` lens. */
export const TierLayer = Type.Object({
  tier: Type.String(),
  winner: Type.Union([Type.String(), Type.Null()]),
  value: Type.Union([Type.Ref("Value"), Type.Null()]),
  candidates_count: Type.Integer(),
  conflict_score: Type.Number(),
  status: ResolutionStatus,
});

/** A lens's answer for one (concept_path, predicate) pair. */
export const Resolution = Type.Object({
  concept_path: Type.String(),
  predicate: Type.String(),
  winner: Type.Union([Type.String(), Type.Null()]),
  value: Type.Union([Type.Ref("Value"), Type.Null()]),
  candidates_count: Type.Integer(),
  resolution_confidence: Type.Union([Type.Number(), Type.Null()]),
  conflict_score: Type.Number(),
  status: ResolutionStatus,
  values: Type.Optional(Type.Array(ValueShare)),
  layers: Type.Optional(Type.Array(TierLayer)),
  fallback: Type.Optional(Type.Literal("consensus")),
});

/** An assertion as a query returns it: decayed confidence and reader flags beside the stored claim. */
export const Candidate = Type.Intersect([
  Type.Ref("Assertion"),
  Type.Object({
    effective_confidence: Type.Number(),
    flags: Type.Array(Type.String({ description: "epoch_superseded, source_retracted" })),
  }),
]);

/** `POST /v1/query` answer. */
export const QueryResponse = Type.Object({
  query_id: Type.String(),
  lens: Type.String(),
  as_of: Type.String(),
  assertions: Type.Array(Candidate),
  resolutions: Type.Array(Resolution),
  truncated: Type.Boolean(),
});

/** `GET /v1/skeptic` parameters. */
export const SkepticParameters = Type.Object({
  concept_path: Type.Optional(Type.String()),
  subject: Type.Optional(Type.String()),
  predicate: Type.String(),
  as_of: Type.Optional(Type.String()),
  include_retracted: Type.Optional(Type.String()),
  epoch_aware: Type.Optional(Type.String()),
});

/** `GET /v1/skeptic` answer: `as_of` is absent when the pair has no claims. */
export const SkepticAnalysis = Type.Object({
  concept_path: Type.String(),
  predicate: Type.String(),
  as_of: Type.Optional(Type.String()),
  candidates_count: Type.Integer(),
  values: Type.Array(ValueShare),
  conflict_score: Type.Number(),
  status: ResolutionStatus,
});

/** `GET /v1/audit/queries` parameters. */
export const AuditQueryParameters = Type.Object({
  agent_id: Type.Optional(Type.String()),
  from: Type.Optional(Type.String()),
  to: Type.Optional(Type.String()),
  limit: Type.Optional(Type.String()),
});

/** One audited query: who asked what, and which assertions with which weights answered. */
export const AuditedQuery = Type.Object({
  query_id: Type.String(),
  at: Type.String(),
  agent_id: Type.String(),
  lens: Type.String(),
  parameters: Type.Record(Type.String(), Type.Unknown()),
  answers: Type.Array(
    Type.Object({
      concept_path: Type.String(),
      predicate: Type.String(),
      winner: Type.Union([Type.String(), Type.Null()]),
      conflict_score: Type.Number(),
      candidates_count: Type.Integer(),
      weights: Type.Array(Type.Object({ hash: Type.String(), weight: Type.Number() })),
    }),
  ),
});

/** `GET /v1/audit/queries` answer, newest first. */
export const AuditedQueries = Type.Object({ queries: Type.Array(AuditedQuery) });
