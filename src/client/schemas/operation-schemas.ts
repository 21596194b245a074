import { Type } from "typebox";
import { ClusterHealth } from "./cluster-schemas.ts";

// Health and the operations on the running server (src/api/routes/health.ts, operations.ts).
// `Health` and the bodies repeat the server's inline schemas (compared with the OpenAPI document
// by the conformance test); the answers of the operations follow `BackupMetadata`,
// `PendingStore` and `ArchivePass`, which the client's type tests hold them to.

/** `GET /v1/health` answer, with status 200 (healthy) or 503 (unhealthy); `cluster` in cluster mode. */
export const Health = Type.Object({
  status: Type.Union([Type.Literal("healthy"), Type.Literal("unhealthy")]),
  version: Type.String(),
  uptime_seconds: Type.Integer(),
  assertion_count: Type.Integer(),
  wal_segments: Type.Integer(),
  node_id: Type.String(),
  ready: Type.Boolean(),
  applied_seq: Type.Integer(),
  writable: Type.Boolean(),
  reason: Type.Optional(Type.String()),
  cluster: Type.Optional(ClusterHealth),
});

/** `POST /v1/admin/backup` and `POST /v1/admin/wal/archive` body: a directory on the server. */
export const DirectoryInput = Type.Object(
  { to: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })) },
  { additionalProperties: false },
);

/** `POST /v1/admin/backup` answer: where the backup is, and its `backup-metadata.json`. */
export const BackupResult = Type.Object({
  path: Type.String(),
  format: Type.Literal("stemedb-backup"),
  format_version: Type.Integer(),
  version: Type.String(),
  timestamp: Type.String(),
  assertion_count: Type.Integer(),
  wal_position: Type.Integer(),
  wal_segments: Type.Integer(),
  file_count: Type.Integer(),
  total_bytes: Type.Integer(),
  duration_seconds: Type.Number(),
  files: Type.Array(Type.Object({ path: Type.String(), bytes: Type.Integer(), sha256: Type.String() })),
});

/** `POST /v1/admin/wal/archive` answer. */
export const WalArchiveResult = Type.Object({
  dir: Type.String(),
  sealed: Type.Array(Type.String()),
  tail: Type.Union([Type.Object({ name: Type.String(), bytes: Type.Integer() }), Type.Null()]),
  archived_at: Type.String(),
});

const pendingStore = {
  reason: Type.Union([Type.Literal("compact"), Type.Literal("rebuild")]),
  created_at: Type.String(),
  applied_seq: Type.Integer(),
  assertion_count: Type.Integer(),
  bytes_before: Type.Integer(),
  bytes_after: Type.Integer(),
  applies: Type.Literal("at the next restart"),
};

/** `POST /v1/admin/indexes/rebuild` answer: the rebuilt store waits for the next start. */
export const RebuildResult = Type.Object(pendingStore);

/** `POST /v1/admin/compact` answer: the compacted store waits for the next start. */
export const CompactResult = Type.Object({ ...pendingStore, reclaimed_bytes: Type.Integer() });
