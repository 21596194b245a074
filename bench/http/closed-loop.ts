import { Agent } from "node:http";
import { LatencySamples } from "../ingest/latency.ts";
import type { LoadResult } from "./load-job.ts";
import type { PreparedPlan } from "./plan-requests.ts";
import { sendRequest } from "./send-request.ts";

export interface ClosedLoopOptions {
  /** The server's base URL. */
  readonly url: string;
  readonly concurrency: number;
  readonly warmupMs: number;
  /** `null`: the window lasts until every request of the plan has been answered. */
  readonly durationMs: number | null;
  /** Sent with every request (none when absent). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Called as the measured window opens and closes, so the server side can measure the same span. */
  readonly onWindowStart: () => void;
  readonly onWindowEnd: () => void;
}

// Queries repeat, so their runs are bounded by time alone; latency is kept for at most this many
// answers a second, far above what one machine serves over HTTP.
const MAX_ANSWERS_PER_SECOND = 200_000;

/**
 * A closed-loop load: `concurrency` workers, each with its own keep-alive connection, each sending
 * its next request as soon as the last one is answered. Closed, not open (a fixed arrival rate),
 * because the question is how much the server can take at a given number of clients in flight,
 * and it cannot be overloaded into a queue that only measures the queue.
 *
 * Answers count when they arrive inside the window (after the warm-up, before its end); requests
 * still in flight at the end are awaited but not counted.
 */
export async function runClosedLoop(plan: PreparedPlan, options: ClosedLoopOptions): Promise<LoadResult> {
  const { requests, cycle } = plan;
  const url = new URL(plan.path, options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  if (cycle && options.durationMs === null) {
    throw new RangeError("Cannot run a repeating plan without a duration: it would never end");
  }
  const capacity = cycle
    ? Math.ceil((MAX_ANSWERS_PER_SECOND * (options.durationMs ?? 0)) / 1000)
    : requests.length;
  const latency = new LatencySamples(Math.max(1, capacity));
  const statuses = new Map<string, number>();
  // In an object, because the timers change it behind the workers' backs (and TypeScript's
  // narrowing of a plain variable would not see that).
  const state: { phase: "warm-up" | "window" | "over" } = { phase: "warm-up" };
  let startNs = 0n;
  let endNs = 0n;
  let cpuStart = process.cpuUsage();
  let cpu = { user: 0, system: 0 };
  let items = 0;
  let errors = 0;
  let bytes = 0;
  let firstError: string | undefined;
  let endTimer: NodeJS.Timeout | undefined;

  const startWindow = (): void => {
    state.phase = "window";
    startNs = process.hrtime.bigint();
    cpuStart = process.cpuUsage();
    options.onWindowStart();
    if (options.durationMs !== null) endTimer = setTimeout(endWindow, options.durationMs);
  };
  function endWindow(): void {
    if (state.phase === "over") return;
    state.phase = "over";
    endNs = process.hrtime.bigint();
    cpu = process.cpuUsage(cpuStart);
    options.onWindowEnd();
  }
  // Without a warm-up the window opens before the first request, not a timer tick later.
  const warmupTimer = options.warmupMs > 0 ? setTimeout(startWindow, options.warmupMs) : undefined;
  if (warmupTimer === undefined) startWindow();
  let cutShort = false;

  let next = 0;
  const worker = async (): Promise<void> => {
    while (state.phase !== "over") {
      if (next >= requests.length) {
        if (!cycle) return;
        next = 0;
      }
      const prepared = requests[next++];
      if (prepared === undefined) return;
      const began = process.hrtime.bigint();
      const outcome = await sendRequest(agent, url, prepared.body, options.headers);
      if (state.phase !== "window") continue;
      if (latency.count >= capacity) {
        cutShort = true;
        endWindow();
        continue;
      }
      latency.recordSince(began);
      items += prepared.items;
      const status = outcome.kind === "answered" ? String(outcome.status) : "failed";
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (outcome.kind === "answered") bytes += outcome.bytes;
      if (outcome.kind === "failed" || outcome.status >= 400) {
        errors++;
        firstError ??=
          outcome.kind === "failed" ? outcome.message : `HTTP ${outcome.status}: ${outcome.errorText ?? ""}`;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));

  // Every worker stopped before the window's timer: the requests ran out (or the samples did).
  const ranOut = state.phase !== "over" || cutShort;
  clearTimeout(warmupTimer);
  // A window that never opened (everything ran out in the warm-up) is an empty one.
  if (state.phase === "warm-up") startWindow();
  endWindow();
  clearTimeout(endTimer);
  agent.destroy();

  const seconds = Number(endNs - startNs) / 1e9;
  const answered = latency.count;
  return {
    requests: answered,
    items,
    errors,
    seconds,
    p50Ms: latency.percentile(50),
    p99Ms: latency.percentile(99),
    meanResponseBytes: answered === 0 ? 0 : bytes / answered,
    statuses: Object.fromEntries(statuses),
    ...(firstError !== undefined ? { firstError } : {}),
    exhausted: ranOut && options.durationMs !== null,
    clientCpuCores: seconds > 0 ? (cpu.user + cpu.system) / 1e6 / seconds : Number.NaN,
  };
}
