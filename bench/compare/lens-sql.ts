/**
 * StemeDB's lenses (`src/lens/`) written as SQL that PostgreSQL and SQLite both run, over the
 * `claims` table of `schema-sql.ts`. Placeholders are `:name`; SQLite binds them by name and the
 * PostgreSQL peer numbers them (`numberPlaceholders`).
 *
 * Every ranking ends in the tie-break order of `src/lens/tie-break.ts`: newer timestamp, higher
 * (stated) confidence, smaller hash. That is also the order of the pair index, so recency reads
 * one index entry and the window functions get their rows presorted. Effective confidence and
 * authority weight are computed in SQL with the same operations in the same order as
 * `effectiveConfidence` and `authorityWeight`, so they agree with StemeDB's to the last bit or so
 * (`power` is the C library's `pow`, `**` is V8's).
 */
import { MS_PER_DAY } from "../../src/lens/index.ts";
import { DEFAULT_TIER_HALF_LIFE_DAYS, DEFAULT_TIER_WEIGHTS } from "../../src/model/index.ts";

/** The SQL dialects the comparison runs. */
export type Dialect = "postgres" | "sqlite";

/** The SQL text of each lens query. */
export interface LensSql {
  /** Params of `pairParams`; at most one `RecencyRow`. */
  readonly recency: string;
  /** Params of `pairParams` (`now` unused); at most one `ConsensusRow`. */
  readonly consensus: string;
  /** Params of `pairParams`; at most one `AuthorityRow`. */
  readonly authority: string;
  /** Params of `pairParams`; one `SkepticRow` per distinct value, in answer order. */
  readonly skeptic: string;
  /** Params of `prefixParams`; one `RecencyRow` per pair. */
  readonly prefixRecency: string;
}

export interface RecencyRow {
  readonly value_json: string;
  readonly effective: number;
}

export interface ConsensusRow {
  readonly value_json: string;
  readonly share: number;
}

export interface AuthorityRow {
  readonly value_json: string;
  readonly weight: number;
  readonly total: number;
}

export interface SkepticRow {
  readonly value_json: string;
  readonly value_weight: number;
  readonly supporters: number;
}

/** `CAST(… AS DOUBLE PRECISION)` is float8 in PostgreSQL and REAL in SQLite. */
const double = (sql: string | number): string => `CAST(${String(sql)} AS DOUBLE PRECISION)`;

/** One `WHEN` per tier that decays: `confidence × 0.5^(age_days / half_life)`. */
const DECAY_BY_TIER = DEFAULT_TIER_HALF_LIFE_DAYS.flatMap((halfLife, tier) =>
  halfLife > 0 && halfLife !== Infinity
    ? [
        `WHEN tier = ${tier} THEN confidence * power(${double(0.5)}, ${double(":now - timestamp_ms")} / ${MS_PER_DAY} / ${halfLife})`,
      ]
    : [],
);

/**
 * The effective confidence, undecayed for a claim at or after `now` and for a tier that never
 * decays: `effectiveConfidence` in `src/lens/decay.ts`, the same operations in the same order.
 */
const EFFECTIVE = `CASE WHEN timestamp_ms >= :now THEN confidence ${DECAY_BY_TIER.join(" ")} ELSE confidence END`;

/** `effective confidence × tier weight`: `authorityWeight` without co-signatures (the claims are unsigned). */
const WEIGHT = `(${EFFECTIVE}) * CASE tier${DEFAULT_TIER_WEIGHTS.map((w, tier) => ` WHEN ${tier} THEN ${double(w)}`).join("")} ELSE 0 END`;

const PAIR = "concept_path = :path AND predicate = :predicate";
const NEWEST_FIRST = "timestamp_ms DESC, confidence DESC, hash";
// StemeDB's subtree: the path itself or a path starting with `prefix/`. The range bounds let the
// pair index scan just the subtree in index order; `below`..`beyond` is exactly `prefix/…`.
const SUBTREE =
  "concept_path >= :prefix AND concept_path < :beyond AND (concept_path = :prefix OR concept_path >= :below)";

const RECENCY = `SELECT value_json, ${EFFECTIVE} AS effective
FROM claims
WHERE ${PAIR}
ORDER BY ${NEWEST_FIRST}
LIMIT 1`;

