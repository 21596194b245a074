import { machineLine } from "../ingest/machine.ts";
import { formatCount } from "../ingest/table.ts";
import { withBenchServer } from "./bench-server.ts";
import type { RequestPlan } from "./load-job.ts";
import { LoadProcess, type MeasuredRun } from "./load-process.ts";
import { LOAD, measureQueries } from "./measure-queries.ts";
import { formatReport, type SingleRow } from "./report.ts";
import { reportRun } from "./report-run.ts";
import { writeResults } from "./write-results.ts";

export interface HttpBenchOptions {
  /** Short windows and a 20,000-assertion store: checks that the benchmark works, in under 40 s. */
  readonly quick: boolean;
  /** Assertions in the store the queries read (default 1,000,000; 20,000 with `quick`). */
  readonly records?: number;
  /** Also write the report to `bench/results/http-<YYYYMMDD-HHMMSS>.md` (UTC). Off by default. */
  readonly write?: boolean;
  /** Told what is running, for a long run's progress; stdout stays for the report. */
  readonly progress?: (line: string) => void;
}

const FULL_RECORDS = 1_000_000;
const QUICK_RECORDS = 20_000;
const FULL_WINDOW = { warmupMs: 1_000, durationMs: 5_000 };
// Short enough that the quick run, with its untimed set-up, stays well under 40 s on two busy cores.
const QUICK_WINDOW = { warmupMs: 300, durationMs: 1_500 };

const SINGLE_CONCURRENCY = [64, 256] as const;
const SIGNED_CONCURRENCY = 256;
const BATCH = { size: 1_000, concurrency: 4 };

// Writes cannot repeat, so each row pre-builds as many requests as the server could possibly
// take in its warm-up and window. Unsigned bodies cost a few µs to build, so the caps sit far above
// any rate seen; signed ones cost ~70 µs (hash and signature), so their count follows from the
// unsigned rows' best rate (signing adds work, it cannot make the server faster).
const MAX_SINGLES_PER_SECOND = 20_000;
const MAX_BATCHED_PER_SECOND = 80_000;
const SIGNED_HEADROOM = 1.5;
const MIN_SIGNED_PER_SECOND = 2_000;

/**
 * Measures the HTTP API end to end (see `bench/http/README.md`) and returns the report as
 * markdown: single and batched writes, then queries on a store loaded through the API.
 *
 * @example
 * ```ts
 * const markdown = await runHttpBench({ quick: true });
 * ```
 */
export async function runHttpBench(options: HttpBenchOptions): Promise<string> {
  const progress = options.progress ?? ((): void => undefined);
  const records = options.records ?? (options.quick ? QUICK_RECORDS : FULL_RECORDS);
  if (!Number.isSafeInteger(records) || records < 1) {
    throw new RangeError(`Cannot run with ${records} records: it must be a positive integer`);
  }
  const window = options.quick ? QUICK_WINDOW : FULL_WINDOW;
  const windowSeconds = (window.warmupMs + window.durationMs) / 1000;
  const startedAt = new Date();
  // Taken now, not when the report is formatted: the load average must be from before the run.
  const machine = machineLine(startedAt);

  const load = LoadProcess.start();
  try {
    // One job on a fresh server: each write row starts from an empty store.
    const onFreshServer = (concurrency: number, plan: RequestPlan): Promise<MeasuredRun> =>
      withBenchServer((server) => load.run({ url: server.url, concurrency, ...window, plan }));

    const singles: SingleRow[] = [];
    for (const concurrency of SINGLE_CONCURRENCY) {
      progress(`POST /v1/assert, unsigned, concurrency ${concurrency}...`);
      const count = Math.ceil(MAX_SINGLES_PER_SECOND * windowSeconds);
      const run = await onFreshServer(concurrency, {
        kind: "assert",
        signed: false,
        first: 0,
        count,
        seed: 1,
      });
      singles.push({ workload: "unsigned", concurrency, run: reportRun(run, progress) });
    }
    const bestUnsigned = Math.max(...singles.map((row) => row.run.load.requests / row.run.load.seconds));
    const signedCount = Math.ceil(
      Math.max(MIN_SIGNED_PER_SECOND, SIGNED_HEADROOM * bestUnsigned) * windowSeconds,
    );
    progress(
      `POST /v1/assert, signed, concurrency ${SIGNED_CONCURRENCY} (signing ${formatCount(signedCount)} first)...`,
    );
    const signed = await onFreshServer(SIGNED_CONCURRENCY, {
      kind: "assert",
      signed: true,
      first: 0,
      count: signedCount,
      seed: 2,
    });
    singles.push({ workload: "signed", concurrency: SIGNED_CONCURRENCY, run: reportRun(signed, progress) });

    progress(`POST /v1/assert/batch × ${formatCount(BATCH.size)}, concurrency ${BATCH.concurrency}...`);
    const batch = await onFreshServer(BATCH.concurrency, {
      kind: "batch",
      size: BATCH.size,
      first: 0,
      count: Math.ceil(MAX_BATCHED_PER_SECOND * windowSeconds),
      seed: 3,
    });
    reportRun(batch, progress);

    const queried = await measureQueries(load, { records, window, progress });

    const markdown = formatReport({
      machine,
      quick: options.quick,
      ...window,
      records,
      candidatesPerPair: records / queried.pairs,
      singles,
      batch: { ...BATCH, run: batch },
      load: { ...LOAD, run: queried.loaded },
      queries: queried.queries,
    });
    if (options.write === true) progress(`Wrote ${writeResults("http", markdown, startedAt)}`);
    return markdown;
  } finally {
    await load.close();
  }
}
