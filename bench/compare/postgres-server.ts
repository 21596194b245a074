/**
 * A throwaway PostgreSQL 15 for the comparison: initdb in a fresh temp directory, a postmaster on
 * a free loopback port, stopped by its PID and deleted afterwards. Durable commits stay on; the
 * rest is what a DBA would set for a bulk-ingest benchmark on a 2-core, 24 GiB machine.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import {
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

/** Where Debian's `postgresql-15` package puts the server's programs. */
export const POSTGRES_BIN_DIR = "/usr/lib/postgresql/15/bin";

const SUPERUSER = "postgres";
const DATABASE = "postgres";
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

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

/** A running throwaway server. */
export interface PostgresServer {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly database: string;
  /** The cluster's data directory (inside a temp directory removed by `stop`). */
  readonly dataDir: string;
  /** The postmaster's process id. */
  readonly pid: number;
  /** Stops the server (SIGINT, then SIGKILL after a timeout) and removes its directory. */
  stop(): Promise<void>;
  /** Bytes the whole data directory takes: tables, indexes, WAL and system catalogs. */
  bytesOnDisk(): Promise<number>;
}

/**
 * Starts a fresh PostgreSQL 15 on 127.0.0.1 and resolves once it accepts connections. Installs
 * the Debian package when it is missing and this process is root; as root, runs the server as
 * the Debian `postgres` user, since PostgreSQL refuses to run as root.
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
export async function startPostgres(): Promise<PostgresServer> {
  await ensureInstalled();
  const root = mkdtempSync(join(tmpdir(), "stemedb-bench-pg-"));
  try {
    return await startIn(root);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
}

async function startIn(root: string): Promise<PostgresServer> {
  const dataDir = join(root, "data");
  const socketDir = join(root, "socket");
  const logFile = join(root, "postgres.log");
  mkdirSync(socketDir);
  const owner = serverOwner();
  if (owner !== undefined) {
    for (const path of [root, socketDir]) chownSync(path, owner.uid, owner.gid);
  }
  const asServer = (program: string, args: readonly string[]): [string, string[]] =>
    owner === undefined
      ? [join(POSTGRES_BIN_DIR, program), [...args]]
      : [
          "setpriv",
          [
            `--reuid=${owner.uid}`,
            `--regid=${owner.gid}`,
            "--clear-groups",
            "--",
            join(POSTGRES_BIN_DIR, program),
            ...args,
          ],
        ];
  const env = { ...process.env, LC_ALL: "C" };
  // --no-sync: the empty cluster's files need not be fsynced, nothing in them is benchmark data.
  const [initdb, initdbArgs] = asServer("initdb", [
    `--pgdata=${dataDir}`,
    `--username=${SUPERUSER}`,
    "--auth=trust",
    "--encoding=UTF8",
    "--locale=C",
    "--no-sync",
    "--no-instructions",
  ]);
  try {
    await run(initdb, initdbArgs, { cwd: root, env });
  } catch (error) {
    throw new Error(`Cannot start PostgreSQL: initdb failed in ${dataDir}`, { cause: error });
  }
  const port = await freePort();
  const settings = {
    ...SETTINGS,
    listen_addresses: "127.0.0.1",
    port: String(port),
    unix_socket_directories: socketDir,
  };
  const [postgres, postgresArgs] = asServer("postgres", [
    "-D",
    dataDir,
    ...Object.entries(settings).flatMap(([name, value]) => ["-c", `${name}=${value}`]),
  ]);
  const log = openSync(logFile, "a");
  // setpriv execs the postmaster itself, so the child's PID is the server's.
  const child = spawn(postgres, postgresArgs, { cwd: root, env, stdio: ["ignore", log, log] });
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
    dataDir,
    pid,
    stop: () => stop(child, exited, root),
    bytesOnDisk: async () => directoryBytes(dataDir),
  };
  try {
    await waitUntilAccepting(server, child, logFile);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function ensureInstalled(): Promise<void> {
  const postgres = join(POSTGRES_BIN_DIR, "postgres");
  if (existsSync(postgres)) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Cannot start PostgreSQL 15: ${postgres} is missing; install the Debian package (apt-get install postgresql) or run as root to have it installed`,
    );
  }
  const aptGet = (args: readonly string[]) =>
    run("apt-get", ["-o", "DPkg::Lock::Timeout=300", ...args], {
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      maxBuffer: 64 * 1024 * 1024,
    });
  try {
    await aptGet(["install", "-y", "postgresql"]);
  } catch {
    // A stale package list is the usual reason: refresh it once.
    await aptGet(["update"]);
    await aptGet(["install", "-y", "postgresql"]);
  }
  if (!existsSync(postgres)) {
    throw new Error(
      `Cannot start PostgreSQL 15: apt-get installed postgresql but ${postgres} is still missing`,
    );
  }
}

/** The Debian `postgres` user when this process is root (PostgreSQL refuses root), else undefined. */
function serverOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${SUPERUSER}:`));
  const [, , uid, gid] = line?.split(":") ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error(`Cannot run PostgreSQL as root: there is no "${SUPERUSER}" user to run it as`);
  }
  return { uid: Number(uid), gid: Number(gid) };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const address = probe.address();
  probe.close();
  await once(probe, "close");
  if (address === null || typeof address === "string")
    throw new Error("Cannot find a free port: no TCP address");
  return address.port;
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
    await sleep(100);
  }
}

/** SIGINT is PostgreSQL's fast shutdown: roll back sessions, checkpoint, exit. */
async function stop(child: ChildProcess, exited: Promise<unknown>, root: string): Promise<void> {
  try {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGINT");
      // An unref'd timer: once the server is gone, nothing waits the timeout out.
      const timeout = sleep(STOP_TIMEOUT_MS, true, { ref: false });
      const timedOut = await Promise.race([exited.then(() => false), timeout]);
      if (timedOut) {
        child.kill("SIGKILL");
        await exited;
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function directoryBytes(dir: string): number {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) bytes += directoryBytes(path);
    else if (entry.isFile()) bytes += statSync(path).size;
  }
  return bytes;
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
