import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { join } from "node:path";
import { after } from "node:test";
import { placedCommand } from "./placement.ts";

const BIN = join(import.meta.dirname, "..", "..", "bin", "stemedb-api.js");

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything the process printed so far. */
  readonly output: () => string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

export interface ExitedProcess {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `stemedb-api` with the given environment and arguments until it exits (for failed starts). */
export function runToExit(
  env: Record<string, string>,
  args: string[] = [],
  options: SpawnOptions = {},
): Promise<ExitedProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      ...options,
      env: { ...baseEnv(), ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`stemedb-api did not exit within 20 s; output:\n${stdout}\n${stderr}`));
    }, 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

function baseEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !key.startsWith("STEMEDB_") && key !== "RUST_LOG") env[key] = value;
  }
  return env;
}

/**
 * Starts the real server binary on a free loopback port (`:0`) and resolves once it logs that it
 * is listening. Stopped with SIGTERM (then SIGKILL) when the current test (or the test file)
 * ends, unless `stopAtEnd` is false: a process started in a `before` hook would otherwise stop
 * when the hook ends, and its owner stops it instead. `commandPrefix` (`ip netns exec <ns>`) starts
 * it through another command that execs it, so the child's PID stays the server's.
 */
export function startServer(
  env: Record<string, string>,
  cwd?: string,
  options: { readonly stopAtEnd?: boolean; readonly commandPrefix?: readonly string[] } = {},
): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const [program, args] = placedCommand(options.commandPrefix ?? [], process.execPath, [BIN]);
    const child = spawn(program, args, {
      env: { ...baseEnv(), STEMEDB_BIND_ADDR: "127.0.0.1:0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
      ...(cwd !== undefined ? { cwd } : {}),
    });
    let output = "";
    let exitCode: number | null | undefined;
    const exited = new Promise<number | null>((done) =>
      child.on("exit", (code) => {
        exitCode = code;
        done(code);
      }),
    );
    const stop = async (): Promise<number | null> => {
      if (exitCode !== undefined) return exitCode;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    };
    if (options.stopAtEnd !== false) after(stop);
    const timer = setTimeout(() => {
      // Not left running: nothing else holds its PID once this start has failed.
      child.kill("SIGKILL");
      reject(new Error(`server did not start within 20 s:\n${output}`));
    }, 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Startup complete, listening on (https?:\/\/[^"\s]+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve({ child, url: match[1], output: () => output, stop });
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${String(code)} before listening:\n${output}`));
    });
  });
}
