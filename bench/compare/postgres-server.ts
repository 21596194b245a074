/**
 * A throwaway PostgreSQL 15 for the comparison: initdb in a temp directory, a postmaster on a free
 * loopback port, stopped by its PID and deleted afterwards. The cluster can also be shut down or
 * crashed (every process killed) and started again on the same directory, for the cold-start and
 * recovery rows. Durable commits stay on; the rest is what a DBA would set for a bulk-ingest
 * benchmark on a 2-core, 24 GiB machine.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import {
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import pg from "pg";
import { allocatedBytes } from "./disk-usage.ts";
import { freePort } from "../../test/support/free-port.ts";
import { SUPERUSER, asServerUser, ensureInstalled, serverOwner } from "./postgres-install.ts";
import { isRunning, processTree } from "./process-tree.ts";

const run = promisify(execFile);

const DATABASE = "postgres";
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
// Short, because the cold-start and recovery rows time how soon the server answers.
const POLL_MS = 10;

/**
 * Settings beyond the defaults. Durability is spelled out although it is the default, so nobody
 * has to trust it: every commit waits for its WAL to reach the disk, and torn pages are covered.
 */
const SETTINGS: Readonly<Record<string, string>> = {
  fsync: "on",
  synchronous_commit: "on",
  full_page_writes: "on",
  // A quarter of RAM is the usual advice; 1 GB holds a million claims and their indexes hot.
  shared_buffers: "1GB",
  effective_cache_size: "16GB",
  work_mem: "64MB",
  maintenance_work_mem: "1GB",
  wal_buffers: "64MB",
  // Full-page images are most of a bulk load's WAL; lz4 shrinks them for little CPU.
  wal_compression: "lz4",
  // No checkpoint in the middle of a timed ingest, which would measure checkpoint I/O instead.
  max_wal_size: "8GB",
  min_wal_size: "1GB",
  checkpoint_timeout: "30min",
  checkpoint_completion_target: "0.9",
  // No replicas: skip the WAL records only standbys need. Crash recovery is unaffected.
  wal_level: "minimal",
  max_wal_senders: "0",
  // The disk is an SSD: random reads cost about what sequential ones do.
  random_page_cost: "1.1",
  effective_io_concurrency: "200",
  // Compiling short index lookups to machine code costs more than it saves.
  jit: "off",
  log_min_messages: "warning",
};

/** A running server. */
export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** The cluster's directory: `startPostgres({ root })` starts it again after `shutDown` or `crash`. */
  readonly root: string;
  /** The cluster's data directory (inside `root`). */
  readonly dataDir: string;
  /** The postmaster's process id. */
  readonly pid: number;
  /** Stops the server (SIGINT, then SIGKILL after a timeout) and removes `root`. */
  stop(): Promise<void>;
  /** Stops the server as `stop` does (a fast shutdown ends with a checkpoint) and keeps `root`. */
  shutDown(): Promise<void>;
  /** Kills the postmaster and every process it forked with SIGKILL, as a power cut would; keeps `root`. */
  crash(): Promise<void>;
  /** Bytes the whole data directory takes: tables, indexes, WAL and system catalogs. */
  bytesOnDisk(): Promise<number>;
}

/**
 * Starts PostgreSQL 15 on 127.0.0.1 and resolves once it accepts connections: a fresh cluster in a
 * new temp directory, or the cluster in `root` (made there first if `root` has none), which then
 * runs crash recovery if it was crashed. Installs the Debian package when it is missing and this
 * process is root; as root, runs the server as the Debian `postgres` user.
 *
 * @example
 * ```ts
 * const server = await startPostgres();
 * try {
 *   const peer = await PostgresPeer.open(server);
 * } finally {
 *   await server.stop();
 * }
 * ```
 */
