import { LatencySamples } from "../ingest/latency.ts";

/** What one closed-loop run measured. */
export interface LoopResult {
  /** Requests answered with a 2xx inside the window, per second. */
  readonly perSecond: number;
  /** Items per second (assertions, for batches). */
  readonly itemsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Answers that were not 2xx, or never came. */
  readonly failures: number;
}

/** One request of a load: where to send it and what it carries. */
export interface LoadRequest {
  readonly url: string;
  readonly method: "GET" | "POST";
  readonly body?: string;
  /** Items the request carries (assertions in a batch), for items per second. */
  readonly items: number;
}

/**
 * `concurrency` workers, each sending its next request as soon as the last is answered, for
 * `warmupMs` then `durationMs`; only answers inside the window count. `next(i)` makes request `i`
 * (distinct writes, or queries spread over nodes).
 */
export async function closedLoop(options: {
  readonly concurrency: number;
  readonly warmupMs: number;
  readonly durationMs: number;
  readonly next: (i: number) => LoadRequest;
}): Promise<LoopResult> {
  const latency = new LatencySamples(1_000_000);
  const state = { phase: "warm-up" as "warm-up" | "window" | "over" };
  let counted = 0;
  let items = 0;
  let failures = 0;
  let i = 0;
  let startedAt = 0;
  let endedAt = 0;
  const warmup = setTimeout(() => {
    state.phase = "window";
    startedAt = performance.now();
    setTimeout(() => {
      state.phase = "over";
      endedAt = performance.now();
    }, options.durationMs);
  }, options.warmupMs);
  const worker = async (): Promise<void> => {
    while (state.phase !== "over") {
      const request = options.next(i++);
      const began = process.hrtime.bigint();
      let ok: boolean;
      try {
        const response = await fetch(request.url, {
          method: request.method,
          ...(request.body !== undefined
            ? { body: request.body, headers: { "content-type": "application/json" } }
            : {}),
          signal: AbortSignal.timeout(30_000),
        });
        await response.arrayBuffer();
        ok = response.ok;
      } catch {
        ok = false;
      }
      if (state.phase !== "window") continue;
      if (!ok) {
        failures += 1;
        continue;
      }
      latency.recordSince(began);
      counted += 1;
      items += request.items;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  clearTimeout(warmup);
  const seconds = (endedAt - startedAt) / 1000;
  return {
    perSecond: counted / seconds,
    itemsPerSecond: items / seconds,
    p50Ms: latency.percentile(50),
    p99Ms: latency.percentile(99),
    failures,
  };
}
