import { spawn } from "node:child_process";
import { once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";

export interface NatsServerProcess {
  readonly pid: number;
  /** Resolves when the process has exited, with its exit code or signal. */
  readonly exited: Promise<{ readonly code: number | null; readonly signal: NodeJS.Signals | null }>;
  /** What it logged so far (its log goes to stderr). */
  log(): string;
  /** Sends `signal` (SIGTERM by default) unless it has exited; SIGKILL after 10 s; waits. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Runs `nats-server -c <config>` in the foreground, stopped by its PID. */
export function startNatsServer(binary: string, config: string): NatsServerProcess {
  const child = spawn(binary, ["-c", config], { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  child.stderr.on("data", (chunk: Buffer) => {
    if (log.length < 64 * 1024) log += chunk.toString();
  });
  const exited = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  if (child.pid === undefined) throw new Error(`Cannot start ${binary} -c ${config}: no process id`);
  const stop = async (signal: NodeJS.Signals = "SIGTERM"): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited;
    clearTimeout(timer);
  };
  return { pid: child.pid, exited, log: () => log, stop };
}

/**
 * Polls `url` until `accept` returns true for its JSON body (and status), or throws after
 * `timeoutMs` with the last answer.
 */
export async function pollJson(
  url: string,
  accept: (body: Record<string, unknown>, status: number) => boolean,
  timeoutMs = 30_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    let last: string;
    try {
      const response = await fetch(url);
      const body = (await response.json()) as Record<string, unknown>;
      if (accept(body, response.status)) return body;
      last = `${response.status} ${JSON.stringify(body)}`;
    } catch (error) {
      last = String(error);
    }
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer as expected in ${timeoutMs} ms: ${last}`);
    await sleep(200);
  }
}
