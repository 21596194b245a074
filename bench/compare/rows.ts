/**
 * The rows of the comparison, what each measures and which targets of the issue apply to it, and
 * the figures a system gets for a row.
 */

/** The systems compared, in the report's order. */
export const SYSTEMS = ["stemedb", "http", "postgres", "sqlite"] as const;
export type SystemId = (typeof SYSTEMS)[number];

export const SYSTEM_NAMES: Readonly<Record<SystemId, string>> = {
  stemedb: "StemeDB in process",
  http: "StemeDB over HTTP",
  postgres: "PostgreSQL 15",
  sqlite: "SQLite",
};

/**
 * What a row measures, which decides its targets: durable writes (≥ 3× PostgreSQL), lens
 * queries (≥ 5× PostgreSQL, p99 ≤ 5 ms at 1,000,000 claims), and the rest; StemeDB must be
 * ahead of SQLite on every row. `time` rows measure how long something takes, not a rate.
 */
export type RowKind = "write" | "lens" | "mixed" | "time";

export const ROW_IDS = [
  "ingest-1",
  "ingest-many",
  "single-1",
  "single-many",
  "recency-hot",
  "recency-cold",
  "consensus-hot",
  "consensus-cold",
  "authority-hot",
  "authority-cold",
  "skeptic-cold",
  "prefix-recency",
  "mixed",
  "cold-start",
  "recovery",
] as const;
export type RowId = (typeof ROW_IDS)[number];

export interface RowSpec {
  readonly id: RowId;
  readonly kind: RowKind;
  /** What the row is, for the report (the plan fills in the sizes). */
  readonly label: string;
  /** What its rate counts, or for a `time` row what is timed. */
  readonly unit: string;
}

/** One system's figures for one row. */
export interface Figures {
  /** Items per second (assertions, queries, operations); for a `time` row, 1000 / p50. */
  readonly perSecond: number;
  /** Operations measured (batches, queries, repetitions). */
  readonly operations: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Peak resident memory of the system's processes during the row. */
  readonly peakRssBytes: number;
  /** The data directory or database files, with the WAL, after the row. */
  readonly diskBytes: number;
}

/** How the run is sized: the plan of a full or a quick run. */
export interface RunPlan {
  readonly quick: boolean;
  readonly records: number;
  /** Clients of the concurrent ingest row. */
  readonly ingestClients: number;
  /** Clients of the concurrent single-write row. */
  readonly singleClients: number;
  /** Clients of the query rows on the servers (the embedded systems run one: their calls are synchronous). */
  readonly queryClients: number;
  readonly mixedClients: number;
  readonly singlesOneClient: number;
  readonly singlesManyClients: number;
  readonly mixedWrites: number;
  /** How long each query row runs (a cold row ends sooner when its pairs run out). */
  readonly queryMs: number;
  /** Untimed queries before a hot row's window. */
  readonly warmupMs: number;
  readonly mixedMs: number;
  /** Cold starts timed per system. */
  readonly coldStarts: number;
  /** How long the recovery row's writers write before they are killed. */
  readonly recoveryWriteMs: number;
}

/** The rows of a run of `plan`, with their labels. */
export function rowSpecs(plan: RunPlan): readonly RowSpec[] {
  const lens = (id: RowId, what: string): RowSpec => ({ id, kind: "lens", label: what, unit: "queries/s" });
  const queryClients = `1 client in process, ${plan.queryClients} over the network`;
  return [
    {
      id: "ingest-1",
      kind: "write",
      label: "Durable ingest, batches of 1,000, 1 client (first half)",
      unit: "assertions/s",
    },
    {
      id: "ingest-many",
      kind: "write",
      label: `Durable ingest, batches of 1,000, ${plan.ingestClients} clients (second half)`,
      unit: "assertions/s",
    },
    { id: "single-1", kind: "write", label: "Durable single writes, 1 client", unit: "assertions/s" },
    {
      id: "single-many",
      kind: "write",
      label: `Durable single writes, ${plan.singleClients} clients`,
      unit: "assertions/s",
    },
    lens("recency-hot", `Recency, hot pairs (${queryClients})`),
    lens("recency-cold", `Recency, cold pairs (${queryClients})`),
    lens("consensus-hot", `Consensus, hot pairs (${queryClients})`),
    lens("consensus-cold", `Consensus, cold pairs (${queryClients})`),
    lens("authority-hot", `Authority, hot pairs (${queryClients})`),
    lens("authority-cold", `Authority, cold pairs (${queryClients})`),
    lens("skeptic-cold", `Skeptic analysis, cold pairs (${queryClients})`),
    lens("prefix-recency", `Recency of every pair under a drug (${queryClients})`),
    {
      id: "mixed",
      kind: "mixed",
      label: `Mixed 90 % lens queries / 10 % single writes, ${plan.mixedClients} clients`,
      unit: "operations/s",
    },
    {
      id: "cold-start",
      kind: "time",
      label: "Cold start: open after a clean close to first answer",
      unit: "ms",
    },
    {
      id: "recovery",
      kind: "time",
      label: "Recovery: open after kill -9 mid-write to first answer",
      unit: "ms",
    },
  ];
}
