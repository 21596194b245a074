import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ClusterHealth } from "../cluster/cluster-node.ts";
import { WindowedSummary } from "./windowed-summary.ts";

/**
 * Prometheus metrics. The names the seeds' dashboards and alerts query are kept verbatim:
 * `stemedb_query_latency_seconds` (a summary with a 0.99 quantile), `stemedb_assertions_total`,
 * `stemedb_wal_fsync_latency_seconds`, `stemedb_restarts_total`; plus the process metrics
 * (`process_resident_memory_bytes`, …) and HTTP request metrics.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly queryLatency: WindowedSummary;
  readonly assertionsTotal: Counter;
  readonly walFsyncLatency: Histogram;
  readonly walGroupCommitRecords: Histogram;
  readonly restartsTotal: Counter;
  readonly httpRequestDuration: Histogram;
  readonly storedAssertions: Gauge;
  readonly walSegments: Gauge;
  readonly requestsRejected: Counter<"reason">;
  readonly quarantinedTotal: Counter<"reason">;

  constructor(readAssertionCount: () => number, readWalSegments: () => number) {
    collectDefaultMetrics({ register: this.registry });
    const registers = [this.registry];
    this.queryLatency = new WindowedSummary({
      name: "stemedb_query_latency_seconds",
      help: "Time to answer a query, lens included",
      percentiles: [0.5, 0.9, 0.99],
      maxAgeSeconds: 600,
      ageBuckets: 5,
      registers,
    });
    this.assertionsTotal = new Counter({
      name: "stemedb_assertions_total",
      help: "Assertions stored by this process (new content; idempotent repeats not counted)",
      registers,
    });
    this.walFsyncLatency = new Histogram({
      name: "stemedb_wal_fsync_latency_seconds",
      help: "Duration of each WAL group-commit fdatasync",
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.walGroupCommitRecords = new Histogram({
      name: "stemedb_wal_group_commit_records",
      help: "Records made durable by one fdatasync",
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 4096],
      registers,
    });
    this.restartsTotal = new Counter({
      name: "stemedb_restarts_total",
      help: "Times the server has started on this data directory, less the first",
      registers,
    });
    this.httpRequestDuration = new Histogram({
      name: "stemedb_http_request_duration_seconds",
      help: "HTTP request duration by route and status",
      labelNames: ["method", "route", "status"],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.storedAssertions = new Gauge({
      name: "stemedb_stored_assertions",
      help: "Distinct assertions in the store",
      registers,
      collect() {
        this.set(readAssertionCount());
      },
    });
    this.requestsRejected = new Counter({
      name: "stemedb_requests_rejected_total",
      help: "Requests refused by the Shield, by reason (rate_limit, quota, circuit_breaker, proof_of_work, tier_cap, admin_token)",
      labelNames: ["reason"],
      registers,
    });
    this.quarantinedTotal = new Counter({
      name: "stemedb_quarantined_total",
      help: "Writes held in quarantine, by reason",
      labelNames: ["reason"],
      registers,
    });
    this.walSegments = new Gauge({
      name: "stemedb_wal_segments",
      help: "WAL segment files",
      registers,
      collect() {
        this.set(readWalSegments());
      },
    });
  }

  /** Gauges of continuous WAL archiving, read at scrape time. */
  watchArchiver(read: {
    readonly pendingSegments: () => number;
    readonly lastSuccessMs: () => number | undefined;
  }): void {
    const registers = [this.registry];
    new Gauge({
      name: "stemedb_wal_archive_pending_segments",
      help: "Sealed WAL segments not yet copied to the archive",
      registers,
      collect() {
        this.set(read.pendingSegments());
      },
    });
    new Gauge({
      name: "stemedb_wal_archive_last_success_timestamp_seconds",
      help: "The archive holds every write durable at this time (Unix seconds; 0 before the first pass)",
      registers,
      collect() {
        this.set((read.lastSuccessMs() ?? 0) / 1000);
      },
    });
  }

  /**
   * `stemedb_storage_writable`: 1 while writes are taken, 0 while they are refused because the
   * disk is full or storage failed. Read at scrape time from the database's own failure state, so
   * it cannot disagree with what writers are told.
   */
  watchStorage(writable: () => boolean): void {
    new Gauge({
      name: "stemedb_storage_writable",
      help: "1 while writes are taken, 0 while they are refused because the disk is full or storage failed",
      registers: [this.registry],
      collect() {
        this.set(writable() ? 1 : 0);
      },
    });
  }

  /**
   * Gauges of a cluster node, read at scrape time: `replication_lag_seconds` (the seeds' name),
   * records behind, the applied sequence, the connection to NATS, and live members.
   */
  watchCluster(read: { readonly health: () => ClusterHealth; readonly members: () => number }): void {
    const registers = [this.registry];
    const gauge = (options: {
      name: string;
      help: string;
      value: (health: ClusterHealth) => number;
    }): void => {
      new Gauge({
        name: options.name,
        help: options.help,
        registers,
        collect() {
          this.set(options.value(read.health()));
        },
      });
    };
    gauge({
      name: "replication_lag_seconds",
      help: "Age of the oldest cluster log record this node has not applied (0 when caught up)",
      value: (h) => h.lag_seconds ?? 0,
    });
    gauge({
      name: "stemedb_cluster_lag_records",
      help: "Cluster log records this node has not applied yet",
      value: (h) => h.lag_records ?? 0,
    });
    gauge({
      name: "stemedb_cluster_applied_seq",
      help: "Last cluster log sequence applied to this node's store",
      value: (h) => h.applied_seq,
    });
    gauge({
      name: "stemedb_cluster_engine_connected",
      help: "1 while connected to a NATS server, else 0",
      value: (h) => (h.engine === "connected" ? 1 : 0),
    });
    gauge({
      name: "stemedb_cluster_caught_up",
      help: "1 once the node has applied the whole log it found at start",
      value: (h) => (h.caught_up ? 1 : 0),
    });
    new Gauge({
      name: "stemedb_cluster_members",
      help: "Live members in the membership bucket, as last counted",
      registers,
      collect() {
        this.set(read.members());
      },
    });
  }

  /** Gauges read from the Shield at scrape time: breakers by state, writes awaiting review. */
  watchShield(read: {
    readonly breakerCounts: () => Readonly<Record<string, number>>;
    readonly pendingQuarantine: () => number;
  }): void {
    const registers = [this.registry];
    new Gauge({
      name: "stemedb_circuit_breaker_state",
      help: "Agents whose circuit breaker is in each state (CLOSED counts only agents with recent failures)",
      labelNames: ["state"],
      registers,
      collect() {
        for (const [state, count] of Object.entries(read.breakerCounts())) this.set({ state }, count);
      },
    });
    new Gauge({
      name: "stemedb_quarantine_pending",
      help: "Writes held in quarantine awaiting an admin's decision",
      registers,
      collect() {
        this.set(read.pendingQuarantine());
      },
    });
  }

  /**
   * Lets go of what the gauges read. prom-client's default GC metric observes through a
   * PerformanceObserver it never disconnects, and that observer holds this registry: without
   * this, a closed server (its store caches, the Shield's index) stays in memory for as long as
   * the process runs, as in a test or benchmark that starts many.
   */
  close(): void {
    this.registry.clear();
  }
}
