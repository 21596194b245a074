/**
 * StemeDB in process: the embedded database (`StemeDb`) on a data directory, claims appended with
 * `appendMany` (one group commit, durable before it resolves), lenses answered by the code behind
 * `POST /v1/query` and `GET /v1/skeptic`: `parseQuerySpec`, then `runQuery`.
 */
import { StemeDb } from "../../src/db/steme-db.ts";
import type { LensName, Resolution } from "../../src/lens/index.ts";
import { DEFAULT_LIFECYCLE, type Assertion, type Tier, type Value } from "../../src/model/index.ts";
import { MAX_QUERY_LIMIT, parseQuerySpec } from "../../src/query/query-spec.ts";
import { runQuery, type QueryAnswer } from "../../src/query/run-query.ts";
import { valueJson } from "./bench-claim.ts";
import { allocatedBytes } from "./disk-usage.ts";
import type { BenchClaim, LensAnswer, Peer, SkepticShare } from "./peer.ts";

/** Where the database lives: the WAL and the store, as a server's data directory has them. */
export interface StemeDbDirs {
  readonly walDir: string;
  readonly dbDir: string;
}

/**
 * StemeDB's own answers, from its query engine in this process.
 *
 * @example
 * ```ts
 * const peer = await StemeDbPeer.open({ walDir: "data/wal", dbDir: "data/db" });
 * await peer.ingest(claims);
 * await peer.recency("cardiology/x/safety", "boxed_warning", Date.now());
 * await peer.close();
 * ```
 */
export class StemeDbPeer implements Peer {
  readonly name = "StemeDB (in process)";
  readonly #db: StemeDb;
  readonly #dirs: StemeDbDirs;

  private constructor(db: StemeDb, dirs: StemeDbDirs) {
    this.#db = db;
    this.#dirs = dirs;
  }

  /** Opens (creating if needed) the database, replaying its WAL as a restart does. */
  static async open(dirs: StemeDbDirs): Promise<StemeDbPeer> {
    return new StemeDbPeer(await StemeDb.open(dirs), dirs);
  }

  /** Records the WAL replayed into the store when it opened (after a crash, what recovery redid). */
  get replayed(): number {
    return this.#db.openReport.replayed;
  }

  async ingest(claims: readonly BenchClaim[]): Promise<void> {
    await this.#db.appendMany(claims.map(toAssertion));
  }

  async recency(conceptPath: string, predicate: string, nowMs: number): Promise<LensAnswer | undefined> {
    return answerOf(this.#resolve("recency", conceptPath, predicate, nowMs));
  }

  async consensus(conceptPath: string, predicate: string, nowMs: number): Promise<LensAnswer | undefined> {
    return answerOf(this.#resolve("consensus", conceptPath, predicate, nowMs));
  }

  async authority(conceptPath: string, predicate: string, nowMs: number): Promise<LensAnswer | undefined> {
    return answerOf(this.#resolve("authority", conceptPath, predicate, nowMs));
  }

  async skeptic(conceptPath: string, predicate: string, nowMs: number): Promise<SkepticShare[]> {
    // As `GET /v1/skeptic` asks it: every candidate of the pair.
    const spec = parseQuerySpec(
      { concept_path: conceptPath, predicate, lens: "skeptic", limit: MAX_QUERY_LIMIT },
      "body",
    );
    const resolution = runQuery(this.#db.store, this.#db.evidence, spec, { nowMs }).pairs[0]?.resolution;
    return (resolution?.values ?? []).map((v) => ({
      valueJson: valueJson(v.value),
      share: v.share,
      supporters: v.supporters,
    }));
  }

  async prefixRecency(prefix: string, nowMs: number): Promise<number> {
    const spec = parseQuerySpec(
      { concept_path: `${prefix}/*`, lens: "recency", limit: MAX_QUERY_LIMIT },
      "body",
    );
    return wholeAnswer(runQuery(this.#db.store, this.#db.evidence, spec, { nowMs }), prefix).pairs.length;
  }

  /** Bytes of the WAL segments and the LMDB store, allocated on disk. */
  async bytesOnDisk(): Promise<number> {
    return allocatedBytes(this.#dirs.walDir) + allocatedBytes(this.#dirs.dbDir);
  }

  async close(): Promise<void> {
    await this.#db.close();
  }

  #resolve(lens: LensName, conceptPath: string, predicate: string, nowMs: number): Resolution | undefined {
    // The default limit, as a client's `POST /v1/query` has it: a pair is always resolved whole.
    const spec = parseQuerySpec({ concept_path: conceptPath, predicate, lens }, "body");
    return runQuery(this.#db.store, this.#db.evidence, spec, { nowMs }).pairs[0]?.resolution;
  }
}

/**
 * A claim as the write path would have normalised it (`normalizeAssertion` made its hash when the
 * workload was generated): unsigned, attributed to its agent, in the default lifecycle.
 */
function toAssertion(claim: BenchClaim): Assertion {
  return {
    hash: claim.hash,
    conceptPath: claim.conceptPath,
    predicate: claim.predicate,
    value: JSON.parse(claim.valueJson) as Value,
    confidence: claim.confidence,
    authorityTier: claim.tier as Tier,
    lifecycle: DEFAULT_LIFECYCLE,
    timestampMs: claim.timestampMs,
    signatures: [],
    agentId: claim.agentId,
  };
}

function answerOf(resolution: Resolution | undefined): LensAnswer | undefined {
  if (resolution?.value == null || resolution.resolutionConfidence === null) return undefined;
  return { valueJson: valueJson(resolution.value), resolutionConfidence: resolution.resolutionConfidence };
}

/** The answer, which must not have been cut short by the limit: a prefix count must be whole. */
function wholeAnswer(answer: QueryAnswer, prefix: string): QueryAnswer {
  if (answer.truncated) {
    throw new RangeError(
      `Cannot count the pairs under "${prefix}": the subtree has more than ${MAX_QUERY_LIMIT} candidates`,
    );
  }
  return answer;
}
