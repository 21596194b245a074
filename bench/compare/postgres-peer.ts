/**
 * The PostgreSQL peer: claims in one table (`schema-sql.ts`), lenses in SQL (`lens-sql.ts`) run as
 * named prepared statements through a connection pool.
 */
import pg from "pg";
import type { QueryResultRow } from "pg";
import {
  LENS_QUERY_NAMES,
  explainParams,
  type ExplainTarget,
  type LensPlans,
  type LensQueryName,
} from "./explain.ts";
import { authorityAnswer, consensusAnswer, recencyAnswer, skepticShares } from "./lens-answers.ts";
import {
  lensSql,
  numberPlaceholders,
  pairParams,
  prefixParams,
  type AuthorityRow,
  type ConsensusRow,
  type QueryParams,
  type RecencyRow,
  type SkepticRow,
} from "./lens-sql.ts";
import type { BenchClaim, LensAnswer, Peer, SkepticShare } from "./peer.ts";
import { schemaSql } from "./schema-sql.ts";

/** Where the server is (`startPostgres` returns one). */
export interface PostgresConnection {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
}

export interface PostgresPeerOptions {
  /** Pooled connections, so concurrent callers run concurrently (default 4). */
  readonly connections?: number;
  /** Claims per INSERT statement (default 5,000). */
  readonly batchRows?: number;
}

// One statement per batch with one array per column: 8 parameters whatever the batch size,
// parsed and planned once per connection, no per-row protocol round trips.
const INSERT = `INSERT INTO claims (hash, concept_path, predicate, value_json, agent_id, confidence, tier, timestamp_ms)
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::int2[], $8::int8[])
ON CONFLICT (hash) DO NOTHING`;

interface Numbered {
  readonly text: string;
  readonly names: readonly string[];
}

/**
 * StemeDB's lenses answered by PostgreSQL.
 *
 * @example
 * ```ts
 * const peer = await PostgresPeer.open(server);
 * await peer.ingest(claims);
 * await peer.recency("bench/c1", "p", Date.now());
 * await peer.close();
 * ```
 */
export class PostgresPeer implements Peer {
  readonly name = "PostgreSQL";
  readonly #pool: pg.Pool;
  readonly #batchRows: number;
  readonly #connections: number;
  readonly #queries: Readonly<Record<LensQueryName, Numbered>>;

