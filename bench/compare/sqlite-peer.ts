/**
 * The SQLite peer: the same table and SQL lenses as PostgreSQL (`schema-sql.ts`, `lens-sql.ts`) in
 * one database file through better-sqlite3, in WAL mode with full fsync on every commit.
 */
import { statSync } from "node:fs";
import Database from "better-sqlite3";
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
  pairParams,
  prefixParams,
  type AuthorityRow,
  type ConsensusRow,
  type RecencyRow,
  type SkepticRow,
} from "./lens-sql.ts";
import type { BenchClaim, LensAnswer, Peer, SkepticShare } from "./peer.ts";
import { schemaSql } from "./schema-sql.ts";

// One prepared single-row statement per claim: in process there is no round trip to amortise, and
// multi-row INSERTs of 100 claims measured no faster (about 100,000 claims/s either way).
const INSERT = `INSERT INTO claims (hash, concept_path, predicate, value_json, agent_id, confidence, tier, timestamp_ms)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (hash) DO NOTHING`;

interface ExplainRow {
  readonly id: number;
  readonly parent: number;
  readonly detail: string;
}

/**
 * StemeDB's lenses answered by SQLite. better-sqlite3 is synchronous: each call runs on the
 * caller's thread and the returned promise is already settled.
 *
 * @example
 * ```ts
 * const peer = SqlitePeer.open("/tmp/bench/claims.sqlite");
 * await peer.ingest(claims);
 * await peer.recency("bench/c1", "p", Date.now());
 * await peer.close();
 * ```
 */
export class SqlitePeer implements Peer {
  readonly name = "SQLite";
  readonly #file: string;
  readonly #db: Database.Database;
  readonly #lenses: Readonly<Record<LensQueryName, Database.Statement>>;
  readonly #ingest: (claims: readonly BenchClaim[]) => void;

  private constructor(file: string, db: Database.Database) {
    this.#file = file;
    this.#db = db;
    const sql = lensSql("sqlite");
    this.#lenses = {
      recency: db.prepare(sql.recency),
      consensus: db.prepare(sql.consensus),
      authority: db.prepare(sql.authority),
      skeptic: db.prepare(sql.skeptic),
      prefixRecency: db.prepare(sql.prefixRecency),
    };
    const insert = db.prepare(INSERT);
    // db.transaction: BEGIN, the body, COMMIT (ROLLBACK if it throws).
    this.#ingest = db.transaction((claims: readonly BenchClaim[]) => {
      for (const c of claims) {
        insert.run(
          c.hash,
          c.conceptPath,
          c.predicate,
          c.valueJson,
          c.agentId,
          c.confidence,
          c.tier,
          c.timestampMs,
        );
      }
    });
  }

  /**
   * Opens (creating if needed) the database at `file`, with the table and index. WAL mode with
   * `synchronous=FULL` fsyncs the log at every commit, so a committed ingest survives a power cut.
   */
  static open(file: string): SqlitePeer {
    const db = new Database(file);
    try {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = FULL");
      // 1 GiB of page cache, as PostgreSQL's shared_buffers, and memory-mapped reads.
      db.pragma("cache_size = -1048576");
      db.pragma("mmap_size = 1073741824");
      db.pragma("temp_store = MEMORY");
      // A checkpointed log is truncated back to 64 MiB rather than kept at its largest.
      db.pragma("journal_size_limit = 67108864");
      db.pragma("busy_timeout = 5000");
      ensurePower(db);
      for (const statement of schemaSql("sqlite")) db.exec(statement);
      return new SqlitePeer(file, db);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  async ingest(claims: readonly BenchClaim[]): Promise<void> {
    this.#ingest(claims);
  }

  async recency(conceptPath: string, predicate: string, nowMs: number): Promise<LensAnswer | undefined> {
    return recencyAnswer(
      this.#lenses.recency.get(pairParams(conceptPath, predicate, nowMs)) as RecencyRow | undefined,
    );
  }

  async consensus(conceptPath: string, predicate: string, nowMs: number): Promise<LensAnswer | undefined> {
    return consensusAnswer(
      this.#lenses.consensus.get(pairParams(conceptPath, predicate, nowMs)) as ConsensusRow | undefined,
    );
  }

  async authority(conceptPath: string, predicate: string, nowMs: number): Promise<LensAnswer | undefined> {
    return authorityAnswer(
      this.#lenses.authority.get(pairParams(conceptPath, predicate, nowMs)) as AuthorityRow | undefined,
    );
  }

  async skeptic(conceptPath: string, predicate: string, nowMs: number): Promise<SkepticShare[]> {
    return skepticShares(this.#lenses.skeptic.all(pairParams(conceptPath, predicate, nowMs)) as SkepticRow[]);
  }

  async prefixRecency(prefix: string, nowMs: number): Promise<number> {
    return (this.#lenses.prefixRecency.all(prefixParams(prefix, nowMs)) as RecencyRow[]).length;
  }

  /**
   * Bytes of the database's pages (`page_count × page_size`, committed pages still in the
   * write-ahead log included), without the log file itself.
   */
  async bytesOnDisk(): Promise<number> {
    const pages = this.#db.pragma("page_count", { simple: true }) as number;
    const pageSize = this.#db.pragma("page_size", { simple: true }) as number;
    return pages * pageSize;
  }

  /** Bytes of the database file and its write-ahead log as they lie on disk now. */
  filesOnDisk(): number {
    let bytes = 0;
    for (const suffix of ["", "-wal", "-shm"])
      bytes += statSync(`${this.#file}${suffix}`, { throwIfNoEntry: false })?.size ?? 0;
    return bytes;
  }

  /** Gathers the planner's statistics, as a DBA does after a bulk load. */
  async analyze(): Promise<void> {
    this.#db.exec("ANALYZE");
  }

  /** The `EXPLAIN QUERY PLAN` of every lens query for `target`, one indented line per step. */
  async explain(target: ExplainTarget): Promise<LensPlans> {
    const sql = lensSql("sqlite");
    const plans: Partial<Record<LensQueryName, string>> = {};
    for (const name of LENS_QUERY_NAMES) {
      const rows = this.#db
        .prepare(`EXPLAIN QUERY PLAN ${sql[name]}`)
        .all(explainParams(name, target)) as ExplainRow[];
      plans[name] = planText(rows);
    }
    return plans as LensPlans;
  }

  async close(): Promise<void> {
    this.#db.close();
  }
}

/**
 * SQLite has `power` only when built with its math functions (better-sqlite3's build is); an older
 * or slimmer build gets an equivalent deterministic function, so the planner may still use it.
 */
function ensurePower(db: Database.Database): void {
  try {
    db.prepare("SELECT power(0.5, 1.0)").get();
  } catch {
    db.function(
      "power",
      { deterministic: true },
      (base: unknown, exponent: unknown) => Number(base) ** Number(exponent),
    );
  }
}

/** The rows of `EXPLAIN QUERY PLAN` as a tree, children indented under their parents. */
function planText(rows: readonly ExplainRow[]): string {
  const depth = new Map<number, number>([[0, -1]]);
  return rows
    .map((r) => {
      const d = (depth.get(r.parent) ?? -1) + 1;
      depth.set(r.id, d);
      return `${"  ".repeat(d)}${r.detail}`;
    })
    .join("\n");
}
