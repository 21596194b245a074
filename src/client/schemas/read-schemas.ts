import { Type } from "typebox";
import { Epoch, Retraction, SourceRecord } from "./record-schemas.ts";
import { Breaker, HeldWrite } from "./admin-schemas.ts";

// The read routes besides queries: provenance, the concept tree, agents, sources, changes. The
// server declares their parameters (repeated here, compared with the OpenAPI document by the
// conformance test) but not their answers, which follow the handlers in src/api/routes/.

/** `GET /v1/trace/{hash}` answer: where an assertion comes from and what happened to it since. */
export const Trace = Type.Object({
  assertion: Type.Ref("Assertion"),
  source: Type.Union([
    Type.Null(),
    Type.Object({
      uri: Type.Optional(Type.String()),
      hash: Type.Optional(Type.String()),
      registered: Type.Union([SourceRecord, Type.Null()]),
      retracted: Type.Boolean(),
      retractions: Type.Array(Retraction),
    }),
  ]),
  signers: Type.Array(Type.Object({ agent_id: Type.String(), trust: Type.Number() })),
  author: Type.Object({ agent_id: Type.String(), trust: Type.Number() }),
  parents: Type.Array(Type.Ref("Assertion")),
  children: Type.Array(Type.Ref("Assertion")),
  votes: Type.Array(
    Type.Object({ agent_id: Type.String(), weight: Type.Number(), voter_trust: Type.Number() }),
  ),
  epoch: Type.Union([
    Type.Null(),
    Type.Object({
      hash: Type.String(),
      record: Type.Union([Epoch, Type.Null()]),
      superseded: Type.Boolean(),
      superseded_by: Type.Array(Epoch),
    }),
  ]),
  quarantine: Type.Union([HeldWrite, Type.Null()]),
});

/** `GET /v1/concepts` parameters. */
export const ConceptParameters = Type.Object({ prefix: Type.Optional(Type.String()) });

/** `GET /v1/concepts` answer: one level of the concept tree. */
export const ConceptNode = Type.Object({
  prefix: Type.String(),
  predicates: Type.Array(Type.Object({ predicate: Type.String(), assertion_count: Type.Integer() })),
  children: Type.Array(
    Type.Object({
      name: Type.String(),
      concept_path: Type.String(),
      assertion_count: Type.Integer(),
      pair_count: Type.Integer(),
    }),
  ),
});

/** `GET /v1/agents/{agent_id}` answer. */
export const AgentInfo = Type.Object({
  agent_id: Type.String(),
  trust: Type.Number(),
  assertion_count: Type.Integer(),
  first_assertion_at: Type.Union([Type.String(), Type.Null()]),
  last_assertion_at: Type.Union([Type.String(), Type.Null()]),
  tier_cap: Type.Union([Type.String(), Type.Null()]),
  circuit_breaker: Breaker,
  quota: Type.Object({
    enabled: Type.Boolean(),
    limit: Type.Number(),
    used: Type.Number(),
    remaining: Type.Number(),
    reset_at: Type.String(),
  }),
});

/** `GET /v1/sources/{hash}` parameters. */
export const SourceParameters = Type.Object({ include_content: Type.Optional(Type.String()) });

/** `GET /v1/sources/{hash}` answer: `source` is null for a source known only by its retraction. */
export const SourceInfo = Type.Object({
  hash: Type.String(),
  source: Type.Union([SourceRecord, Type.Null()]),
  retracted: Type.Boolean(),
  retractions: Type.Array(Retraction),
});

/** `GET /v1/sources/{hash}/impact` answer: every assertion citing the source. */
export const SourceImpact = Type.Object({
  hash: Type.String(),
  retracted: Type.Boolean(),
  assertion_count: Type.Integer(),
  assertions: Type.Array(Type.Ref("Assertion")),
});

/** `GET /v1/changes` parameters. */
export const ChangesParameters = Type.Object({
  concept_path: Type.Optional(Type.String()),
  since: Type.String(),
  lens: Type.Optional(Type.String()),
  limit: Type.Optional(Type.String()),
});

const WinnerJson = Type.Union([Type.Object({ hash: Type.String(), value: Type.Ref("Value") }), Type.Null()]);

/** `GET /v1/changes` answer. */
export const Changes = Type.Object({
  since: Type.String(),
  until: Type.String(),
  lens: Type.String(),
  new_assertions: Type.Array(Type.Ref("Assertion")),
  changed_winners: Type.Array(
    Type.Object({
      concept_path: Type.String(),
      predicate: Type.String(),
      before: WinnerJson,
      after: WinnerJson,
    }),
  ),
});

/** `GET /v1/watch` parameters. */
export const WatchParameters = Type.Object({
  concept_path: Type.Optional(Type.String()),
  lens: Type.Optional(Type.String()),
});

/** The data of a `winner` event of `GET /v1/watch`. */
export const WinnerChange = Type.Object({
  concept_path: Type.String(),
  predicate: Type.String(),
  lens: Type.String(),
  winner: WinnerJson,
});
