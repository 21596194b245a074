/**
 * Where PostgreSQL 15 lives and who runs it: the Debian package's programs, installed when missing
 * and this process is root, run as the Debian `postgres` user, since PostgreSQL refuses root.
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Where Debian's `postgresql-15` package puts the server's programs. */
export const POSTGRES_BIN_DIR = "/usr/lib/postgresql/15/bin";

/** The superuser the clusters are created with, and the Debian user the server runs as under root. */
export const SUPERUSER = "postgres";

/** Installs the Debian package when `postgres` is missing and this process is root; throws otherwise. */
export async function ensureInstalled(): Promise<void> {
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
export function serverOwner(): { uid: number; gid: number } | undefined {
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

/**
 * The command that runs `program` from the package as the server's user: directly when this
 * process is not root, else through `setpriv`, which execs the program itself (so the child's PID
 * is the program's).
 */
export function asServerUser(program: string, args: readonly string[]): [string, string[]] {
  const owner = serverOwner();
  const path = join(POSTGRES_BIN_DIR, program);
  return owner === undefined
    ? [path, [...args]]
    : ["setpriv", [`--reuid=${owner.uid}`, `--regid=${owner.gid}`, "--clear-groups", "--", path, ...args]];
}
