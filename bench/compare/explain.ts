/**
 * What the SQL peers' planners do with the lens queries: each peer's `explain` returns the plan of
 * every query of `lens-sql.ts` (PostgreSQL: `EXPLAIN (ANALYZE, BUFFERS)`, run for real; SQLite:
 * `EXPLAIN QUERY PLAN`), and `readsWholeTable` says whether a plan reads all of `claims`.
 */
import type { Dialect, LensSql, QueryParams } from "./lens-sql.ts";
import { pairParams, prefixParams } from "./lens-sql.ts";

/** The name of one lens query. */
export type LensQueryName = keyof LensSql;

/** Every lens query, in the order a report lists them. */
export const LENS_QUERY_NAMES: readonly LensQueryName[] = [
  "recency",
  "consensus",
  "authority",
  "skeptic",
  "prefixRecency",
];

/** The pair and subtree the explained queries ask about. */
export interface ExplainTarget {
  readonly conceptPath: string;
  readonly predicate: string;
  readonly prefix: string;
  readonly nowMs: number;
}

/** A plan per lens query, as the database prints it. */
export type LensPlans = Readonly<Record<LensQueryName, string>>;

/** The parameters `query` takes for `target`. */
export function explainParams(query: LensQueryName, target: ExplainTarget): QueryParams {
  return query === "prefixRecency"
    ? prefixParams(target.prefix, target.nowMs)
    : pairParams(target.conceptPath, target.predicate, target.nowMs);
}

/**
 * True when `plan` reads the whole `claims` table: a sequential scan in PostgreSQL, a `SCAN` (of
 * the table or of a whole index) in SQLite, where an index lookup is a `SEARCH`.
 *
 * @example
 * ```ts
 * readsWholeTable("sqlite", "SEARCH claims USING INDEX claims_pair_newest (concept_path=? AND predicate=?)"); // false
 * ```
 */
export function readsWholeTable(dialect: Dialect, plan: string): boolean {
  return dialect === "postgres" ? /\bSeq Scan on claims\b/.test(plan) : /\bSCAN claims\b/.test(plan);
}
