import { withBenchServer } from "../http/bench-server.ts";
import { LoadProcess } from "../http/load-process.ts";
import { reportRun } from "../http/report-run.ts";
import { writeResults } from "../http/write-results.ts";
import { machineLine } from "../ingest/machine.ts";
import { formatCount } from "../ingest/table.ts";
import { measureShieldQueries } from "./measure-shield-queries.ts";
import { formatReport, type SettingRun, type WorkloadResult } from "./report.ts";
import type { ShieldJob, ShieldPlan } from "./shield-job.ts";
import { checkSample, settingEnv, settingHeaders, SETTINGS, type ShieldSetting } from "./shield-settings.ts";

export interface ShieldBenchOptions {
  /** One round of short windows, a 20,000-claim store: checks that the benchmark works, in under 40 s. */
  readonly quick: boolean;
  /** Claims in the store the queries read (default 200,000; 20,000 with `quick`). */
  readonly records?: number;
  /** Also write the report to `bench/results/shield-<YYYYMMDD-HHMMSS>.md` (UTC). Off by default. */
  readonly write?: boolean;
  /** Told what is running, for a long run's progress; stdout stays for the report. */
  readonly progress?: (line: string) => void;
}

const FULL = {
  records: 200_000,
  // Writes cannot repeat, so each run pre-builds as many claims as the server could possibly take
  // in its warm-up and window (as `bench/http` does).
  maxSinglesPerSecond: 20_000,
  maxBatchedPerSecond: 80_000,
  rounds: 5,
  steps: { calls: 100_000, claims: 100_000 },
  window: { warmupMs: 1_000, durationMs: 5_000 },
};
// Short enough that the quick run, with its untimed set-up, stays well under 40 s on two busy cores.
const QUICK = {
  records: 20_000,
  maxSinglesPerSecond: 20_000,
  // Building claims is slow on a busy machine; a fast idle one may run out (the report says so).
  maxBatchedPerSecond: 40_000,
  rounds: 1,
  steps: { calls: 10_000, claims: 5_000 },
  window: { warmupMs: 300, durationMs: 1_500 },
};

const SINGLE = { concurrency: 64 } as const;
const BATCH = { size: 1_000, concurrency: 4 } as const;

/**
 * Measures what the Shield costs (see `bench/shield/README.md`): single and batched writes, each
 * on a fresh server per run, and queries on two loaded stores, with every protection off and then
 * on, in alternating rounds; then times the Shield's decisions in process. Returns the report as
 * markdown.
 *
 * @example
 * ```ts
 * const markdown = await runShieldBench({ quick: true });
 * ```
 */
export async function runShieldBench(options: ShieldBenchOptions): Promise<string> {
  const progress = options.progress ?? ((): void => undefined);
  const plan = options.quick ? QUICK : FULL;
  const records = options.records ?? plan.records;
  if (!Number.isSafeInteger(records) || records < 1) {
    throw new RangeError(`Cannot run with ${records} records: it must be a positive integer`);
  }
  const { window, rounds } = plan;
  const windowSeconds = (window.warmupMs + window.durationMs) / 1000;
  const startedAt = new Date();
  // Taken now, not when the report is formatted: the load average must be from before the run.
  const machine = machineLine(startedAt);
  // Alternating which setting goes first, so that a drift of the machine's load favours neither.
  const orderOf = (round: number): readonly ShieldSetting[] =>
    round % 2 === 1 ? SETTINGS : [...SETTINGS].reverse();

  const load = LoadProcess.start<ShieldJob>(new URL("./load-worker.ts", import.meta.url));
  try {
    // One job on a fresh server of the setting: each write run starts from an empty store.
    const writeRun = (
      setting: ShieldSetting,
      round: number,
      concurrency: number,
      claims: ShieldPlan,
    ): Promise<SettingRun> =>
      withBenchServer(async (server) => {
        const headers = await settingHeaders(setting, server.url);
        await checkSample(server.url, headers);
        const run = await load.run({ url: server.url, concurrency, ...window, plan: claims, headers });
        reportRun(run, progress);
        return { setting, round, run, held: server.db.store.shield.pendingCount };
      }, settingEnv(setting));

    const singles: SettingRun[] = [];
    const batches: SettingRun[] = [];
    for (let round = 1; round <= rounds; round++) {
      for (const setting of orderOf(round)) {
        progress(`POST /v1/assert, concurrency ${SINGLE.concurrency}, Shield ${setting}, round ${round}...`);
        const count = Math.ceil(plan.maxSinglesPerSecond * windowSeconds);
        singles.push(
          await writeRun(setting, round, SINGLE.concurrency, {
            kind: "claims",
            size: 1,
            first: 0,
            count,
            seed: 1,
          }),
        );
      }
      for (const setting of orderOf(round)) {
        progress(
          `POST /v1/assert/batch × ${formatCount(BATCH.size)}, concurrency ${BATCH.concurrency}, Shield ${setting}, round ${round}...`,
        );
        const count = Math.ceil(plan.maxBatchedPerSecond * windowSeconds);
        batches.push(
          await writeRun(setting, round, BATCH.concurrency, {
            kind: "claims",
            size: BATCH.size,
            first: 0,
            count,
            seed: 3,
          }),
        );
      }
    }

    const queried = await measureShieldQueries(load, {
      records,
      rounds,
      window,
      stepCounts: plan.steps,
      orderOf,
      progress,
    });

    const workloads: WorkloadResult[] = [
      {
        workload: "`POST /v1/assert`, one claim",
        concurrency: SINGLE.concurrency,
        unit: "requests",
        runs: singles,
        batchSize: 1,
        kind: "single write",
      },
      {
        workload: `\`POST /v1/assert/batch\` × ${formatCount(BATCH.size)}`,
        concurrency: BATCH.concurrency,
        unit: "assertions",
        runs: batches,
        batchSize: BATCH.size,
        kind: "batched assertion",
      },
      queried.load,
      queried.queries,
    ];
    const markdown = formatReport({
      machine,
      quick: options.quick,
      ...window,
      rounds,
      records,
      workloads,
      steps: queried.steps,
    });
    if (options.write === true) progress(`Wrote ${writeResults("shield", markdown, startedAt)}`);
    return markdown;
  } finally {
    await load.close();
  }
}
