import { spawn, type ChildProcessByStdio } from "node:child_process";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { LoadJob, LoadResult, WorkerEvent } from "./load-job.ts";
import { UsageMeter, type Usage } from "./usage-meter.ts";

/** A job's result from both sides: the load generator's counts and the server process's usage. */
export interface MeasuredRun {
  readonly load: LoadResult;
  readonly server: Usage;
}

interface Pending {
  readonly meter: UsageMeter;
  usage?: Usage;
  readonly resolve: (run: MeasuredRun) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The load generator's process (`load-worker.ts`, or another benchmark's worker built on
 * `serveLoadJobs`), started once and given one job at a time. One long-lived process rather than
 * one per row: starting Node with tsx and the model's WebAssembly takes most of a second, which the
 * quick run cannot spare nine times. `Job` is the jobs that worker takes.
 */
export class LoadProcess<Job extends LoadJob<unknown> = LoadJob> {
  readonly #child: ChildProcessByStdio<Writable, Readable, null>;
  readonly #exited: Promise<void>;
  #pending: Pending | undefined;

  private constructor(workerUrl: URL) {
    const worker = fileURLToPath(workerUrl);
    // tsx resolved from here, not from the working directory, so any cwd works.
    this.#child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), worker], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    createInterface({ input: this.#child.stdout, crlfDelay: Infinity }).on("line", (line) => {
      let event: WorkerEvent;
      try {
        event = JSON.parse(line) as WorkerEvent;
      } catch {
        // Something printed to the worker's stdout besides its events: fail the run, not the process.
        event = { kind: "error", message: `unexpected output on stdout: ${line.slice(0, 200)}` };
      }
      this.#onEvent(event);
    });
    this.#exited = new Promise((resolve) => {
      this.#child.on("exit", (code, signal) => {
        this.#pending?.reject(
          new Error(
            `The load generator exited during a run (code ${code ?? "none"}, signal ${signal ?? "none"})`,
          ),
        );
        this.#pending = undefined;
        resolve();
      });
    });
  }

  /**
   * Starts the load generator's process: `bench/http/load-worker.ts`, or the module at `worker`
   * (run with tsx), which must take `Job`s on stdin and answer with `WorkerEvent`s.
   *
   * @example
   * ```ts
   * const load = LoadProcess.start<ShieldJob>(new URL("./load-worker.ts", import.meta.url));
   * ```
   */
  static start<Job extends LoadJob<unknown> = LoadJob>(
    worker: URL = new URL("./load-worker.ts", import.meta.url),
  ): LoadProcess<Job> {
    return new LoadProcess<Job>(worker);
  }

  /**
   * Runs one job and measures this process (the server's) over the same window as the load
   * generator. Rejects if the worker reports an error or exits.
   */
  run(job: Job): Promise<MeasuredRun> {
    if (this.#pending !== undefined) {
      return Promise.reject(new Error("Cannot run two load jobs at once: await the previous run"));
    }
    return new Promise((resolve, reject) => {
      this.#pending = { meter: new UsageMeter(), resolve, reject };
      this.#child.stdin.write(`${JSON.stringify(job)}\n`);
    });
  }

  /** Ends the worker (it exits when its stdin closes) and waits for it to go. */
  async close(): Promise<void> {
    this.#child.stdin.end();
    await this.#exited;
  }

  #onEvent(event: WorkerEvent): void {
    const pending = this.#pending;
    if (pending === undefined) return;
    switch (event.kind) {
      case "window-start":
        pending.meter.start();
        return;
      case "window-end":
        pending.usage = pending.meter.stop();
        return;
      case "result":
        this.#pending = undefined;
        pending.resolve({ load: event.result, server: pending.usage ?? pending.meter.stop() });
        return;
      case "error":
        this.#pending = undefined;
        pending.reject(new Error(`The load generator failed: ${event.message}`));
        return;
    }
  }
}
