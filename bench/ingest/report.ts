import type { RebuildReport } from "../../src/db/rebuild.ts";
import type { WriteRun } from "./bench-db.ts";
import type { DiskUsage } from "./measure-disk.ts";
import { formatCount, formatFixed, markdownTable } from "./table.ts";

/** The targets StemeDB's ingest path is held to. */
export const TARGETS = {
  /** Durable `append`s per second with at least 256 concurrent writers (unsigned). */
  appendsPerSecond: 50_000,
  appendsFromWriters: 256,
  /** WAL records replayed into a new store per second. */
  rebuildRecordsPerSecond: 100_000,
  /** WAL plus store, per assertion. */
  bytesPerAssertion: 600,
} as const;

export interface AppendRow {
  readonly workload: string;
  readonly writers: number;
  readonly run: WriteRun;
}

export interface BatchRow {
  readonly batchSize: number;
  readonly concurrency: number;
  readonly run: WriteRun;
}

/** The 256-writer data directory: on disk after ingest, rebuilt, and on disk again. */
export interface StorageRow {
  readonly afterIngest: DiskUsage;
  readonly rebuild: RebuildReport;
  readonly afterRebuild: DiskUsage;
}

export interface IngestResults {
  readonly machine: string;
  readonly quick: boolean;
  readonly appends: readonly AppendRow[];
  readonly batched: BatchRow;
  readonly storage: StorageRow;
}

/** The whole report as markdown: a header, one table per measure, and how to read them. */
export function formatReport(results: IngestResults): string {
  const sections = [
    "# StemeDB ingest benchmark",
    `Machine: ${results.machine}`,
    ...(results.quick
      ? ["**Quick run** (`--quick`): too few records for stable numbers; a smoke test."]
      : []),
    "## Durable appends (`append`, each writer awaits its own write)",
    appendsTable(results.appends),
    "## Batched appends (`appendMany`, unsigned)",
    batchedTable(results.batched),
    "## Rebuild of the store from the WAL (`rebuildStore`, the 256-writer run's data)",
    rebuildTable(results.storage.rebuild),
    "## Bytes on disk (the 256-writer run's data, database closed)",
    diskTable(results.storage),
    "Store pages by keyspace, after live ingest:",
    keyspaceTable(results.storage.afterIngest, results.storage.rebuild.assertions),
    "## How to read this",
    NOTES.map((note) => `- ${note}`).join("\n"),
  ];
  return `${sections.join("\n\n")}\n`;
}

const NOTES = [
  "Latency is per call, from calling `append` until it resolves: durable in the WAL (fdatasync " +
    "returned) and applied to the store. Each writer appends again as soon as its last write resolves.",
  "records/fdatasync and fdatasync ms come from the WAL's `onGroupCommit`: appends that arrive while " +
    "one group commit is in flight share the next fdatasync. Writers that await their own write move in " +
    "lockstep, so throughput ≈ records/fdatasync ÷ one round (fdatasync + store apply + waking the writers).",
  "The signed row signs with `signHash` (1 Ed25519 signature, ~100 agent keys) before timing, and " +
    "`append` verifies each signature on the event loop. It writes a quarter of the large rows' " +
    "assertions, because signing the workload costs more than writing it.",
  "loop busy is the event loop's utilisation during the run: well under 100 % means writers were " +
    "waiting (for fdatasync or LMDB's writer thread), not short of JavaScript time. CPU is process CPU " +
    "time ÷ wall time over all threads (up to cores × 100 %). Other load on the machine skews both.",
  "Store used = (last page number + 1) × page size, from LMDB's `getStats()`; live = pages of the " +
    "B-trees; used − live is free pages inside the file, which later writes reuse. The file " +
    "(`data.mdb`) may be larger than used where LMDB has grown it ahead. The target counts WAL + store used.",
];

function appendsTable(rows: readonly AppendRow[]): string {
  return markdownTable(
    [
      { heading: "workload" },
      { heading: "writers", align: "right" },
      { heading: "assertions", align: "right" },
      { heading: "seconds", align: "right" },
      { heading: "assertions/s", align: "right" },
      { heading: "p50 ms", align: "right" },
      { heading: "p99 ms", align: "right" },
      { heading: "records/fdatasync", align: "right" },
      { heading: "fdatasync ms", align: "right" },
      { heading: "loop busy", align: "right" },
      { heading: "CPU", align: "right" },
      { heading: "target" },
    ],
    rows.map(({ workload, writers, run }) => {
      const rate = run.assertions / run.seconds;
      const held = workload === "unsigned" && writers >= TARGETS.appendsFromWriters;
      return [
        workload,
        formatCount(writers),
        ...throughputCells(run),
        formatFixed(run.latency.percentile(50), 2),
        formatFixed(run.latency.percentile(99), 2),
        formatFixed(run.commits.recordsPerCommit, 1),
        formatFixed(run.commits.meanFsyncMs, 2),
        ...utilisationCells(run),
        held ? verdict(rate >= TARGETS.appendsPerSecond, `≥ ${formatCount(TARGETS.appendsPerSecond)}/s`) : "",
      ];
    }),
  );
}

