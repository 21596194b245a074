/**
 * The Shield benchmark's load generator (`node --import tsx bench/shield/load-worker.ts`),
 * started by `bench/http`'s `LoadProcess`: `bench/http/load-worker.ts` with `ShieldJob`s. It reads
 * one job per line on stdin, builds its bodies (untimed), runs `bench/http`'s closed loop with the
 * job's headers and writes `WorkerEvent` lines on stdout (`serveLoadJobs`). The process ends when
 * stdin closes.
 *
 * The Shield-off and Shield-on runs of a workload send the same plan, round after round, so the
 * last two plans' bodies are kept: building 480,000 claims takes longer than the run they feed.
 */
import type { PreparedPlan } from "../http/plan-requests.ts";
import { serveLoadJobs } from "../http/worker-loop.ts";
import { prepareShieldPlan } from "./plan-claims.ts";
import type { ShieldPlan } from "./shield-job.ts";

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

await serveLoadJobs(preparedPlan);
