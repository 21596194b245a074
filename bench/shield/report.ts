import type { MeasuredRun } from "../http/load-process.ts";
import { formatCount, formatFixed, markdownTable } from "../ingest/table.ts";
import { shieldCostUs, type ShieldSteps } from "./shield-steps.ts";
import type { ShieldSetting } from "./shield-settings.ts";

/** The target: every protection on costs at most this share of throughput. */
export const TARGET_OVERHEAD = 0.1;

/** One run of a workload against a fresh server of one setting. */
export interface SettingRun {
  readonly setting: ShieldSetting;
  /** 1-based; the query rounds share one loaded server per setting. */
  readonly round: number;
  readonly run: MeasuredRun;
  /** Writes held in quarantine after the run (`pendingCount`): 0 when the claims pass. */
  readonly held: number;
}

/** A workload, run with the Shield off and on, once or more each. */
export interface WorkloadResult {
  readonly workload: string;
  readonly concurrency: number;
  /** What items/s counts: requests, assertions or queries. */
  readonly unit: string;
  readonly runs: readonly SettingRun[];
  /** Write requests carry this many assertions each (batches), for the in-process estimate. */
  readonly batchSize: number;
  readonly kind: "single write" | "batched assertion" | "query";
}

export interface ShieldResults {
  readonly machine: string;
  readonly quick: boolean;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly rounds: number;
  readonly records: number;
  readonly workloads: readonly WorkloadResult[];
  readonly steps: ShieldSteps;
}

/** Medians over a workload's runs of one setting (each measure on its own). */
interface Summary {
  readonly rate: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Server CPU time per item, µs: what the server spent on each, whatever the machine's load. */
  readonly cpuUs: number;
  readonly minRate: number;
  readonly maxRate: number;
}

/** The report as markdown: the overhead, every run, the in-process step costs, how to read them. */
export function formatReport(r: ShieldResults): string {
  const window = `${formatFixed(r.warmupMs / 1000, 1)} s warm-up, then ${formatFixed(r.durationMs / 1000, 1)} s measured`;
  const sections = [
    "# StemeDB Shield overhead benchmark",
    `Machine: ${r.machine}`,
    ...(r.quick ? ["**Quick run** (`--quick`): short windows and a small store; a smoke test."] : []),
    `Each workload runs against the real server (\`serve\`) on loopback with every protection of the ` +
      `Shield off, then on (\`bench/shield/README.md\`), driven by a closed-loop load generator in a ` +
      `separate Node process; ${window}; ${r.rounds} round${r.rounds === 1 ? "" : "s"}, alternating ` +
      `which setting goes first. Queries read a store of ${formatCount(r.records)} claims loaded through the API.`,
    `## Overhead (median of ${r.rounds} round${r.rounds === 1 ? "" : "s"})`,
    overheadTable(r.workloads),
    "## Shield steps in process",
    `Each decision of the Shield timed alone with the off and on configurations, in µs per call: ` +
      `the fastest of 5 loops of ${formatCount(r.steps.calls)} calls after a warm-up; the content ` +
      `defense in a pass over ${formatCount(r.steps.claims)} distinct claims of the workload, ` +
      "1,000 screened and then settled at a time as the write route does (the workload's values " +
      "are new to the agent, so none is searched for near-duplicates), the fastest of 5 passes on " +
      "fresh Shields. The parts below it: the newer half of the claims screened again by the last " +
      "one, every value now stated before and searched; then the pieces " +
      "of that search alone: the LSH index in a pass that fills it and one that finds it full, " +
      "the others the fastest of 5 passes. The server CPU columns above count every thread of the process.",
    stepsTable(r.steps),
    "Estimated Shield CPU per item from these steps, against the server CPU per item measured with it off:",
    estimateTable(r.workloads, r.steps),
    "## Every run",
    runsTable(r.workloads),
    "## How to read this",
    NOTES.map((note) => `- ${note}`).join("\n"),
  ];
  return `${sections.join("\n\n")}\n`;
}