function batchedTable({ batchSize, concurrency, run }: BatchRow): string {
  return markdownTable(
    [
      { heading: "batch size", align: "right" },
      { heading: "concurrent batches", align: "right" },
      { heading: "assertions", align: "right" },
      { heading: "seconds", align: "right" },
      { heading: "assertions/s", align: "right" },
      { heading: "p50 batch ms", align: "right" },
      { heading: "p99 batch ms", align: "right" },
      { heading: "records/fdatasync", align: "right" },
      { heading: "fdatasync ms", align: "right" },
      { heading: "loop busy", align: "right" },
      { heading: "CPU", align: "right" },
    ],
    [
      [
        formatCount(batchSize),
        formatCount(concurrency),
        ...throughputCells(run),
        formatFixed(run.latency.percentile(50), 1),
        formatFixed(run.latency.percentile(99), 1),
        formatFixed(run.commits.recordsPerCommit, 1),
        formatFixed(run.commits.meanFsyncMs, 2),
        ...utilisationCells(run),
      ],
    ],
  );
}

function rebuildTable(rebuild: RebuildReport): string {
  const rate = rebuild.records / rebuild.seconds;
  return markdownTable(
    [
      { heading: "records", align: "right" },
      { heading: "assertions", align: "right" },
      { heading: "seconds", align: "right" },
      { heading: "records/s", align: "right" },
      { heading: "target" },
    ],
    [
      [
        formatCount(rebuild.records),
        formatCount(rebuild.assertions),
        formatFixed(rebuild.seconds, 2),
        formatCount(rate),
        verdict(
          rate >= TARGETS.rebuildRecordsPerSecond,
          `≥ ${formatCount(TARGETS.rebuildRecordsPerSecond)}/s`,
        ),
      ],
    ],
  );
}

function diskTable({ afterIngest, rebuild, afterRebuild }: StorageRow): string {
  const n = rebuild.assertions;
  const perAssertion = (bytes: number): string => formatCount(bytes / n);
  const line = (measure: string, pick: (usage: DiskUsage) => number, target = ""): string[] => [
    measure,
    mebibytes(pick(afterIngest)),
    perAssertion(pick(afterIngest)),
    mebibytes(pick(afterRebuild)),
    perAssertion(pick(afterRebuild)),
    target,
  ];
  const total = (usage: DiskUsage): number => usage.walBytes + usage.storeUsedBytes;
  const limit = TARGETS.bytesPerAssertion;
  return markdownTable(
    [
      { heading: "measure" },
      { heading: "after live ingest", align: "right" },
      { heading: "B/assertion", align: "right" },
      { heading: "after rebuild", align: "right" },
      { heading: "B/assertion", align: "right" },
      { heading: "target" },
    ],
    [
      line(`WAL (${afterIngest.walSegments} segment(s))`, (u) => u.walBytes),
      line("store file (data.mdb)", (u) => u.storeFileBytes),
      line("store used pages", (u) => u.storeUsedBytes),
      line("store live B-tree pages", (u) => u.storeLiveBytes),
      line("total: WAL + store used", total, verdict(total(afterIngest) / n <= limit, `≤ ${limit} B`)),
    ],
  );
}

function keyspaceTable(usage: DiskUsage, assertions: number): string {
  return markdownTable(
    [
      { heading: "keyspace" },
      { heading: "entries", align: "right" },
      { heading: `pages (${usage.pageSize} B)`, align: "right" },
      { heading: "B/assertion", align: "right" },
    ],
    usage.keyspaces.map((k) => [
      k.name,
      formatCount(k.entries),
      formatCount(k.pages),
      formatFixed(k.bytes / assertions, 1),
    ]),
  );
}

function throughputCells(run: WriteRun): string[] {
  return [
    formatCount(run.assertions),
    formatFixed(run.seconds, 2),
    formatCount(run.assertions / run.seconds),
  ];
}

/** Event loop busy share and CPU use, both as percentages (CPU can exceed 100 % with threads). */
function utilisationCells(run: WriteRun): string[] {
  return [`${formatFixed(run.loopBusy * 100, 0)} %`, `${formatFixed(run.cpuCores * 100, 0)} %`];
}

function verdict(met: boolean, target: string): string {
  return `${target}: ${met ? "met" : "**missed**"}`;
}

function mebibytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
