import { Type } from "@fastify/type-provider-typebox";
import { Hash } from "./common.ts";

const Time = Type.Union([
  Type.String({ description: "RFC 3339" }),
  Type.Number({ description: "Unix seconds" }),
]);

const TaggedValue = Type.Object(
  {
    type: Type.Union([
      Type.Literal("text"),
      Type.Literal("number"),
      Type.Literal("boolean"),
      Type.Literal("reference"),
    ]),
    value: Type.Union([Type.String(), Type.Number(), Type.Boolean()]),
  },
  { $id: "Value", description: "A typed claim value; output is always this tagged form" },
);

const Source = Type.Object(
  {
    uri: Type.Optional(Type.String({ maxLength: 2048 })),
    hash: Type.Optional(Hash),
  },
  { $id: "Source", description: "Evidence: a URI, the BLAKE3 of its content, or both" },
);

const SignatureInput = Type.Object({
  agent_id: Hash,
  signature: Type.String({
    pattern: "^[0-9a-fA-F]{128}$",
    description: "Ed25519 signature over stemedb:v1:<hash>",
  }),
  timestamp: Type.Optional(Time),
});

/**
 * What a client may send. Deliberately loose on shapes the model accepts in several forms (a
 * value may be tagged, externally tagged or a bare scalar); the normaliser checks every rule and
 * names the field at fault, so this schema is mostly the documentation of the body.
 */
export const AssertionInput = Type.Object(
  {
    concept_path: Type.Optional(Type.String({ description: "What the claim is about: drug/aspirin/safety" })),
    subject: Type.Optional(Type.String({ description: "Original API name of concept_path" })),
    predicate: Type.String({ description: "The property claimed: gastroparesis_risk" }),
    value: Type.Optional(
      Type.Unknown({
        description: 'The claimed value: a scalar (true, 1.15, "RS256"), {type, value} or {"Number": 1.15}',
      }),
    ),
    object: Type.Optional(Type.Unknown({ description: "Original API name of value" })),
    confidence: Type.Number({ minimum: 0, maximum: 1, description: "The author's certainty, 0 to 1" }),
    authority_tier: Type.Optional(
      Type.Union([Type.String(), Type.Integer({ minimum: 0, maximum: 5 })], {
        description:
          "regulatory, clinical, observational, expert, community, anecdotal (or 0-5); default anecdotal",
      }),
    ),
    source_class: Type.Optional(
      Type.Union([Type.String(), Type.Integer()], { description: "Original API name of authority_tier" }),
    ),
    source: Type.Optional(Type.Ref("Source")),
    source_hash: Type.Optional(Hash),
    lifecycle: Type.Optional(
      Type.String({ description: "proposed (default), under_review, approved, deprecated, rejected" }),
    ),
    epoch: Type.Optional(Hash),
    parent: Type.Optional(Hash),
    parent_hash: Type.Optional(Hash),
    timestamp: Type.Optional(Time),
    signatures: Type.Optional(Type.Array(SignatureInput, { maxItems: 32 })),
    hash: Type.Optional(Hash),
    agent_id: Type.Optional(Type.String()),
  },
  { $id: "AssertionInput", additionalProperties: true },
);

const SignatureOutput = Type.Object({
  agent_id: Type.String(),
  signature: Type.String(),
  timestamp: Type.String(),
});

export const AssertionOutput = Type.Object(
  {
    hash: Type.String(),
    concept_path: Type.String(),
    predicate: Type.String(),
    value: Type.Ref("Value"),
    confidence: Type.Number(),
    authority_tier: Type.String(),
    source: Type.Optional(Type.Ref("Source")),
    lifecycle: Type.String(),
    epoch: Type.Optional(Type.String()),
    parent: Type.Optional(Type.String()),
    timestamp: Type.String({ description: "RFC 3339 UTC with milliseconds" }),
    agent_id: Type.String(),
    signatures: Type.Array(SignatureOutput),
  },
  { $id: "Assertion" },
);

export const WriteResult = Type.Object(
  {
    hash: Type.String(),
    status: Type.Union([
      Type.Literal("created"),
      Type.Literal("exists"),
      Type.Literal("cosigned"),
      Type.Literal("quarantined"),
    ]),
    reason: Type.Optional(Type.String()),
    seq: Type.Optional(
      Type.Integer({ description: "Log sequence of the write, to wait for on another node" }),
    ),
    assertion: Type.Ref("Assertion"),
  },
  { $id: "WriteResult" },
);

export const sharedSchemas = [TaggedValue, Source, AssertionInput, AssertionOutput, WriteResult];