  private constructor(pool: pg.Pool, batchRows: number, connections: number) {
    this.#pool = pool;
    this.#batchRows = batchRows;
    this.#connections = connections;
    const sql = lensSql("postgres");
    this.#queries = {
      recency: numberPlaceholders(sql.recency),
      consensus: numberPlaceholders(sql.consensus),
      authority: numberPlaceholders(sql.authority),
      skeptic: numberPlaceholders(sql.skeptic),
      prefixRecency: numberPlaceholders(sql.prefixRecency),
    };
  }

  /** Connects and creates the table and index unless they exist. */
  static async open(
    connection: PostgresConnection,
    options: PostgresPeerOptions = {},
  ): Promise<PostgresPeer> {
    const connections = options.connections ?? 4;
    const pool = new pg.Pool({
      host: connection.host,
      port: connection.port,
      user: connection.user,
      database: connection.database,
      max: connections,
    });
    // A connection the server dropped while idle (it was killed: the recovery row) is discarded
    // by the pool, and the next query opens another; unheard, the error would end the process.
    pool.on("error", () => undefined);
    try {
      for (const statement of schemaSql("postgres")) await pool.query(statement);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresPeer(pool, options.batchRows ?? 5_000, connections);
  }

  async ingest(claims: readonly BenchClaim[]): Promise<void> {
    if (claims.length <= this.#batchRows) {
      // One statement is its own transaction: no BEGIN and COMMIT round trips, as an application
      // writing one batch (or one claim) would do it.
      await this.#pool.query({ name: "ingest", text: INSERT, values: columns(claims) });
      return;
    }
    const client = await this.#pool.connect();
    let broken: Error | undefined;
    try {
      await client.query("BEGIN");
      for (let i = 0; i < claims.length; i += this.#batchRows) {
        await client.query({
          name: "ingest",
          text: INSERT,
          values: columns(claims.slice(i, i + this.#batchRows)),
        });
      }
      // synchronous_commit=on: COMMIT returns once the WAL is flushed to disk.
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch((rollbackError: unknown) => {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      });
      throw error;
    } finally {
      // A connection that cannot even roll back is dropped, not handed to the next caller.
      client.release(broken);
    }
  }

  async recency(conceptPath: string, predicate: string, nowMs: number): Promise<LensAnswer | undefined> {
    const rows = await this.#run<RecencyRow>("recency", pairParams(conceptPath, predicate, nowMs));
    return recencyAnswer(rows[0]);
  }

  async consensus(conceptPath: string, predicate: string, nowMs: number): Promise<LensAnswer | undefined> {
    const rows = await this.#run<ConsensusRow>("consensus", pairParams(conceptPath, predicate, nowMs));
    return consensusAnswer(rows[0]);
  }

  async authority(conceptPath: string, predicate: string, nowMs: number): Promise<LensAnswer | undefined> {
    const rows = await this.#run<AuthorityRow>("authority", pairParams(conceptPath, predicate, nowMs));
    return authorityAnswer(rows[0]);
  }

  async skeptic(conceptPath: string, predicate: string, nowMs: number): Promise<SkepticShare[]> {
    return skepticShares(await this.#run<SkepticRow>("skeptic", pairParams(conceptPath, predicate, nowMs)));
  }

  async prefixRecency(prefix: string, nowMs: number): Promise<number> {
    const rows = await this.#run<RecencyRow>("prefixRecency", prefixParams(prefix, nowMs));
    return rows.length;
  }

  /**
   * Bytes of the `claims` table with its indexes, TOAST and free-space maps
   * (`pg_total_relation_size`): the data's own footprint, without the WAL and the system
   * catalogs (`PostgresServer.bytesOnDisk` counts those).
   */
  async bytesOnDisk(): Promise<number> {
    const { rows } = await this.#pool.query<{ bytes: number }>(
      "SELECT CAST(pg_total_relation_size('claims') AS DOUBLE PRECISION) AS bytes",
    );
    return rows[0]?.bytes ?? 0;
  }

  /** Opens every connection of the pool now, so that a timed run does not pay for opening them. */
  async connectAll(): Promise<void> {
    const clients = await Promise.all(Array.from({ length: this.#connections }, () => this.#pool.connect()));
    for (const client of clients) client.release();
  }

  /** Refreshes the planner's statistics, as a DBA does after a bulk load. */
  async analyze(): Promise<void> {
    await this.#pool.query("ANALYZE claims");
  }

  /** Runs every lens query for `target` under `EXPLAIN (ANALYZE, BUFFERS)` and returns the plans. */
  async explain(target: ExplainTarget): Promise<LensPlans> {
    const plans: Partial<Record<LensQueryName, string>> = {};
    for (const name of LENS_QUERY_NAMES) {
      const { text, names } = this.#queries[name];
      const { rows } = await this.#pool.query<{ "QUERY PLAN": string }>(
        `EXPLAIN (ANALYZE, BUFFERS) ${text}`,
        bind(names, explainParams(name, target)),
      );
      plans[name] = rows.map((row) => row["QUERY PLAN"]).join("\n");
    }
    return plans as LensPlans;
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }

  async #run<R extends QueryResultRow>(name: LensQueryName, params: QueryParams): Promise<R[]> {
    const { text, names } = this.#queries[name];
    const result = await this.#pool.query<R>({ name: `lens_${name}`, text, values: bind(names, params) });
    return result.rows;
  }
}

/** The values of `names`, in order, from `params`. */
function bind(names: readonly string[], params: QueryParams): (string | number)[] {
  return names.map((name) => {
    const value = params[name];
    if (value === undefined) throw new RangeError(`Cannot run the query: parameter "${name}" has no value`);
    return value;
  });
}

/** The claims as one array per column, in the order of `INSERT`. */
function columns(claims: readonly BenchClaim[]): unknown[][] {
  return [
    claims.map((c) => c.hash),
    claims.map((c) => c.conceptPath),
    claims.map((c) => c.predicate),
    claims.map((c) => c.valueJson),
    claims.map((c) => c.agentId),
    claims.map((c) => c.confidence),
    claims.map((c) => c.tier),
    claims.map((c) => c.timestampMs),
  ];
}
