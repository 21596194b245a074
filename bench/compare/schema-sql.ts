/**
 * The one table both SQL peers store claims in, and its indexes. The pair index is in the
 * tie-break order of `src/lens/tie-break.ts`, so the recency winner of a pair is its first entry,
 * the window functions of `lens-sql.ts` read a pair's rows presorted, and a subtree is one range
 * of it. Text compares byte by byte (PostgreSQL's "C" collation, SQLite's BINARY), as JavaScript
 * compares hashes and paths; that also lets the range bounds of a subtree use the index, so no
 * `text_pattern_ops` index is needed.
 */
import type { Dialect } from "./lens-sql.ts";

const POSTGRES = [
  `CREATE TABLE IF NOT EXISTS claims (
  hash text COLLATE "C" PRIMARY KEY,
  concept_path text COLLATE "C" NOT NULL,
  predicate text COLLATE "C" NOT NULL,
  value_json text COLLATE "C" NOT NULL,
  agent_id text COLLATE "C" NOT NULL,
  confidence double precision NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  tier smallint NOT NULL CHECK (tier BETWEEN 0 AND 5),
  timestamp_ms bigint NOT NULL
)`,
  "CREATE INDEX IF NOT EXISTS claims_pair_newest ON claims (concept_path, predicate, timestamp_ms DESC, confidence DESC, hash)",
];

const SQLITE = [
  `CREATE TABLE IF NOT EXISTS claims (
  hash TEXT PRIMARY KEY NOT NULL,
  concept_path TEXT NOT NULL,
  predicate TEXT NOT NULL,
  value_json TEXT NOT NULL,
  agent_id TEXT NOT NULL,
  confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
  tier INTEGER NOT NULL CHECK (tier BETWEEN 0 AND 5),
  timestamp_ms INTEGER NOT NULL
) STRICT`,
  "CREATE INDEX IF NOT EXISTS claims_pair_newest ON claims (concept_path, predicate, timestamp_ms DESC, confidence DESC, hash)",
];

/**
 * The statements that create the `claims` table and its pair index unless they exist.
 *
 * @example
 * ```ts
 * for (const statement of schemaSql("sqlite")) sqlite.exec(statement);
 * ```
 */
export function schemaSql(dialect: Dialect): readonly string[] {
  return dialect === "postgres" ? POSTGRES : SQLITE;
}
