import { formatCount, formatFixed, markdownTable, type Column } from "../ingest/table.ts";
import type { MeasuredRun } from "./load-process.ts";

/** The targets StemeDB's HTTP API is held to. */
export const TARGETS = {
  /** `POST /v1/assert`, one assertion per request. */
  singleAssertsPerSecond: 10_000,
  /** Assertions a second through `POST /v1/assert/batch`. */
  batchedAssertionsPerSecond: 50_000,
  /** `POST /v1/query` on a store of `queryStoreAssertions`, at a p99 of at most `queryP99Ms`. */
  queriesPerSecond: 10_000,
  queryP99Ms: 10,
  queryStoreAssertions: 1_000_000,
} as const;

export interface SingleRow {
  readonly workload: "unsigned" | "signed";
  readonly concurrency: number;
  readonly run: MeasuredRun;
}

export interface BatchRow {
  readonly size: number;
  readonly concurrency: number;
  readonly run: MeasuredRun;
}

export interface QueryRow {
  /** Which pairs: `hot (100 pairs)` or `cold (all 10,000)`. */
  readonly pairs: string;
  readonly lens: string;
  readonly concurrency: number;
  readonly run: MeasuredRun;
}

export interface HttpResults {
  readonly machine: string;
  readonly quick: boolean;
  readonly warmupMs: number;
  readonly durationMs: number;
  /** Assertions in the store the queries read. */
  readonly records: number;
  /** Candidates per (concept_path, predicate) pair in that store. */
  readonly candidatesPerPair: number;
  readonly singles: readonly SingleRow[];
  readonly batch: BatchRow;
  readonly load: BatchRow;
  readonly queries: readonly QueryRow[];
}

/** The whole report as markdown: a header, one table per kind of request, and how to read them. */
export function formatReport(r: HttpResults): string {
  const window = `${formatFixed(r.warmupMs / 1000, 1)} s warm-up, then ${formatFixed(r.durationMs / 1000, 1)} s measured`;
  const sections = [
    "# StemeDB HTTP benchmark",
    `Machine: ${r.machine}`,
    ...(r.quick ? ["**Quick run** (`--quick`): short windows and a small store; a smoke test."] : []),
    `Each row: the real server (\`serve\`, default configuration) on loopback, driven by a closed-loop ` +
      `load generator in a separate Node process over keep-alive connections; ${window}.`,
    "## Single assertions (`POST /v1/assert`, one per request)",
    singlesTable(r.singles),
    "## Batched assertions (`POST /v1/assert/batch`, unsigned)",
    batchTable(r.batch, true),
    `## Queries (\`POST /v1/query\` with concept_path, predicate and lens; ${formatCount(r.records)} assertions)`,
    `Loading the store through \`POST /v1/assert/batch\` (${formatCount(r.records)} assertions, ` +
      `${formatCount(r.candidatesPerPair)} per pair):`,
    batchTable(r.load, false),
    "Queries:",
    queriesTable(r.queries, r.records),
    "## How to read this",
    NOTES.map((note) => `- ${note}`).join("\n"),
  ];
  return `${sections.join("\n\n")}\n`;
}

const NOTES = [
  "Latency is per request as the client sees it: from sending the request until the whole answer " +
    "has been read. A write is answered once durable in the WAL and applied to the store.",
  "Every write request carries assertions no other request carried (each has its own timestamp), " +
    "so every one is stored; write rows run on a fresh data directory each.",
  "The workload: assertion i is about `bench/c<i mod 10,000>` and `p<i mod 5>`, so there are 10,000 " +
    "(concept_path, predicate) pairs; values mix text, numbers and booleans; confidences and tiers vary. " +
    "A query asks for one pair and answers with up to 100 of its candidates (the default limit).",
  "Signed rows carry one Ed25519 signature (100 agents), signed before timing; the server verifies it.",
  "server loop is the server's event-loop utilisation in the window (near 100 %: JavaScript on the " +
    "loop is the limit); server CPU and client CPU are each process's CPU time ÷ wall time over all " +
    "its threads (cores × 100 % at most). Both processes share the machine's cores, so on a small " +
    "machine the client's CPU is taken from the server.",
  "`(ran out)` after the seconds: the row's pre-built requests were all sent before its window ended, " +
    "so the window was shorter; the rate is still requests ÷ seconds.",
];

