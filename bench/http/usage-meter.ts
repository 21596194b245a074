import { performance, type EventLoopUtilization } from "node:perf_hooks";

/** How busy this process (the server's) was over a span. */
export interface Usage {
  /** Share of the span the event loop was running JavaScript (0–1): near 1 means it was the limit. */
  readonly loopBusy: number;
  /** CPU time ÷ wall time, all threads (LMDB's writer, the WAL's fsyncs): up to the number of cores. */
  readonly cpuCores: number;
}

/**
 * Measures this process between `start()` and `stop()`. The load generator reports when its
 * window opens and closes, and the server side measures the same span with this.
 */
export class UsageMeter {
  #loop: EventLoopUtilization | undefined;
  #cpu: NodeJS.CpuUsage | undefined;
  #startNs = 0n;

  start(): void {
    this.#loop = performance.eventLoopUtilization();
    this.#cpu = process.cpuUsage();
    this.#startNs = process.hrtime.bigint();
  }

  /** The usage since `start()`; NaN for both when it was never started (the window never opened). */
  stop(): Usage {
    if (this.#loop === undefined || this.#cpu === undefined)
      return { loopBusy: Number.NaN, cpuCores: Number.NaN };
    const seconds = Number(process.hrtime.bigint() - this.#startNs) / 1e9;
    const cpu = process.cpuUsage(this.#cpu);
    return {
      loopBusy: performance.eventLoopUtilization(this.#loop).utilization,
      cpuCores: seconds > 0 ? (cpu.user + cpu.system) / 1e6 / seconds : Number.NaN,
    };
  }
}
