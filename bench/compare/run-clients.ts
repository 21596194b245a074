/**
 * The closed loop every timed row runs: some clients at once, each starting its next operation as
 * soon as its last one is done, for a fixed time or until the work runs out.
 */

/** One operation: resolves with how many items it did (assertions stored, queries answered). */
export type Operation = () => Promise<number>;

export interface ClientLoop {
  readonly clients: number;
  /** Client `client`'s next operation, or undefined when there is no more work. */
  readonly next: (client: number) => Operation | undefined;
  /** No operation starts after this long (after the warm-up); absent: until the work runs out. */
  readonly durationMs?: number;
  /** Operations started before this are run but not counted. */
  readonly warmupMs?: number;
}

/** What a loop measured: rate and latency. */
export interface Timed {
  readonly perSecond: number;
  readonly operations: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * Runs the loop and measures the items per second over the window (from the end of the warm-up
 * to the last operation's end) and each counted operation's latency. An operation that throws
 * fails the run: a system that errors has no figures.
 *
 * @example
 * ```ts
 * let i = 0;
 * const timed = await runClients({
 *   clients: 4,
 *   next: () => (i < batches.length ? () => peer.ingest(batches[i++]!).then(() => 1_000) : undefined),
 * });
 * timed.perSecond; // assertions per second
 * ```
 */
export async function runClients(loop: ClientLoop): Promise<Timed> {
  const latencies: number[] = [];
  let items = 0;
  const began = performance.now();
  const windowStart = began + (loop.warmupMs ?? 0);
  const deadline = loop.durationMs === undefined ? Infinity : windowStart + loop.durationMs;
  const client = async (index: number): Promise<void> => {
    for (;;) {
      const start = performance.now();
      if (start >= deadline) return;
      const operation = loop.next(index);
      if (operation === undefined) return;
      const done = await operation();
      if (start >= windowStart) {
        latencies.push(performance.now() - start);
        items += done;
      }
    }
  };
  await Promise.all(Array.from({ length: loop.clients }, (_, index) => client(index)));
  const seconds = (performance.now() - windowStart) / 1000;
  if (latencies.length === 0) {
    throw new RangeError("Cannot measure the loop: no operation ran in its window");
  }
  const sorted = Float64Array.from(latencies).sort();
  return {
    perSecond: items / seconds,
    operations: sorted.length,
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
  };
}

/** The nearest-rank percentile of sorted samples: the smallest that at least p % do not exceed. */
export function percentile(sorted: Float64Array, p: number): number {
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] ?? Number.NaN;
}
