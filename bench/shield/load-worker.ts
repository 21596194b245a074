/**
 * The Shield benchmark's load generator (`node --import tsx bench/shield/load-worker.ts`),
 * started by `ShieldLoadProcess`: `bench/http/load-worker.ts` with `ShieldJob`s. It reads one job
 * per line on stdin, builds its bodies (untimed), sets its headers, runs `bench/http`'s closed loop
 * and writes `WorkerEvent` lines on stdout. The process ends when stdin closes.
 *
 * The Shield-off and Shield-on runs of a workload send the same plan, round after round, so the
 * last two plans' bodies are kept: building 480,000 claims takes longer than the run they feed.
 */
import { createInterface } from "node:readline";
import { runClosedLoop } from "../http/closed-loop.ts";
import type { WorkerEvent } from "../http/load-job.ts";
import type { PreparedPlan } from "../http/plan-requests.ts";
import { prepareShieldPlan } from "./plan-claims.ts";
import { setRequestHeaders } from "./request-headers.ts";
import type { ShieldJob, ShieldPlan } from "./shield-job.ts";

const KEPT_PLANS = 2;
const kept = new Map<string, PreparedPlan>();

/** The plan's bodies, built once while it is one of the last two plans asked for. */
function preparedPlan(plan: ShieldPlan): PreparedPlan {
  const key = JSON.stringify(plan);
  const prepared = kept.get(key) ?? prepareShieldPlan(plan);
  // Re-inserted, so the Map's first key is always the plan used longest ago.
  kept.delete(key);
  kept.set(key, prepared);
  for (const old of kept.keys()) if (kept.size > KEPT_PLANS) kept.delete(old);
  return prepared;
}

function emit(event: WorkerEvent): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === "") continue;
  try {
    const job = JSON.parse(line) as ShieldJob;
    const plan = preparedPlan(job.plan);
    setRequestHeaders(job.headers);
    const result = await runClosedLoop(plan, {
      url: job.url,
      concurrency: job.concurrency,
      warmupMs: job.warmupMs,
      durationMs: job.durationMs,
      onWindowStart: () => {
        emit({ kind: "window-start" });
      },
      onWindowEnd: () => {
        emit({ kind: "window-end" });
      },
    });
    emit({ kind: "result", result });
  } catch (error) {
    emit({ kind: "error", message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}
