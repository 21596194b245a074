import { Type, type TSchema } from "typebox";
import {
  AgentPolicy,
  AgentPolicyInput,
  ApiKey,
  ApiKeyInput,
  ApiKeyList,
  Breaker,
  DecisionInput,
  BreakerList,
  CreatedApiKey,
  HeldWrite,
  QuarantineList,
  QuarantineParameters,
} from "./admin-schemas.ts";
import { BatchInput, BatchResult } from "./assertion-schemas.ts";
import {
  ClusterDigest,
  ClusterMembers,
  DigestParameters,
  RepairInput,
  ShardRepairResult,
} from "./cluster-schemas.ts";
import {
  BackupResult,
  CompactResult,
  DirectoryInput,
  Health,
  RebuildResult,
  WalArchiveResult,
} from "./operation-schemas.ts";
import {
  AuditedQueries,
  AuditedQuery,
  AuditQueryParameters,
  QueryParameters,
  QueryResponse,
  SkepticAnalysis,
  SkepticParameters,
} from "./query-schemas.ts";
import {
  AgentInfo,
  Changes,
  ChangesParameters,
  ConceptNode,
  ConceptParameters,
  SourceImpact,
  SourceInfo,
  SourceParameters,
  Trace,
  WatchParameters,
} from "./read-schemas.ts";
import {
  EpochInput,
  EpochWritten,
  RetractionInput,
  RetractionWritten,
  SourceInput,
  SourceWritten,
  VoteInput,
  VoteWritten,
} from "./record-schemas.ts";

/** One route as the SDK understands it: what it takes and what each success status answers. */
export interface ClientRoute {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  /** In OpenAPI's spelling, `{hash}` for a path parameter. */
  readonly url: string;
  readonly params?: TSchema;
  readonly querystring?: TSchema;
  readonly body?: TSchema;
  /** Success statuses and the schema of their body; `text` for a non-JSON answer. */
  readonly responses: Readonly<Record<number, TSchema | "text">>;
}

const hash = Type.Object({ hash: Type.String() });
const agent = Type.Object({ agent_id: Type.String() });
const written = (schema: TSchema) => ({ 200: schema, 201: schema });

/**
 * Every route of the server with the schemas the SDK's types are derived from. The conformance
 * test checks that this table has exactly the server's routes and that every schema the server
 * declares is the same here; where the server declares none (`{}` in the OpenAPI document), the
 * schema here is what the SDK promises, checked against real answers by the client's tests.
 */