const NOTES = [
  "Off: `STEMEDB_AUTH_ENABLED`, `_RATE_LIMIT_ENABLED`, `_QUOTA_ENABLED`, `_BREAKER_ENABLED`, " +
    "`_QUARANTINE_ENABLED` and `_POW_ENABLED` all false; requests name the agent in `X-Agent-Id`. " +
    "The Shield's hooks are installed either way (configuration cannot remove them); off, they return early.",
  "On: an API key made with `POST /v1/admin/api-keys` for the benchmark's agent, sent as " +
    "`Authorization: Bearer`; rate limits (1,000,000/s per route and client) and quotas " +
    "(10^12 tokens an hour) computed and charged on every request but set never to refuse; " +
    "breakers on; quarantine on with its default thresholds, so every claim is scored and checked " +
    "for near-duplicates among the agent's recent claims.",
  "Proof of work stays off in both: it is asked of a new agent until it is established " +
    "(`STEMEDB_POW_EXEMPT_AFTER` assertions), not of every request, so it is no per-request cost.",
  "The claims are ordinary: each says something no other says (four words and its index) about one " +
    "of 10,000 (concept_path, predicate) pairs; a sample of 20 is checked to come back 201 (not 202) " +
    "on every server, and held counts writes in quarantine after a run (0 expected).",
  "throughput cost = (off − on) ÷ off of the median rate; CPU cost = (on − off) ÷ off of the " +
    "server's CPU time per item (CPU time of the server process ÷ items): on a busy machine the " +
    "rate moves with other load, the CPU per item much less.",
  "Latency is per request as the client sees it, until the whole answer is read; a batch's is the batch's.",
  "server loop is the server's event-loop utilisation in the window; server CPU and client CPU " +
    "are each process's CPU time ÷ wall time (100 % is one core). Both share the machine's cores.",
];

function overheadTable(workloads: readonly WorkloadResult[]): string {
  return markdownTable(
    [
      { heading: "workload" },
      { heading: "clients", align: "right" },
      { heading: "off /s", align: "right" },
      { heading: "on /s", align: "right" },
      { heading: "throughput cost", align: "right" },
      { heading: "p50 ms off → on", align: "right" },
      { heading: "p99 ms off → on", align: "right" },
      { heading: "CPU µs/item off → on", align: "right" },
      { heading: "CPU cost", align: "right" },
      { heading: "target" },
    ],
    workloads.map((w) => {
      const off = summarize(w, "off");
      const on = summarize(w, "on");
      const cost = (off.rate - on.rate) / off.rate;
      return [
        `${w.workload} (${w.unit}/s)`,
        formatCount(w.concurrency),
        rateCell(off),
        rateCell(on),
        percent(cost),
        `${formatFixed(off.p50Ms, 2)} → ${formatFixed(on.p50Ms, 2)}`,
        `${formatFixed(off.p99Ms, 2)} → ${formatFixed(on.p99Ms, 2)}`,
        `${formatFixed(off.cpuUs, 1)} → ${formatFixed(on.cpuUs, 1)}`,
        percent((on.cpuUs - off.cpuUs) / off.cpuUs),
        `≤ ${formatFixed(TARGET_OVERHEAD * 100, 0)} %: ${cost <= TARGET_OVERHEAD ? "met" : "**missed**"}`,
      ];
    }),
  );
}

function stepsTable(s: ShieldSteps): string {
  return markdownTable(
    [
      { heading: "step" },
      { heading: "runs once per" },
      { heading: "off µs", align: "right" },
      { heading: "on µs", align: "right" },
    ],
    s.steps.map((step) => [
      step.part === true ? `· ${step.step}` : step.step,
      step.scope,
      step.part === true ? "" : formatFixed(step.offUs, 2),
      formatFixed(step.onUs, 2),
    ]),
  );
}

