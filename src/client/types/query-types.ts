import type { LensName as ServerLensName } from "../../model/lens-names.ts";
import type * as Queries from "../schemas/query-schemas.ts";
import type { StaticOf } from "../schemas/shared-schemas.ts";

/**
 * The lenses a query reads through: `recency`, `confidence`, `consensus`, `authority`, `trust`,
 * `vote`, `skeptic`, `layered`.
 *
 * @example
 * ```ts
 * const lens: LensName = "authority";
 * ```
 */
export type LensName = ServerLensName;

/**
 * `POST /v1/query` parameters (the server's schema, with `lens` narrowed to the lens names).
 *
 * @example
 * ```ts
 * const parameters: QueryParameters = { concept_path: "drugs/*", lens: "consensus", as_of: "2025-06-01T00:00:00Z", min_confidence: 0.5 };
 * ```
 */
export type QueryParameters = Omit<StaticOf<typeof Queries.QueryParameters>, "lens"> & {
  lens?: LensName;
};

/**
 * The answer to a query: the candidates ranked by the lens, one resolution per pair, the
 * `query_id` of its audit record and the `as_of` it was answered at.
 *
 * @example
 * ```ts
 * const answer: QueryResponse = await client.query({ concept_path: "drugs/aspirin" });
 * ```
 */
export type QueryResponse = StaticOf<typeof Queries.QueryResponse>;

/**
 * An assertion as a query returns it: the stored claim with its decayed `effective_confidence` and
 * reader `flags` (`epoch_superseded`, `source_retracted`).
 *
 * @example
 * ```ts
 * const fresh = answer.assertions.filter((a: Candidate) => a.flags.length === 0);
 * ```
 */
export type Candidate = StaticOf<typeof Queries.Candidate>;

/**
 * A lens's answer for one (concept_path, predicate) pair: the winner and its value, how sure the
 * lens is, `conflict_score` (0 all agree … 1 evenly split) and `status`.
 *
 * @example
 * ```ts
 * const contested = answer.resolutions.filter((r: Resolution) => r.status === "contested");
 * ```
 */
export type Resolution = StaticOf<typeof Queries.Resolution>;

/**
 * One distinct value of a pair with its weight, share, supporters and best tier.
 *
 * @example
 * ```ts
 * const top: ValueShare | undefined = analysis.values[0];
 * ```
 */
export type ValueShare = StaticOf<typeof Queries.ValueShare>;

/**
 * `GET /v1/skeptic` parameters: one exact pair.
 *
 * @example
 * ```ts
 * const parameters: SkepticParameters = { concept_path: "drugs/aspirin", predicate: "max_daily_dose_mg" };
 * ```
 */
export type SkepticParameters = StaticOf<typeof Queries.SkepticParameters>;

/**
 * The conflict analysis of one pair: every distinct value with its share.
 *
 * @example
 * ```ts
 * const analysis: SkepticAnalysis = await client.skeptic({ concept_path: "drugs/aspirin", predicate: "max_daily_dose_mg" });
 * ```
 */
export type SkepticAnalysis = StaticOf<typeof Queries.SkepticAnalysis>;

/**
 * `GET /v1/audit/queries` parameters: by agent, in a time range (RFC 3339 or Unix seconds).
 *
 * @example
 * ```ts
 * const parameters: AuditQueryParameters = { agent_id: "ingest-bot", from: "2026-01-01T00:00:00Z", limit: "100" };
 * ```
 */
export type AuditQueryParameters = StaticOf<typeof Queries.AuditQueryParameters>;

/**
 * One audited query: who asked what, and which assertions with which weights answered.
 *
 * @example
 * ```ts
 * const record: AuditedQuery = await client.auditQuery(answer.query_id);
 * ```
 */
export type AuditedQuery = StaticOf<typeof Queries.AuditedQuery>;

/**
 * The answer to `GET /v1/audit/queries`, newest first.
 *
 * @example
 * ```ts
 * const { queries }: AuditedQueries = await client.auditQueries();
 * ```
 */
export type AuditedQueries = StaticOf<typeof Queries.AuditedQueries>;