// One vote per agent per value; equal counts go to the value whose best claim ranks first.
const CONSENSUS = `SELECT value_json, ${double("agents")} / ${double("SUM(agents) OVER ()")} AS share
FROM (
  SELECT value_json, COUNT(DISTINCT agent_id) AS agents, MIN(position) AS best
  FROM (
    SELECT value_json, agent_id, row_number() OVER (ORDER BY ${NEWEST_FIRST}) AS position
    FROM claims
    WHERE ${PAIR}
  ) AS ranked
  GROUP BY value_json
) AS per_value
ORDER BY agents DESC, best
LIMIT 1`;

const WEIGHED = `SELECT value_json, agent_id, timestamp_ms, confidence, hash, ${WEIGHT} AS weight
  FROM claims
  WHERE ${PAIR}`;

const AUTHORITY = `SELECT value_json, weight, SUM(weight) OVER () AS total
FROM (
  ${WEIGHED}
) AS weighed
ORDER BY weight DESC, ${NEWEST_FIRST}
LIMIT 1`;

// A value weighs its best claim; equal weights keep the authority ranking of those best claims.
const SKEPTIC = `SELECT value_json, MAX(weight) AS value_weight, CAST(COUNT(DISTINCT agent_id) AS INTEGER) AS supporters
FROM (
  SELECT value_json, agent_id, weight, row_number() OVER (ORDER BY weight DESC, ${NEWEST_FIRST}) AS position
  FROM (
    ${WEIGHED}
  ) AS weighed
) AS ranked
GROUP BY value_json
ORDER BY value_weight DESC, MIN(position)`;

// PostgreSQL's own top-1-per-group, fed in index order so it needs no sort.
const PREFIX_RECENCY_POSTGRES = `SELECT DISTINCT ON (concept_path, predicate) value_json, ${EFFECTIVE} AS effective
FROM claims
WHERE ${SUBTREE}
ORDER BY concept_path, predicate, ${NEWEST_FIRST}`;

const PREFIX_RECENCY_SQLITE = `SELECT value_json, effective
FROM (
  SELECT value_json, ${EFFECTIVE} AS effective,
    row_number() OVER (PARTITION BY concept_path, predicate ORDER BY ${NEWEST_FIRST}) AS position
  FROM claims
  WHERE ${SUBTREE}
) AS ranked
WHERE position = 1`;

/**
 * The lens queries for `dialect`.
 *
 * @example
 * ```ts
 * sqlite.prepare(lensSql("sqlite").recency).get({ path: "bench/c1", predicate: "p", now: Date.now() });
 * ```
 */
export function lensSql(dialect: Dialect): LensSql {
  return {
    recency: RECENCY,
    consensus: CONSENSUS,
    authority: AUTHORITY,
    skeptic: SKEPTIC,
    prefixRecency: dialect === "postgres" ? PREFIX_RECENCY_POSTGRES : PREFIX_RECENCY_SQLITE,
  };
}

/** The parameters of a query on one pair, by placeholder name. */
export type QueryParams = Readonly<Record<string, string | number>>;

/**
 * The parameters of `recency`, `consensus`, `authority` and `skeptic`.
 *
 * @example
 * ```ts
 * pairParams("bench/c1", "p", 1_706_745_600_000); // { path: "bench/c1", predicate: "p", now: 1706745600000 }
 * ```
 */
export function pairParams(conceptPath: string, predicate: string, nowMs: number): QueryParams {
  return { path: conceptPath, predicate, now: nowMs };
}

/**
 * The parameters of `prefixRecency`: paths `>= below` and `< beyond` are exactly those that start
 * with `prefix/` (`0` is the character after `/`), in byte order as in JavaScript.
 *
 * @example
 * ```ts
 * prefixParams("bench/g1", 0); // { prefix: "bench/g1", below: "bench/g1/", beyond: "bench/g10", now: 0 }
 * ```
 */
export function prefixParams(prefix: string, nowMs: number): QueryParams {
  return { prefix, below: `${prefix}/`, beyond: `${prefix}0`, now: nowMs };
}

/**
 * `sql` with its `:name` placeholders numbered `$1`, `$2`… in order of first appearance, for
 * PostgreSQL, and the names in that order. A `::` cast is left alone.
 *
 * @example
 * ```ts
 * numberPlaceholders("SELECT :b, :a, :b"); // { text: "SELECT $1, $2, $1", names: ["b", "a"] }
 * ```
 */
export function numberPlaceholders(sql: string): { text: string; names: readonly string[] } {
  const names: string[] = [];
  const text = sql.replace(/(?<!:):([a-z]+)/g, (_match, name: string) => {
    if (!names.includes(name)) names.push(name);
    return `$${names.indexOf(name) + 1}`;
  });
  return { text, names };
}
