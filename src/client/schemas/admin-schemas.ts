import { Type } from "typebox";

// The admin API (src/api/routes/admin.ts). Bodies and query strings repeat the server's inline
// schemas (compared with the OpenAPI document by the conformance test); the answers, which the
// server does not declare, follow its `…ToJson` functions.

/** `GET /v1/admin/quarantine` parameters. */
export const QuarantineParameters = Type.Object({
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
});

/** A write held in quarantine, and the admin's decision once made (`heldToJson`). */
export const HeldWrite = Type.Object({
  hash: Type.String(),
  state: Type.Union([Type.Literal("pending"), Type.Literal("approved"), Type.Literal("rejected")]),
  reason: Type.String(),
  detail: Type.String(),
  agent_id: Type.String(),
  held_at: Type.String(),
  decided_at: Type.Optional(Type.String()),
  decided_by: Type.Optional(Type.String()),
  note: Type.Optional(Type.String()),
  assertion: Type.Ref("Assertion"),
});

/** `GET /v1/admin/quarantine` answer. */
export const QuarantineList = Type.Object({
  pending_count: Type.Integer(),
  quarantined: Type.Array(HeldWrite),
});

/** The optional body of an approval or rejection: why, kept with the decision. */
export const DecisionInput = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) });

const BreakerState = Type.Union([Type.Literal("CLOSED"), Type.Literal("OPEN"), Type.Literal("HALF_OPEN")]);

/** One agent's circuit breaker (`breakerToJson`). */
export const Breaker = Type.Object({
  agent_id: Type.String(),
  state: BreakerState,
  banned: Type.Boolean(),
  failures: Type.Integer(),
  last_failure: Type.Union([Type.String(), Type.Null()]),
  opened_at: Type.Union([Type.String(), Type.Null()]),
  retry_at: Type.Union([Type.String(), Type.Null()]),
  rejected: Type.Integer(),
});

/** `GET /v1/admin/circuit_breakers` answer. */
export const BreakerList = Type.Object({
  circuit_breakers: Type.Array(Breaker),
  counts: Type.Object({ CLOSED: Type.Integer(), OPEN: Type.Integer(), HALF_OPEN: Type.Integer() }),
});

/** `POST /v1/admin/api-keys` body. */
export const ApiKeyInput = Type.Object(
  {
    agent_id: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    name: Type.Optional(Type.String({ maxLength: 200 })),
    tier_cap: Type.Optional(Type.Union([Type.String(), Type.Integer()])),
  },
  { additionalProperties: false },
);

/** An API key's settings (`apiKeyToJson`); its secret is never stored. */
export const ApiKey = Type.Object({
  id: Type.String(),
  agent_id: Type.Union([Type.String(), Type.Null()]),
  name: Type.Union([Type.String(), Type.Null()]),
  tier_cap: Type.Union([Type.String(), Type.Null()]),
  created_at: Type.String(),
  revoked_at: Type.Union([Type.String(), Type.Null()]),
});

/** `POST /v1/admin/api-keys` answer: the settings and, this once, the secret `key`. */
export const CreatedApiKey = Type.Intersect([ApiKey, Type.Object({ key: Type.String() })]);

/** `GET /v1/admin/api-keys` answer. */
export const ApiKeyList = Type.Object({ api_keys: Type.Array(ApiKey) });

/** `PUT /v1/admin/agents/{agent_id}` body: `null` resets a field to the server's default. */
export const AgentPolicyInput = Type.Object(
  {
    tier_cap: Type.Optional(Type.Union([Type.String(), Type.Integer(), Type.Null()])),
    quota_per_hour: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
    banned: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** An agent's policy as set by admins (`policyToJson`). */
export const AgentPolicy = Type.Object({
  agent_id: Type.String(),
  tier_cap: Type.Union([Type.String(), Type.Null()]),
  quota_per_hour: Type.Union([Type.Integer(), Type.Null()]),
  banned: Type.Boolean(),
  updated_at: Type.String(),
});
