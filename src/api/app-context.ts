import type { ClusterNode } from "../cluster/cluster-node.ts";
import type { StemeDb } from "../db/steme-db.ts";
import type { Config } from "../ops/config.ts";
import type { Metrics } from "../ops/metrics.ts";
import type { WalArchiver } from "../ops/wal-archiver.ts";
import type { Evidence } from "../query/evidence.ts";
import type { Shield } from "../shield/shield.ts";

/** What the routes need from the running server. */
export interface AppContext {
  readonly db: StemeDb;
  readonly config: Config;
  /** Absent when `STEMEDB_METER_ENABLED=false`. */
  readonly metrics: Metrics | undefined;
  /** Trust, votes, epochs, retractions and quarantine, for the query engine. */
  readonly evidence: Evidence;
  /** Authentication, limits, breakers and quarantine. */
  readonly shield: Shield;
  readonly version: string;
  /** `performance.now()` at start, for uptime. */
  readonly startedAt: number;
  /** Continuous WAL archiving, when `STEMEDB_WAL_ARCHIVE_DIR` is set. */
  readonly archiver: WalArchiver | undefined;
  /** This node's part in the cluster; absent on a single node. */
  readonly cluster?: ClusterNode;
  /** Set while the server is shutting down: health turns 503 and new writes are refused. */
  readonly state: { draining: boolean };
}
