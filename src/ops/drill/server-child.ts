import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "../../project-root.ts";

const SERVER_BIN = join(projectRoot(import.meta.url), "bin", "stemedb-api.js");
const STARTED = /Startup complete, listening on (https?:\/\/[^"\s]+)/;

/** A `stemedb-api` process started by the drill. */
export interface ServerChild {
  readonly url: string;
  readonly pid: number;
  readonly child: ChildProcess;
  /** Resolves with the exit code or signal once the process is gone. */
  readonly exited: Promise<string>;
}

/**
 * Starts the real server binary with `env` (on top of this process's environment) and resolves
 * once it logs that it is listening; rejects with its output if it exits or takes over `timeoutMs`.
 */
export function startServerChild(
  env: Readonly<Record<string, string>>,
  timeoutMs = 60_000,
): Promise<ServerChild> {
  const child = spawn(process.execPath, [SERVER_BIN], {
    env: { ...process.env, STEMEDB_LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<string>((resolve) => {
    child.on("exit", (code, signal) => {
      resolve(signal ?? String(code));
    });
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`The server did not start within ${timeoutMs} ms:\n${output.slice(-4000)}`));
    }, timeoutMs);
    const onData = (chunk: Buffer): void => {
      // Only until it is up: a drill's server logs every request otherwise.
      if (output.length < 1 << 20) output += chunk.toString();
      const url = STARTED.exec(output)?.[1];
      if (url !== undefined && child.pid !== undefined) {
        clearTimeout(timer);
        child.stdout.off("data", onData);
        child.stderr.off("data", onData);
        child.stdout.resume();
        child.stderr.resume();
        resolve({ url, pid: child.pid, child, exited });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (${how}) before listening:\n${output.slice(-4000)}`));
    });
  });
}
