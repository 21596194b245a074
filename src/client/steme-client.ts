import { AdminClient } from "./admin-client.ts";
import type { ApiCall, HttpMethod, QueryValue } from "./api-call.ts";
import type {
  Assertion,
  AssertionInput,
  AgentInfo,
  AuditedQueries,
  AuditedQuery,
  AuditQueryParameters,
  BatchResult,
  ClusterDigest,
  ClusterMembers,
  ChangesParameters,
  Changes,
  ConceptNode,
  ConceptParameters,
  Health,
  QueryParameters,
  QueryResponse,
  SkepticAnalysis,
  SkepticParameters,
  Trace,
  WatchParameters,
  WriteResult,
} from "./api-types.ts";
import type { ClientOptions, ReadOptions, RequestOptions } from "./client-options.ts";
import { segment, sendJson, sendRead, sendWrite } from "./endpoint-calls.ts";
import { HttpTransport } from "./http-transport.ts";
import type { OpenApiDocument } from "./openapi-document.ts";
import { readJson, readText } from "./read-body.ts";
import { RecordEndpoints } from "./record-endpoints.ts";
import { watchEvents, type WatchEvent } from "./watch-events.ts";

/**
 * A client of the StemeDB HTTP API with a typed method for every endpoint (those of votes, epochs and
 * sources in `RecordEndpoints`), for Node ≥ 20 and
 * browsers (`fetch` and WebCrypto only). Admin endpoints are under `client.admin`.
 *
 * Every method takes `RequestOptions` last (an `AbortSignal`, a time limit, retries), resolves
 * with the server's JSON answer as its type says, and rejects with a `StemeApiError` for an error
 * answer or a `StemeNetworkError` when no answer came. 429 and 503 are retried after the server's
 * `Retry-After`; network errors are retried where resending is safe. Reads take `ReadOptions`:
 * `minSeq` (a write's `seq`) makes a node of a cluster answer only once it has applied that write.
 *
 * @example
 * ```ts
 * import { StemeClient } from "stemedb/client";
 *
 * const client = new StemeClient({ baseUrl: "http://127.0.0.1:18180", agentId: "my-agent" });
 * await client.assert({ concept_path: "drugs/aspirin", predicate: "max_daily_dose_mg", value: 4000, confidence: 0.9 });
 * const answer = await client.query({ concept_path: "drugs/aspirin", lens: "authority" });
 * console.log(answer.resolutions[0]?.value);
 * ```
 */
export class StemeClient extends RecordEndpoints {
  /** The admin API (`/v1/admin/*`), authenticated with `adminToken`. */
  readonly admin: AdminClient;
  readonly #transport: HttpTransport;

  constructor(options: ClientOptions) {
    const transport = new HttpTransport(options);
    super(transport);
    this.#transport = transport;
    this.admin = new AdminClient(transport);
  }

  /**
   * `GET /v1/health`: liveness and readiness. Resolves for 200 and for 503 alike (then `status` is
   * `unhealthy` and `reason` says why), and is never retried: a health check wants the truth now.
   *
   * @example
   * ```ts
   * const health = await client.health();
   * if (!health.ready) console.warn(`not ready: ${health.reason}`);
   * ```
   */
  health(options: RequestOptions = {}): Promise<Health> {
    const call: ApiCall = { method: "GET", path: "/v1/health", idempotent: true, answers: [503] };
    return this.#transport.send(call, { retries: 0, ...options }, readJson<Health>);
  }

  /**
   * `GET /metrics`: the Prometheus text exposition.
   *
   * @example
   * ```ts
   * const text = await client.metrics();
   * text.includes("stemedb_assertions_total"); // true
   * ```
   */
  metrics(options: RequestOptions = {}): Promise<string> {
    const call: ApiCall = { method: "GET", path: "/metrics", idempotent: true, accept: "text/plain" };
    return this.#transport.send(call, options, readText);
  }

