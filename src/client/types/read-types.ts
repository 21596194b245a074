import type * as Reads from "../schemas/read-schemas.ts";
import type { StaticOf } from "../schemas/shared-schemas.ts";

/**
 * Provenance of an assertion: source and retractions, signers and their trust, parents, children,
 * votes, epoch (superseded or not) and quarantine state.
 *
 * @example
 * ```ts
 * const trace: Trace = await client.trace(hash);
 * if (trace.source?.retracted) console.warn("its source was retracted");
 * ```
 */
export type Trace = StaticOf<typeof Reads.Trace>;

/**
 * `GET /v1/concepts` parameters.
 *
 * @example
 * ```ts
 * const parameters: ConceptParameters = { prefix: "drugs" };
 * ```
 */
export type ConceptParameters = StaticOf<typeof Reads.ConceptParameters>;

/**
 * One level of the concept tree: the predicates at `prefix` and its children with counts.
 *
 * @example
 * ```ts
 * const node: ConceptNode = await client.concepts({ prefix: "drugs" });
 * ```
 */
export type ConceptNode = StaticOf<typeof Reads.ConceptNode>;

/**
 * An agent: trust, assertion counts, tier cap, circuit breaker and quota.
 *
 * @example
 * ```ts
 * const agent: AgentInfo = await client.agent(signer.agentId);
 * ```
 */
export type AgentInfo = StaticOf<typeof Reads.AgentInfo>;

/**
 * `GET /v1/sources/{hash}` parameters: `include_content: "true"` adds the content as base64.
 *
 * @example
 * ```ts
 * const parameters: SourceParameters = { include_content: "true" };
 * ```
 */
export type SourceParameters = StaticOf<typeof Reads.SourceParameters>;

/**
 * A source: its registration (null when known only by its retraction) and retractions.
 *
 * @example
 * ```ts
 * const info: SourceInfo = await client.getSource(sourceHash);
 * ```
 */
export type SourceInfo = StaticOf<typeof Reads.SourceInfo>;

/**
 * The invalidation cascade of a source: every assertion citing it.
 *
 * @example
 * ```ts
 * const impact: SourceImpact = await client.sourceImpact(sourceHash);
 * ```
 */
export type SourceImpact = StaticOf<typeof Reads.SourceImpact>;

/**
 * `GET /v1/changes` parameters: `since` (RFC 3339 or Unix seconds) is required.
 *
 * @example
 * ```ts
 * const parameters: ChangesParameters = { concept_path: "drugs/*", since: "2026-01-01T00:00:00Z", lens: "authority" };
 * ```
 */
export type ChangesParameters = StaticOf<typeof Reads.ChangesParameters>;

/**
 * What changed since a time: new assertions, and pairs whose winner changed (before, after).
 *
 * @example
 * ```ts
 * const changes: Changes = await client.changes({ since: "2026-01-01T00:00:00Z" });
 * ```
 */
export type Changes = StaticOf<typeof Reads.Changes>;

/**
 * `GET /v1/watch` parameters: the path (`prefix/*`, `*`) and the lens whose winners to report.
 *
 * @example
 * ```ts
 * const parameters: WatchParameters = { concept_path: "drugs/*", lens: "authority" };
 * ```
 */
export type WatchParameters = StaticOf<typeof Reads.WatchParameters>;

/**
 * The data of a `winner` event of the watch stream: the pair and its new winner.
 *
 * @example
 * ```ts
 * function show(change: WinnerChange): string {
 *   return `${change.concept_path} ${change.predicate} → ${JSON.stringify(change.winner?.value)}`;
 * }
 * ```
 */
export type WinnerChange = StaticOf<typeof Reads.WinnerChange>;