export async function startPostgres(options: { readonly root?: string } = {}): Promise<PostgresServer> {
  await ensureInstalled();
  const root = options.root ?? mkdtempSync(join(tmpdir(), "stemedb-bench-pg-"));
  try {
    if (!existsSync(join(root, "data", "PG_VERSION"))) await initCluster(root);
    return await launch(root);
  } catch (error) {
    if (options.root === undefined) rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

async function initCluster(root: string): Promise<void> {
  const dataDir = join(root, "data");
  const owner = serverOwner();
  if (owner !== undefined) chownSync(root, owner.uid, owner.gid);
  // --no-sync: the empty cluster's files need not be fsynced, nothing in them is benchmark data.
  const [initdb, args] = asServerUser("initdb", [
    `--pgdata=${dataDir}`,
    `--username=${SUPERUSER}`,
    "--auth=trust",
    "--encoding=UTF8",
    "--locale=C",
    "--no-sync",
    "--no-instructions",
  ]);
  try {
    await run(initdb, args, { cwd: root, env: { ...process.env, LC_ALL: "C" } });
  } catch (error) {
    throw new Error(`Cannot start PostgreSQL: initdb failed in ${dataDir}`, { cause: error });
  }
}

async function launch(root: string): Promise<PostgresServer> {
  const dataDir = join(root, "data");
  const socketDir = join(root, "socket");
  const logFile = join(root, "postgres.log");
  mkdirSync(socketDir, { recursive: true });
  const owner = serverOwner();
  if (owner !== undefined) chownSync(socketDir, owner.uid, owner.gid);
  const port = await freePort();
  const settings = {
    ...SETTINGS,
    listen_addresses: "127.0.0.1",
    port: String(port),
    unix_socket_directories: socketDir,
  };
  const [postgres, args] = asServerUser("postgres", [
    "-D",
    dataDir,
    ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
  ]);
  const log = openSync(logFile, "a");
  const child = spawn(postgres, args, {
    cwd: root,
    env: { ...process.env, LC_ALL: "C" },
    stdio: ["ignore", log, log],
  });
  closeSync(log);
  // Settles on exit, and on a spawn error (then there is no process to wait for).
  const exited = once(child, "exit").catch(() => undefined);
  const { pid } = child;
  if (pid === undefined) {
    await exited;
    throw new Error(`Cannot start PostgreSQL: spawning ${postgres} failed (${tail(logFile)})`);
  }
  const server: PostgresServer = {
    host: "127.0.0.1",
    port,
    user: SUPERUSER,
    database: DATABASE,
    root,
    dataDir,
    pid,
    stop: async () => {
      try {
        await stop(child, exited);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
    shutDown: () => stop(child, exited),
    crash: () => crash(child, exited),
    bytesOnDisk: async () => allocatedBytes(dataDir),
  };
  try {
    await waitUntilAccepting(server, child, logFile);
  } catch (error) {
    await server.crash();
    throw error;
  }
  return server;
}

async function waitUntilAccepting(
  server: PostgresServer,
  child: ChildProcess,
  logFile: string,
): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Cannot start PostgreSQL: the server exited (${tail(logFile)})`);
    }
    const client = new pg.Client({
      host: server.host,
      port: server.port,
      user: server.user,
      database: server.database,
    });
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) {
        throw new Error(
          `Cannot start PostgreSQL: no connection on port ${server.port} after ${START_TIMEOUT_MS} ms (${tail(logFile)})`,
          { cause: error },
        );
      }
    }
    await sleep(POLL_MS);
  }
}

/** SIGINT is PostgreSQL's fast shutdown: roll back sessions, checkpoint, exit. */
async function stop(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGINT");
  // An unref'd timer: once the server is gone, nothing waits the timeout out.
  const timeout = sleep(STOP_TIMEOUT_MS, true, { ref: false });
  const timedOut = await Promise.race([exited.then(() => false), timeout]);
  if (timedOut) await crash(child, exited);
}

/**
 * SIGKILL to every process of the server at once, taken from the tree before any dies (a killed
 * postmaster's children are re-parented and could no longer be found), then waits for all to go.
 */
async function crash(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const tree = processTree(child.pid);
  for (const pid of tree) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  await exited;
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (tree.some(isRunning)) {
    if (Date.now() > deadline) {
      throw new Error(
        `Cannot crash PostgreSQL: processes ${tree.filter(isRunning).join(", ")} survive SIGKILL`,
      );
    }
    await sleep(POLL_MS);
  }
}

/** The last lines of the server log, for an error message. */
function tail(logFile: string): string {
  try {
    const lines = readFileSync(logFile, "utf8").trim().split("\n").slice(-5).join(" | ");
    return lines === "" ? "the log is empty" : `log: ${lines}`;
  } catch {
    return "no log";
  }
}
