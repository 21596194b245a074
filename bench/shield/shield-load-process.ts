import { spawn, type ChildProcessByStdio } from "node:child_process";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { WorkerEvent } from "../http/load-job.ts";
import type { MeasuredRun } from "../http/load-process.ts";
import { UsageMeter } from "../http/usage-meter.ts";
import type { ShieldJob } from "./shield-job.ts";

interface Pending {
  readonly meter: UsageMeter;
  usage?: MeasuredRun["server"];
  readonly resolve: (run: MeasuredRun) => void;
  readonly reject: (error: Error) => void;
}

/**
 * The Shield benchmark's load generator process (`load-worker.ts`), started once and given one
 * `ShieldJob` at a time; each run also measures this process (the server's) over the load
 * generator's window. `bench/http`'s `LoadProcess` with another worker: that class starts its own
 * worker, whose jobs carry neither headers nor these claims.
 */
export class ShieldLoadProcess {
  readonly #child: ChildProcessByStdio<Writable, Readable, null>;
  readonly #exited: Promise<void>;
  #pending: Pending | undefined;

  private constructor() {
    const worker = fileURLToPath(new URL("./load-worker.ts", import.meta.url));
    this.#child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), worker], {
      stdio: ["pipe", "pipe", "inherit"],
    });
    createInterface({ input: this.#child.stdout, crlfDelay: Infinity }).on("line", (line) => {
      let event: WorkerEvent;
      try {
        event = JSON.parse(line) as WorkerEvent;
      } catch {
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

  /** Starts the load generator's process. */
  static start(): ShieldLoadProcess {
    return new ShieldLoadProcess();
  }

  /** Runs one job; rejects if the worker reports an error or exits. */
  run(job: ShieldJob): Promise<MeasuredRun> {
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
