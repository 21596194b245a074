import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

export interface NginxProcess {
  readonly pid: number;
  /** SIGTERM (SIGKILL after 5 s) to the nginx process, and wait for its exit. */
  stop(): Promise<void>;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => {
      resolve(false);
    });
  });
}

function errorLog(config: string): string {
  try {
    return readFileSync(join(dirname(config), "error.log"), "utf8");
  } catch {
    return "(no error log)";
  }
}

/**
 * Runs nginx in the foreground on `config` (made by `writeNginxSite`) and resolves once it
 * accepts connections on `port`.
 */
export async function startNginx(nginx: string, config: string, port: number): Promise<NginxProcess> {
  const dir = dirname(config);
  const child = spawn(nginx, ["-e", join(dir, "error.log"), "-p", dir, "-c", config], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const state = { exited: false };
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      state.exited = true;
      resolve();
    }),
  );
  const stop = async (): Promise<void> => {
    if (state.exited) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exit;
    clearTimeout(timer);
  };
  const deadline = Date.now() + 10_000;
  while (!(await accepts(port))) {
    if (state.exited || Date.now() > deadline) {
      await stop();
      throw new Error(`nginx did not start on port ${port}:\n${stderr}\n${errorLog(config)}`);
    }
    await sleep(50);
  }
  if (child.pid === undefined) throw new Error("nginx started without a process id");
  return { pid: child.pid, stop };
}