  /**
   * `GET /v1/openapi.json`: the OpenAPI 3.1 document the server validates requests with.
   *
   * @example
   * ```ts
   * const document = await client.openApi();
   * Object.keys(document.paths); // ["/v1/health", "/metrics", "/v1/assert", …]
   * ```
   */
  openApi(options: RequestOptions = {}): Promise<OpenApiDocument> {
    return sendJson(this.#transport, { method: "GET", path: "/v1/openapi.json", idempotent: true }, options);
  }

  /**
   * `POST /v1/assert`: stores one assertion. `status` is `created` (201), `exists` (200: the same
   * content is stored), `cosigned` (new signatures on stored content) or `quarantined` (202: held
   * for review, `reason` says why). Build the body with `buildAssertion`, sign it with a `Signer`.
   *
   * @example
   * ```ts
   * const result = await client.assert(
   *   await signer.signAssertion(
   *     buildAssertion({ concept_path: "drugs/aspirin", predicate: "max_daily_dose_mg", value: 4000, confidence: 0.9, authority_tier: "regulatory" }),
   *   ),
   * );
   * result.hash; // the content hash, 64 hex
   * ```
   */
  assert(assertion: AssertionInput, options: RequestOptions = {}): Promise<WriteResult> {
    return sendWrite(this.#transport, "/v1/assert", assertion, [assertion], options);
  }

  /**
   * `POST /v1/assert/batch`: up to 10,000 assertions in one durable commit. Every item is checked
   * first; one bad item stores nothing (its index is in the error's `field`: `assertions[3].value`).
   *
   * @example
   * ```ts
   * const { results } = await client.assertBatch([first, second]);
   * results.map((r) => r.status); // ["created", "exists"]
   * ```
   */
  assertBatch(assertions: readonly AssertionInput[], options: RequestOptions = {}): Promise<BatchResult> {
    return sendWrite(this.#transport, "/v1/assert/batch", { assertions }, assertions, options);
  }

  /**
   * `GET /v1/assertions/{hash}`: one assertion by its content hash (404 when unknown or still held
   * in quarantine). In a cluster, pass the write's `seq` as `minSeq` to read it back on any node.
   *
   * @example
   * ```ts
   * const assertion = await client.getAssertion(result.hash, { minSeq: result.seq });
   * assertion.value; // { type: "number", value: 4000 }
   * ```
   */
  getAssertion(hash: string, options: ReadOptions = {}): Promise<Assertion> {
    return sendRead(this.#transport, `/v1/assertions/${segment(hash)}`, {}, options);
  }

  /**
   * `GET /v1/trace/{hash}`: provenance: source and its retractions, signers with their trust, the
   * parent chain, children, votes, the epoch and whether it is superseded, quarantine state.
   *
   * @example
   * ```ts
   * const trace = await client.trace(hash);
   * trace.parents.map((p) => p.hash); // nearest first
   * ```
   */
  trace(hash: string, options: ReadOptions = {}): Promise<Trace> {
    return sendRead(this.#transport, `/v1/trace/${segment(hash)}`, {}, options);
  }

  /**
   * `POST /v1/query`: asks through a lens (`recency` by default; `confidence`, `consensus`,
   * `authority`, `trust`, `vote`, `skeptic`, `layered`). `as_of` travels back in time, `since`,
   * `lifecycle`, `min_confidence`, `authority_tier`, `agent_id` filter, `epoch_aware` drops
   * superseded epochs, `include_retracted` keeps claims citing retracted sources. `minSeq` (or
   * `min_seq` in the parameters) waits, on a node of a cluster, until it has applied that write.
   *
   * @example
   * ```ts
   * const answer = await client.query({ concept_path: "drugs/*", lens: "consensus", as_of: "2025-01-01T00:00:00Z" });
   * for (const r of answer.resolutions) console.log(r.concept_path, r.predicate, r.value, r.status);
   * const fresh = await client.query({ concept_path: "drugs/aspirin" }, { minSeq: written.seq });
   * ```
   */
  query(parameters: QueryParameters, options: ReadOptions = {}): Promise<QueryResponse> {
    const { minSeq, ...request } = options;
    const body = minSeq === undefined ? parameters : { ...parameters, min_seq: minSeq };
    // A query only reads (the server's audit record aside), so resending it is safe.
    return sendJson(this.#transport, { method: "POST", path: "/v1/query", body, idempotent: true }, request);
  }

  /**
   * `GET /v1/skeptic`: the conflict analysis of one exact pair: every distinct value with its weight
   * share, supporters and best tier, the `conflict_score` and `status`.
   *
   * @example
   * ```ts
   * const analysis = await client.skeptic({ concept_path: "drugs/aspirin", predicate: "max_daily_dose_mg" });
   * analysis.values.map((v) => [v.value.value, v.share]);
   * ```
   */
  skeptic(parameters: SkepticParameters, options: ReadOptions = {}): Promise<SkepticAnalysis> {
    return sendRead(this.#transport, "/v1/skeptic", parameters, options);
  }

  /**
   * `GET /v1/changes`: what changed under a path since a time: new assertions, and pairs whose
   * winner (under `lens`) changed.
   *
   * @example
   * ```ts
   * const changes = await client.changes({ concept_path: "drugs/*", since: "2026-01-01T00:00:00Z" });
   * changes.changed_winners.map((c) => [c.before?.value, c.after?.value]);
   * ```
   */
  changes(parameters: ChangesParameters, options: ReadOptions = {}): Promise<Changes> {
    return sendRead(this.#transport, "/v1/changes", parameters, options);
  }

  /**
   * `GET /v1/watch`: the same changes live, as they are written (Server-Sent Events). The stream
   * ends when the connection does; resume with `changes({ since })`. Stop it with `break` or
   * the `signal`.
   *
   * @example
   * ```ts
   * for await (const event of client.watch({ concept_path: "drugs/*" })) {
   *   if (event.kind === "winner") console.log(event.change.concept_path, event.change.winner?.value);
   * }
   * ```
   */
  watch(parameters: WatchParameters = {}, options: RequestOptions = {}): AsyncIterable<WatchEvent> {
    const call: ApiCall = {
      method: "GET",
      path: "/v1/watch",
      query: parameters,
      idempotent: true,
      accept: "text/event-stream",
    };
    return watchEvents(() => this.#transport.send(call, options, async (response) => response));
  }

  /**
   * `GET /v1/concepts`: one level of the concept tree below `prefix` (the root when absent), with
   * the predicates at that level and counts.
   *
   * @example
   * ```ts
   * const node = await client.concepts({ prefix: "drugs" });
   * node.children.map((c) => `${c.concept_path} (${c.assertion_count})`);
   * ```
   */
  concepts(parameters: ConceptParameters = {}, options: ReadOptions = {}): Promise<ConceptNode> {
    return sendRead(this.#transport, "/v1/concepts", parameters, options);
  }

  /**
   * `GET /v1/agents/{agent_id}`: an agent's trust, counts, tier cap, circuit breaker and quota.
   *
   * @example
   * ```ts
   * const agent = await client.agent(signer.agentId);
   * agent.trust; // 0.5 for a newcomer
   * ```
   */
  agent(agentId: string, options: ReadOptions = {}): Promise<AgentInfo> {
    return sendRead(this.#transport, `/v1/agents/${segment(agentId)}`, {}, options);
  }

  /**
   * `GET /v1/audit/queries`: recent queries, newest first: who asked what, and what answered.
   *
   * @example
   * ```ts
   * const { queries } = await client.auditQueries({ agent_id: signer.agentId, limit: "10" });
   * ```
   */
  auditQueries(parameters: AuditQueryParameters = {}, options: ReadOptions = {}): Promise<AuditedQueries> {
    return sendRead(this.#transport, "/v1/audit/queries", parameters, options);
  }

  /**
   * `GET /v1/audit/query/{query_id}`: one query's audit record: the candidates and the weights
   * behind each answer (`query_id` is in every query's answer).
   *
   * @example
   * ```ts
   * const record = await client.auditQuery(answer.query_id);
   * record.answers[0]?.weights;
   * ```
   */
  auditQuery(queryId: string, options: ReadOptions = {}): Promise<AuditedQuery> {
    return sendRead(this.#transport, `/v1/audit/query/${segment(queryId)}`, {}, options);
  }

  /**
   * `GET /v1/cluster/members`: the cluster's live members, each with the URL of its API and the
   * last log sequence it applied. A node that runs alone answers 404 (`not_found`).
   *
   * @example
   * ```ts
   * const { members } = await client.clusterMembers();
   * for (const m of members) console.log(m.id, m.url, m.applied_seq);
   * ```
   */
  clusterMembers(options: RequestOptions = {}): Promise<ClusterMembers> {
    return sendRead(this.#transport, "/v1/cluster/members", {}, options);
  }

  /**
   * `GET /v1/cluster/digest`: this node's convergence digest: the count and XOR of its content
   * hashes in each shard `00`…`ff`, at the sequence it applied. Nodes that applied the same log
   * hold equal digests; a single node has one too (to compare a restored copy with its origin).
   * `minSeq` waits until the node has applied that sequence, so digests of several nodes are
   * taken at one position. It reads the whole index: about a second per million records.
   *
   * @example
   * ```ts
   * const [a, b] = await Promise.all([one.clusterDigest({ minSeq: 5678 }), other.clusterDigest({ minSeq: 5678 })]);
   * const differ = Object.keys(a.shards).filter((s) => a.shards[s]?.xor !== b.shards[s]?.xor);
   * ```
   */
  clusterDigest(options: ReadOptions = {}): Promise<ClusterDigest> {
    return sendRead(this.#transport, "/v1/cluster/digest", {}, options);
  }

  /**
   * Any call of the API, for an endpoint this version of the SDK does not know. The answer is
   * JSON, typed as the caller says; `idempotent` says whether a network error may be retried.
   *
   * @example
   * ```ts
   * const body = await client.request<{ status: string }>("GET", "/v1/health", { idempotent: true });
   * ```
   */
  request<T = unknown>(
    method: HttpMethod,
    path: string,
    call: {
      readonly query?: Readonly<Record<string, QueryValue>>;
      readonly body?: unknown;
      readonly idempotent: boolean;
      readonly admin?: boolean;
    },
    options: RequestOptions = {},
  ): Promise<T> {
    return sendJson(this.#transport, { method, path, ...call }, options);
  }
}