function singlesTable(rows: readonly SingleRow[]): string {
  return markdownTable(
    [
      { heading: "workload" },
      { heading: "concurrency", align: "right" },
      { heading: "requests", align: "right" },
      { heading: "seconds", align: "right" },
      { heading: "requests/s", align: "right" },
      ...latencyColumns("p50 ms", "p99 ms"),
      ...usageColumns(),
      { heading: "target" },
    ],
    rows.map(({ workload, concurrency, run }) => {
      const rate = run.load.requests / run.load.seconds;
      return [
        workload,
        formatCount(concurrency),
        formatCount(run.load.requests),
        seconds(run),
        formatCount(rate),
        ...latencyCells(run, 2),
        ...usageCells(run),
        verdict(rate >= TARGETS.singleAssertsPerSecond, `≥ ${formatCount(TARGETS.singleAssertsPerSecond)}/s`),
      ];
    }),
  );
}

function batchTable({ size, concurrency, run }: BatchRow, withTarget: boolean): string {
  const rate = run.load.items / run.load.seconds;
  const target = TARGETS.batchedAssertionsPerSecond;
  return markdownTable(
    [
      { heading: "batch size", align: "right" },
      { heading: "concurrency", align: "right" },
      { heading: "requests", align: "right" },
      { heading: "assertions", align: "right" },
      { heading: "seconds", align: "right" },
      { heading: "assertions/s", align: "right" },
      ...latencyColumns("p50 batch ms", "p99 batch ms"),
      ...usageColumns(),
      ...(withTarget ? [{ heading: "target" }] : []),
    ],
    [
      [
        formatCount(size),
        formatCount(concurrency),
        formatCount(run.load.requests),
        formatCount(run.load.items),
        seconds(run),
        formatCount(rate),
        ...latencyCells(run, 1),
        ...usageCells(run),
        ...(withTarget ? [verdict(rate >= target, `≥ ${formatCount(target)}/s`)] : []),
      ],
    ],
  );
}

function queriesTable(rows: readonly QueryRow[], records: number): string {
  const smaller = records < TARGETS.queryStoreAssertions;
  const target =
    `≥ ${formatCount(TARGETS.queriesPerSecond)}/s, p99 ≤ ${TARGETS.queryP99Ms} ms` +
    (smaller ? ` (at ${formatCount(TARGETS.queryStoreAssertions)})` : "");
  return markdownTable(
    [
      { heading: "pairs" },
      { heading: "lens" },
      { heading: "concurrency", align: "right" },
      { heading: "requests", align: "right" },
      { heading: "seconds", align: "right" },
      { heading: "queries/s", align: "right" },
      ...latencyColumns("p50 ms", "p99 ms"),
      { heading: "KiB/answer", align: "right" },
      ...usageColumns(),
      { heading: "target" },
    ],
    rows.map(({ pairs, lens, concurrency, run }) => {
      const rate = run.load.requests / run.load.seconds;
      const met = rate >= TARGETS.queriesPerSecond && run.load.p99Ms <= TARGETS.queryP99Ms;
      return [
        pairs,
        lens,
        formatCount(concurrency),
        formatCount(run.load.requests),
        seconds(run),
        formatCount(rate),
        ...latencyCells(run, 2),
        formatFixed(run.load.meanResponseBytes / 1024, 1),
        ...usageCells(run),
        verdict(met, target),
      ];
    }),
  );
}

function latencyColumns(p50: string, p99: string): Column[] {
  return [
    { heading: p50, align: "right" },
    { heading: p99, align: "right" },
    { heading: "errors", align: "right" },
  ];
}

function latencyCells(run: MeasuredRun, decimals: number): string[] {
  return [
    formatFixed(run.load.p50Ms, decimals),
    formatFixed(run.load.p99Ms, decimals),
    formatCount(run.load.errors),
  ];
}

function usageColumns(): Column[] {
  return [
    { heading: "server loop", align: "right" },
    { heading: "server CPU", align: "right" },
    { heading: "client CPU", align: "right" },
  ];
}

/** The server's loop and CPU, and the client's CPU, as percentages (CPU can exceed 100 %). */
function usageCells(run: MeasuredRun): string[] {
  return [
    `${formatFixed(run.server.loopBusy * 100, 0)} %`,
    `${formatFixed(run.server.cpuCores * 100, 0)} %`,
    `${formatFixed(run.load.clientCpuCores * 100, 0)} %`,
  ];
}

function seconds(run: MeasuredRun): string {
  return `${formatFixed(run.load.seconds, 2)}${run.load.exhausted ? " (ran out)" : ""}`;
}

function verdict(met: boolean, target: string): string {
  return `${target}: ${met ? "met" : "**missed**"}`;
}
