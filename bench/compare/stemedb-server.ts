/**
 * The real StemeDB server in a process of its own, as `npm start` runs it (`bin/stemedb-api.js`,
 * the default configuration: Shield, metrics and query audit on), on a free loopback port and a
 * data directory of the benchmark's. The environment's `STEMEDB_*` variables are left out, so the
 * shell cannot change what is measured.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

/** A running server. */
export interface StemeDbServer {
  /** e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  readonly pid: number;
  /** The data directory: the WAL in `wal/`, the store in `db/`, the admin token beside them. */
  readonly dataDir: string;
  /** SIGTERM: the server finishes its requests and writes, fsyncs and closes. Resolves once it exited. */
  shutDown(): Promise<void>;
  /** SIGKILL, as a crash. Resolves once it exited. */
  crash(): Promise<void>;
}

const SERVER_BIN = fileURLToPath(new URL("../../bin/stemedb-api.js", import.meta.url));
// A start replays the WAL a crash left, which for a million claims takes a while.
const START_TIMEOUT_MS = 300_000;
const STOP_TIMEOUT_MS = 30_000;
const LISTENING = /listening on (https?:\/\/[^\s"]+)/;

/**
 * Starts the server on `dataDir` (made if missing; a crashed one recovers first) and resolves once
 * it listens. Only the port (any free one), the directories and the log level are set, and the
 * variables of `overrides`; everything else is the default of a fresh install.
 *
 * @example
 * ```ts
 * const server = await startStemeDbServer("data/stemedb-http");
 * try {
 *   const peer = new HttpPeer({ url: server.url, dataDir: server.dataDir });
 * } finally {
 *   await server.shutDown();
 * }
 * ```
 */
export async function startStemeDbServer(
  dataDir: string,
  overrides: Readonly<Record<string, string>> = {},
): Promise<StemeDbServer> {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith("STEMEDB_") && name !== "RUST_LOG") env[name] = value;
  }
  Object.assign(env, {
    STEMEDB_BIND_ADDR: "127.0.0.1:0",
    STEMEDB_WAL_DIR: join(dataDir, "wal"),
    STEMEDB_DB_DIR: join(dataDir, "db"),
    // The default level, named because the listening line is read from the log.
    STEMEDB_LOG_LEVEL: "info",
    ...overrides,
  });
  const child = spawn(process.execPath, [SERVER_BIN], {
    cwd: dataDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = once(child, "exit").catch(() => undefined);
  const output: string[] = [];
  const url = new Promise<string>((resolve, reject) => {
    const onLine = (line: string): void => {
      output.push(line);
      if (output.length > 20) output.shift();
      const match = LISTENING.exec(line);
      if (match?.[1] !== undefined) resolve(match[1]);
    };
    // Read to the end, or a full pipe would stall the server's logging.
    createInterface({ input: child.stdout }).on("line", onLine);
    createInterface({ input: child.stderr }).on("line", onLine);
    child.on("exit", (code, signal) => {
      reject(
        new Error(
          `Cannot start the StemeDB server: it exited (code ${code ?? "none"}, signal ${signal ?? "none"}): ${output.join(" | ")}`,
        ),
      );
    });
    child.on("error", reject);
  });
  // Whichever of the two settles first, the other must not reject unheard.
  void url.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`Cannot start the StemeDB server: not listening after ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
  });
  const { pid } = child;
  try {
    if (pid === undefined) throw new Error(`Cannot start the StemeDB server: spawning ${SERVER_BIN} failed`);
    return {
      url: await Promise.race([url, timeout]),
      pid,
      dataDir,
      shutDown: () => shutDown(child, exited),
      crash: () => crash(child, exited),
    };
  } catch (error) {
    await crash(child, exited);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function shutDown(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timedOut = await Promise.race([
    exited.then(() => false),
    sleep(STOP_TIMEOUT_MS, true, { ref: false }),
  ]);
  if (timedOut) await crash(child, exited);
}

async function crash(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGKILL");
  await exited;
}
