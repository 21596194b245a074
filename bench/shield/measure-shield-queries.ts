import { CONCEPTS } from "../http/assertion-bodies.ts";
import { withBenchServer } from "../http/bench-server.ts";
import type { LoadProcess } from "../http/load-process.ts";
import { reportRun } from "../http/report-run.ts";
import { formatCount } from "../ingest/table.ts";
import type { SettingRun, WorkloadResult } from "./report.ts";
import type { ShieldJob } from "./shield-job.ts";
import { measureShieldSteps, type ShieldSteps, type StepCounts } from "./shield-steps.ts";
import { checkSample, settingEnv, settingHeaders, SETTINGS, type ShieldSetting } from "./shield-settings.ts";

export interface ShieldQueryOptions {
  /** Claims to load into each store before querying. */
  readonly records: number;
  readonly rounds: number;
  readonly window: { readonly warmupMs: number; readonly durationMs: number };
  /** How much the in-process timing of the Shield's steps runs (`measureShieldSteps`). */
  readonly stepCounts: StepCounts;
  /** The settings in the order a round runs them. */
  readonly orderOf: (round: number) => readonly ShieldSetting[];
  readonly progress: (line: string) => void;
}

export interface ShieldQueryRuns {
  readonly load: WorkloadResult;
  readonly queries: WorkloadResult;
  readonly steps: ShieldSteps;
}

/** Loading is a bulk job, as an importer would do it: large batches, a few at a time. */
const LOAD = { size: 5_000, concurrency: 4 } as const;
const QUERY = { concurrency: 64, lens: "recency", distinct: 20_000 } as const;

/**
 * Loads `records` claims through the API into two servers, one per setting (so the Shield-on
 * load goes through authentication, quotas and the content defense like any write), a slice a
 * round in alternating order; checks that both stores hold the same visible claims; then queries
 * them in alternating rounds, one pair per query, drawn from all 10,000, through the recency lens.
 * Both servers stay up for the rounds, so each store is loaded once, and both share the process
 * as the write runs' servers do. Last, the Shield's steps are timed in process over the Shield-on
 * server's state.
 */
export async function measureShieldQueries(
  load: LoadProcess<ShieldJob>,
  options: ShieldQueryOptions,
): Promise<ShieldQueryRuns> {
  const { records, window, progress } = options;
  return withBenchServer(
    (off) =>
      withBenchServer(async (on) => {
        const servers = { off, on };
        const headers = {
          off: await settingHeaders("off", off.url),
          on: await settingHeaders("on", on.url),
        };
        const sampled = {
          off: await checkSample(off.url, headers.off),
          on: await checkSample(on.url, headers.on),
        };
        // Loaded in one slice a round, alternating as the other rounds do: the store loaded
        // second would otherwise always run beside the other one's full heap.
        const loads: SettingRun[] = [];
        const slice = Math.ceil(records / options.rounds);
        for (let round = 1; (round - 1) * slice < records; round++) {
          const first = (round - 1) * slice;
          const count = Math.min(slice, records - first);
          for (const setting of options.orderOf(round)) {
            progress(
              `Loading claims ${formatCount(first)}–${formatCount(first + count)} in batches of ${formatCount(LOAD.size)}, Shield ${setting}, round ${round}...`,
            );
            const run = await load.run({
              url: servers[setting].url,
              concurrency: LOAD.concurrency,
              warmupMs: 0,
              durationMs: null,
              plan: { kind: "claims", size: LOAD.size, first, count, seed: 4 + round },
              headers: headers[setting],
            });
            reportRun(run, progress);
            loads.push({ setting, round, run, held: servers[setting].db.store.shield.pendingCount });
          }
        }
        for (const setting of SETTINGS) {
          const { store } = servers[setting].db;
          const sent = records + sampled[setting];
          // Queries must read the same candidates with the Shield on as off.
          if (store.assertionCount !== sent || store.shield.pendingCount !== 0) {
            throw new Error(
              `Cannot query a partial store: ${sent} claims were sent with the Shield ${setting}, ` +
                `the store holds ${store.assertionCount} and ${store.shield.pendingCount} are held in quarantine`,
            );
          }
        }

        const pairs = Math.min(records, CONCEPTS);
        const queries: SettingRun[] = [];
        for (let round = 1; round <= options.rounds; round++) {
          for (const setting of options.orderOf(round)) {
            progress(
              `POST /v1/query, lens ${QUERY.lens}, concurrency ${QUERY.concurrency}, Shield ${setting}, round ${round}...`,
            );
            const run = await load.run({
              url: servers[setting].url,
              concurrency: QUERY.concurrency,
              ...window,
              plan: { kind: "query", lens: QUERY.lens, pairs, distinct: QUERY.distinct, seed: 5 },
              headers: headers[setting],
            });
            reportRun(run, progress);
            queries.push({ setting, round, run, held: servers[setting].db.store.shield.pendingCount });
          }
        }

        progress("Timing the Shield's steps in process...");
        const authorization = headers.on["authorization"];
        if (authorization === undefined) throw new Error("Cannot time the Shield's steps without an API key");
        const steps = await measureShieldSteps(on, authorization, options.stepCounts);
        return {
          load: {
            workload: `load: \`POST /v1/assert/batch\` × ${formatCount(LOAD.size)}`,
            concurrency: LOAD.concurrency,
            unit: "assertions",
            runs: loads,
            batchSize: LOAD.size,
            kind: "batched assertion",
          },
          queries: {
            workload: `\`POST /v1/query\`, ${QUERY.lens}, one pair`,
            concurrency: QUERY.concurrency,
            unit: "queries",
            runs: queries,
            batchSize: 1,
            kind: "query",
          },
          steps,
        };
      }, settingEnv("on")),
    settingEnv("off"),
  );
}
