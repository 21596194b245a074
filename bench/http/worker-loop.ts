import { createInterface } from "node:readline";
import { runClosedLoop } from "./closed-loop.ts";
import type { LoadJob, WorkerEvent } from "./load-job.ts";
import type { PreparedPlan } from "./plan-requests.ts";

function emit(event: WorkerEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

/**
 * The body of a load generator's process: reads one `LoadJob` per line on stdin, builds the job's
 * bodies with `prepare` (untimed), runs the closed loop with the job's headers, and writes
 * `WorkerEvent` lines on stdout: the window opening and closing, then the result. Jobs run one at
 * a time, in order; resolves when stdin closes. `bench/http/load-worker.ts` prepares `RequestPlan`s;
 * another benchmark's worker passes its own `prepare` for plans of its own.
 *
 * @example
 * ```ts
 * await serveLoadJobs(prepareRequests);
 * ```
 */
export async function serveLoadJobs(prepare: (plan: never) => PreparedPlan): Promise<void> {
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() === "") continue;
    try {
      // The plan is whatever this worker's `prepare` takes: its sender and it share the type.
      const job = JSON.parse(line) as LoadJob<never>;
      const plan = prepare(job.plan);
      const result = await runClosedLoop(plan, {
        url: job.url,
        concurrency: job.concurrency,
        warmupMs: job.warmupMs,
        durationMs: job.durationMs,
        headers: job.headers ?? {},
        onWindowStart: () => {
          emit({ kind: "window-start" });
        },
        onWindowEnd: () => {
          emit({ kind: "window-end" });
        },
      });
      emit({ kind: "result", result });
    } catch (error) {
      emit({
        kind: "error",
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  }
}