function estimateTable(workloads: readonly WorkloadResult[], s: ShieldSteps): string {
  return markdownTable(
    [
      { heading: "workload" },
      { heading: "Shield µs/item off", align: "right" },
      { heading: "Shield µs/item on", align: "right" },
      { heading: "server CPU µs/item off", align: "right" },
      { heading: "estimated CPU cost", align: "right" },
    ],
    workloads.map((w) => {
      const off = shieldCostUs(s.steps, "off", w.kind, w.batchSize);
      const on = shieldCostUs(s.steps, "on", w.kind, w.batchSize);
      const measured = summarize(w, "off").cpuUs;
      return [
        w.workload,
        formatFixed(off, 2),
        formatFixed(on, 2),
        formatFixed(measured, 1),
        percent((on - off) / measured),
      ];
    }),
  );
}

function runsTable(workloads: readonly WorkloadResult[]): string {
  return markdownTable(
    [
      { heading: "workload" },
      { heading: "Shield" },
      { heading: "round", align: "right" },
      { heading: "items", align: "right" },
      { heading: "seconds", align: "right" },
      { heading: "items/s", align: "right" },
      { heading: "p50 ms", align: "right" },
      { heading: "p99 ms", align: "right" },
      { heading: "errors", align: "right" },
      { heading: "held", align: "right" },
      { heading: "statuses" },
      { heading: "server loop", align: "right" },
      { heading: "server CPU", align: "right" },
      { heading: "client CPU", align: "right" },
    ],
    workloads.flatMap((w) =>
      [...w.runs]
        .sort((a, b) => a.setting.localeCompare(b.setting) || a.round - b.round)
        .map(({ setting, round, run, held }) => [
          w.workload,
          setting,
          String(round),
          formatCount(run.load.items),
          `${formatFixed(run.load.seconds, 2)}${run.load.exhausted ? " (ran out)" : ""}`,
          formatCount(run.load.items / run.load.seconds),
          formatFixed(run.load.p50Ms, 2),
          formatFixed(run.load.p99Ms, 2),
          formatCount(run.load.errors),
          formatCount(held),
          Object.entries(run.load.statuses)
            .map(([status, n]) => `${status}: ${formatCount(n)}`)
            .join(", "),
          `${formatFixed(run.server.loopBusy * 100, 0)} %`,
          `${formatFixed(run.server.cpuCores * 100, 0)} %`,
          `${formatFixed(run.load.clientCpuCores * 100, 0)} %`,
        ]),
    ),
  );
}

/** The median rate, and the range over the rounds when there were several. */
function rateCell(s: Summary): string {
  if (s.minRate === s.maxRate) return formatCount(s.rate);
  return `${formatCount(s.rate)} (${formatCount(s.minRate)}–${formatCount(s.maxRate)})`;
}

/** The medians of a setting's runs, each measure on its own. */
export function summarize(w: WorkloadResult, setting: ShieldSetting): Summary {
  const runs = w.runs.filter((r) => r.setting === setting).map((r) => r.run);
  if (runs.length === 0) throw new RangeError(`Cannot summarize ${w.workload}: it has no ${setting} run`);
  const rates = runs.map((run) => run.load.items / run.load.seconds);
  return {
    rate: median(rates),
    p50Ms: median(runs.map((run) => run.load.p50Ms)),
    p99Ms: median(runs.map((run) => run.load.p99Ms)),
    cpuUs: median(runs.map((run) => (run.server.cpuCores * run.load.seconds * 1e6) / run.load.items)),
    minRate: Math.min(...rates),
    maxRate: Math.max(...rates),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid] ?? Number.NaN;
  return ((sorted[mid - 1] ?? Number.NaN) + (sorted[mid] ?? Number.NaN)) / 2;
}

/** `+12.3 %` (the Shield costs) or `−1.2 %` (it measured faster: noise). */
function percent(share: number): string {
  if (!Number.isFinite(share)) return "n/a";
  const text = formatFixed(Math.abs(share) * 100, 1);
  return `${share < 0 ? "−" : "+"}${text} %`;
}
