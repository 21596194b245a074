import { Type, type TSchema } from "typebox";

// Votes, epochs, sources and retractions. The server takes any JSON object for these bodies and
// declares no answer schema (src/api/routes/records.ts); the model normalises the bodies, so these
// schemas follow src/model (vote.ts, epoch.ts, source-record.ts, retraction.ts) and their `…Json`
// output types, which the client's type tests hold them to.

const Hash = Type.String({ pattern: "^[0-9a-fA-F]{64}$" });
const Time = Type.Union([Type.String(), Type.Number()]);
const TierInput = Type.Union([Type.String(), Type.Integer()]);

const SignatureInput = Type.Object({
  agent_id: Hash,
  signature: Type.String({ pattern: "^[0-9a-fA-F]{128}$" }),
  timestamp: Type.Optional(Time),
});

const SignatureJson = Type.Object({
  agent_id: Type.String(),
  signature: Type.String(),
  timestamp: Type.String(),
});

/** `POST /v1/vote` body (`assertion_hash` is the original API's name of `assertion`). */
export const VoteInput = Type.Object({
  assertion: Type.Optional(Hash),
  assertion_hash: Type.Optional(Hash),
  weight: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
  agent_id: Type.Optional(Type.String()),
  timestamp: Type.Optional(Time),
  signature: Type.Optional(Type.String({ pattern: "^[0-9a-fA-F]{128}$" })),
  hash: Type.Optional(Hash),
});

/** A vote as the API prints it (`VoteJson`). */
export const Vote = Type.Object({
  hash: Type.String(),
  assertion: Type.String(),
  agent_id: Type.String(),
  weight: Type.Number(),
  timestamp: Type.String(),
  signature: Type.Optional(Type.String()),
});

/** `POST /v1/epoch` body. */
export const EpochInput = Type.Object({
  name: Type.String(),
  description: Type.Optional(Type.String()),
  supersedes: Type.Optional(Type.Array(Hash)),
  timestamp: Type.Optional(Time),
  signatures: Type.Optional(Type.Array(SignatureInput)),
  hash: Type.Optional(Hash),
  agent_id: Type.Optional(Type.String()),
});

/** An epoch as the API prints it (`EpochJson`). */
export const Epoch = Type.Object({
  hash: Type.String(),
  name: Type.String(),
  description: Type.Optional(Type.String()),
  supersedes: Type.Array(Type.String()),
  timestamp: Type.String(),
  agent_id: Type.String(),
  signatures: Type.Array(SignatureJson),
});

/** `POST /v1/sources` body: the content as text or base64 (not both), or only its hash. */
export const SourceInput = Type.Object({
  uri: Type.Optional(Type.String()),
  hash: Type.Optional(Hash),
  title: Type.Optional(Type.String()),
  authority_tier: Type.Optional(TierInput),
  content: Type.Optional(Type.String()),
  content_base64: Type.Optional(Type.String()),
  timestamp: Type.Optional(Time),
  agent_id: Type.Optional(Type.String()),
});

/** A registered source as the API prints it (`SourceJson`). */
export const SourceRecord = Type.Object({
  hash: Type.String(),
  uri: Type.Optional(Type.String()),
  title: Type.Optional(Type.String()),
  authority_tier: Type.Optional(Type.String()),
  timestamp: Type.String(),
  agent_id: Type.String(),
  content_base64: Type.Optional(Type.String()),
});

/** `POST /v1/sources/{hash}/retract` body; the whole body is optional. */
export const RetractionInput = Type.Object({
  source: Type.Optional(Hash),
  reason: Type.Optional(Type.String()),
  timestamp: Type.Optional(Time),
  signatures: Type.Optional(Type.Array(SignatureInput)),
  hash: Type.Optional(Hash),
  agent_id: Type.Optional(Type.String()),
});

/** A retraction as the API prints it (`RetractionJson`). */
export const Retraction = Type.Object({
  hash: Type.String(),
  source: Type.String(),
  reason: Type.Optional(Type.String()),
  timestamp: Type.String(),
  agent_id: Type.String(),
  signatures: Type.Array(SignatureJson),
});

const written = {
  hash: Type.String(),
  status: Type.Union([Type.Literal("created"), Type.Literal("exists")]),
  seq: Type.Optional(Type.Integer({ description: "Log sequence of the write" })),
};

/** The answer to a record write: hash, status, and the record under its kind's name (`vote`, …). */
function recordWritten<Kind extends string, Record extends TSchema>(kind: Kind, record: Record) {
  return Type.Object({ ...written, ...({ [kind]: record } as { [K in Kind]: Record }) });
}

/** `POST /v1/vote` answer. */
export const VoteWritten = recordWritten("vote", Vote);
/** `POST /v1/epoch` answer. */
export const EpochWritten = recordWritten("epoch", Epoch);
/** `POST /v1/sources` answer. */
export const SourceWritten = recordWritten("source", SourceRecord);
/** `POST /v1/sources/{hash}/retract` answer. */
export const RetractionWritten = recordWritten("retraction", Retraction);