export const CLIENT_ROUTES: readonly ClientRoute[] = [
  { method: "GET", url: "/v1/health", responses: { 200: Health, 503: Health } },
  { method: "GET", url: "/metrics", responses: { 200: "text" } },
  {
    method: "POST",
    url: "/v1/assert",
    body: Type.Ref("AssertionInput"),
    responses: { ...written(Type.Ref("WriteResult")), 202: Type.Ref("WriteResult") },
  },
  {
    method: "POST",
    url: "/v1/assert/batch",
    body: BatchInput,
    responses: { ...written(BatchResult), 202: BatchResult },
  },
  { method: "GET", url: "/v1/assertions/{hash}", params: hash, responses: { 200: Type.Ref("Assertion") } },
  { method: "GET", url: "/v1/trace/{hash}", params: hash, responses: { 200: Trace } },
  { method: "GET", url: "/v1/concepts", querystring: ConceptParameters, responses: { 200: ConceptNode } },
  { method: "GET", url: "/v1/agents/{agent_id}", params: agent, responses: { 200: AgentInfo } },
  { method: "POST", url: "/v1/vote", body: VoteInput, responses: written(VoteWritten) },
  { method: "POST", url: "/v1/epoch", body: EpochInput, responses: written(EpochWritten) },
  { method: "POST", url: "/v1/sources", body: SourceInput, responses: written(SourceWritten) },
  {
    method: "POST",
    url: "/v1/sources/{hash}/retract",
    params: hash,
    body: RetractionInput,
    responses: written(RetractionWritten),
  },
  {
    method: "GET",
    url: "/v1/sources/{hash}",
    params: hash,
    querystring: SourceParameters,
    responses: { 200: SourceInfo },
  },
  { method: "GET", url: "/v1/sources/{hash}/impact", params: hash, responses: { 200: SourceImpact } },
  { method: "GET", url: "/v1/changes", querystring: ChangesParameters, responses: { 200: Changes } },
  { method: "GET", url: "/v1/watch", querystring: WatchParameters, responses: { 200: "text" } },
  { method: "POST", url: "/v1/query", body: QueryParameters, responses: { 200: QueryResponse } },
  { method: "GET", url: "/v1/skeptic", querystring: SkepticParameters, responses: { 200: SkepticAnalysis } },
  {
    method: "GET",
    url: "/v1/audit/queries",
    querystring: AuditQueryParameters,
    responses: { 200: AuditedQueries },
  },
  {
    method: "GET",
    url: "/v1/audit/query/{query_id}",
    params: Type.Object({ query_id: Type.String() }),
    responses: { 200: AuditedQuery },
  },
  {
    method: "GET",
    url: "/v1/admin/quarantine",
    querystring: QuarantineParameters,
    responses: { 200: QuarantineList },
  },
  {
    method: "POST",
    url: "/v1/admin/quarantine/{hash}/approve",
    params: hash,
    body: DecisionInput,
    responses: { 200: HeldWrite },
  },
  {
    method: "POST",
    url: "/v1/admin/quarantine/{hash}/reject",
    params: hash,
    body: DecisionInput,
    responses: { 200: HeldWrite },
  },
  { method: "GET", url: "/v1/admin/circuit_breakers", responses: { 200: BreakerList } },
  {
    method: "POST",
    url: "/v1/admin/circuit_breakers/{agent_id}/ban",
    params: agent,
    responses: { 200: Breaker },
  },
  {
    method: "POST",
    url: "/v1/admin/circuit_breakers/{agent_id}/unban",
    params: agent,
    responses: { 200: Breaker },
  },
  {
    method: "POST",
    url: "/v1/admin/circuit_breakers/{agent_id}/reset",
    params: agent,
    responses: { 200: Breaker },
  },
  { method: "POST", url: "/v1/admin/api-keys", body: ApiKeyInput, responses: { 201: CreatedApiKey } },
  { method: "GET", url: "/v1/admin/api-keys", responses: { 200: ApiKeyList } },
  {
    method: "DELETE",
    url: "/v1/admin/api-keys/{id}",
    params: Type.Object({ id: Type.String() }),
    responses: { 200: ApiKey },
  },
  {
    method: "PUT",
    url: "/v1/admin/agents/{agent_id}",
    params: agent,
    body: AgentPolicyInput,
    responses: { 200: AgentPolicy },
  },
  { method: "POST", url: "/v1/admin/backup", body: DirectoryInput, responses: { 201: BackupResult } },
  {
    method: "POST",
    url: "/v1/admin/wal/archive",
    body: DirectoryInput,
    responses: { 200: WalArchiveResult },
  },
  { method: "POST", url: "/v1/admin/compact", responses: { 200: CompactResult } },
  { method: "POST", url: "/v1/admin/indexes/rebuild", responses: { 200: RebuildResult } },
  { method: "GET", url: "/v1/cluster/members", responses: { 200: ClusterMembers } },
  {
    method: "GET",
    url: "/v1/cluster/digest",
    querystring: DigestParameters,
    responses: { 200: ClusterDigest },
  },
  {
    method: "POST",
    url: "/v1/admin/cluster/repair",
    body: RepairInput,
    responses: { 200: ShardRepairResult },
  },
];

/**
 * Routes that are another spelling of a route above (same handler and schemas): the SDK calls
 * the canonical one.
 */
export const ROUTE_ALIASES: Readonly<Record<string, string>> = {
  "POST /v1/assertions": "POST /v1/assert",
  "GET /v1/query": "POST /v1/query",
};
