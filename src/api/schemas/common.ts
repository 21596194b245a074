import { Type } from "@fastify/type-provider-typebox";

export const Hash = Type.String({
  pattern: "^[0-9a-fA-F]{64}$",
  description: "64 hex characters (BLAKE3-256 content hash, or an Ed25519 public key as agent id)",
});

export const ErrorBody = Type.Object(
  {
    error: Type.String({
      description: "Machine-readable code, e.g. validation_failed, not_found, rate_limited",
    }),
    message: Type.String({ description: "What is wrong and what to do, for a person" }),
    field: Type.Optional(Type.String({ description: "JSON path of the field at fault" })),
    reason: Type.Optional(
      Type.String({ description: "Why the field is wrong, e.g. out_of_range, required" }),
    ),
    difficulty: Type.Optional(
      Type.Integer({ description: "428 only: leading zero bits the proof of work must have" }),
    ),
    request_id: Type.String(),
  },
  { $id: "ErrorBody", description: "Every error response has this body" },
);

/** The error responses every endpoint may give, for the OpenAPI document. */
export const errorResponses = {
  400: Type.Ref("ErrorBody"),
  401: Type.Ref("ErrorBody"),
  403: Type.Ref("ErrorBody"),
  413: Type.Ref("ErrorBody"),
  428: Type.Ref("ErrorBody"),
  429: Type.Ref("ErrorBody"),
  503: Type.Ref("ErrorBody"),
};
