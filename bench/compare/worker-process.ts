/**
 * The run's side of a worker process: started with tsx and its job on the command line, its
 * events read line by line, its end awaited, and killed with SIGKILL when the run needs a crash
 * or has failed.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { WorkerEvent } from "./worker-events.ts";

export interface WorkerProcess {
  readonly pid: number;
  /** Resolves when the worker exits 0 or was killed by `kill`; rejects with its error otherwise. */
  readonly done: Promise<void>;
  /** SIGKILL, as a crash; `done` then resolves once it is gone. */
  kill(): void;
  /** From now on any end is expected (its server is about to be killed): `done` resolves. */
  expectEnd(): void;
}

// Enough of a failed worker's stderr to see why it failed.
const STDERR_LINES = 40;

/**
 * Starts the worker module at `worker` with `job`; `onEvent` hears every event but `error`, which
 * rejects `done`.
 *
 * @example
 * ```ts
 * const child = startWorker(new URL("./open-worker.ts", import.meta.url), job, (e) => events.push(e));
 * await child.done;
 * ```
 */
export function startWorker(worker: URL, job: object, onEvent: (event: WorkerEvent) => void): WorkerProcess {
  // --expose-gc: an in-process session collects garbage before it measures what it holds itself.
  const child = spawn(
    process.execPath,
    ["--expose-gc", "--import", import.meta.resolve("tsx"), fileURLToPath(worker), JSON.stringify(job)],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const stderr: string[] = [];
  createInterface({ input: child.stderr, crlfDelay: Infinity }).on("line", (line) => {
    stderr.push(line);
    if (stderr.length > STDERR_LINES) stderr.shift();
  });
  let failure: string | undefined;
  createInterface({ input: child.stdout, crlfDelay: Infinity }).on("line", (line) => {
    let event: WorkerEvent;
    try {
      event = JSON.parse(line) as WorkerEvent;
    } catch {
      event = { kind: "error", message: `unexpected output: ${line.slice(0, 200)}` };
    }
    if (event.kind === "error") failure ??= event.message;
    else onEvent(event);
  });
  let killed = false;
  const done = new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code === 0 || killed) {
        resolve();
        return;
      }
      const why = failure ?? stderr.join("\n");
      reject(
        new Error(
          `The worker ${worker.pathname} failed (code ${code ?? "none"}, signal ${signal ?? "none"}): ${why}`,
        ),
      );
    });
  });
  return {
    pid: child.pid ?? -1,
    done,
    kill: () => {
      killed = true;
      child.kill("SIGKILL");
    },
    expectEnd: () => {
      killed = true;
    },
  };
}
