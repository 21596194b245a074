import { Type } from "typebox";

// The cluster's routes (src/api/routes/cluster.ts) and the `cluster` object of health
// (src/api/routes/health.ts), which use these very schemas; the type tests hold `ClusterMember`
// and `ClusterHealth` to the server's `Member` and `ClusterHealth` types.

/** One node as it announces itself in the membership bucket. */
export const ClusterMember = Type.Object({
  id: Type.String(),
  url: Type.String({ description: "How to reach the node's API (STEMEDB_CLUSTER_ADVERTISE_URL)" }),
  version: Type.String(),
  applied_seq: Type.Integer({ description: "Last log sequence the node applied, as of updated_at" }),
  started_at: Type.String(),
  updated_at: Type.String(),
});

/** `GET /v1/cluster/members` answer: the node asked, and every live member. */
export const ClusterMembers = Type.Object({ node_id: Type.String(), members: Type.Array(ClusterMember) });

/** The count and XOR of one shard's content hashes (those starting with the shard's byte). */
export const ShardSum = Type.Object({ count: Type.Integer(), xor: Type.String({ description: "64 hex" }) });

/** `GET /v1/cluster/digest` parameters. */
export const DigestParameters = Type.Object({ min_seq: Type.Optional(Type.String()) });

/** `GET /v1/cluster/digest` answer: one sum per shard `00`…`ff`, at `applied_seq`. */
export const ClusterDigest = Type.Object({
  node_id: Type.String(),
  applied_seq: Type.Integer(),
  count: Type.Integer(),
  shards: Type.Record(Type.String(), ShardSum),
});

/** `POST /v1/admin/cluster/repair` body. */
export const RepairInput = Type.Object(
  { shard: Type.String({ pattern: "^[0-9a-f]{2}$", description: "Two lowercase hex digits" }) },
  { additionalProperties: false },
);

/** `POST /v1/admin/cluster/repair` answer: records read from the stream, and those the store lacked. */
export const ShardRepairResult = Type.Object({
  shard: Type.String(),
  replayed: Type.Integer(),
  restored: Type.Integer(),
});

/** The `cluster` object of `GET /v1/health`, in cluster mode only. */
export const ClusterHealth = Type.Object(
  {
    engine: Type.Union([Type.Literal("connected"), Type.Literal("disconnected")], {
      description: "The connection to the NATS servers",
    }),
    stream: Type.String(),
    applied_seq: Type.Integer(),
    stream_last_seq: Type.Union([Type.Integer(), Type.Null()]),
    lag_records: Type.Union([Type.Integer(), Type.Null()]),
    lag_seconds: Type.Union([Type.Number(), Type.Null()]),
    caught_up: Type.Boolean({ description: "Applied the whole stream once since start" }),
    reason: Type.Optional(Type.String()),
  },
  { description: "Cluster mode only: the node's place in the cluster's log" },
);
