import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { restoreBackup } from "../backup/restore.ts";
import { verifyDatabase } from "../backup/verify.ts";
import { startServerChild, type ServerChild } from "./server-child.ts";

export interface DrillOptions {
  /** Assertions loaded before the backup. */
  readonly assertions: number;
  /** Seconds of writes between the backup and the crash. */
  readonly writeSeconds: number;
  /** `STEMEDB_WAL_ARCHIVE_MAX_DELAY_SECONDS` of the drill's server: the RPO it promises. */
  readonly archiveMaxDelaySeconds: number;
  /** Concurrent writers after the backup. */
  readonly writers: number;
  /** Work directory; a new temporary one (removed afterwards) when absent. */
  readonly dir?: string;
  readonly keep?: boolean;
  readonly log?: (line: string) => void;
}

/** What a drill measured. Times in seconds. */
export interface DrillReport {
  readonly loaded: number;
  readonly backup_seconds: number;
  readonly acknowledged_after_backup: number;
  /** Acknowledged writes (load and later) absent after the restore. */
  readonly lost: number;
  /** Lost writes acknowledged before the archive's last pass before the crash: must be 0. */
  readonly lost_archived: number;
  /** From the crash until the restored server answered its health check. */
  readonly rto_seconds: number;
  /** From the oldest lost write's acknowledgement to the crash; 0 when none was lost. */
  readonly rpo_seconds: number;
  readonly restore_seconds: number;
  readonly replayed: number;
  readonly restored_assertions: number;
  readonly verify_problems: readonly string[];
  readonly ok: boolean;
}

interface Ack {
  readonly hash: string;
  readonly atMs: number;
}

/**
 * The disaster-recovery drill of the operations runbook, end to end on real processes: start a
 * server with continuous WAL archiving, load data, back it up online, keep writing, kill the
 * server with SIGKILL, wipe its data directory, restore the backup and the archive, verify the
 * result, start a server on it, and check every acknowledged write. It measures the recovery time
 * (RTO) and how much acknowledged data was lost (RPO), and fails if a lost write had been archived.
 */
export async function runDrill(options: DrillOptions): Promise<DrillReport> {
  const log = options.log ?? (() => undefined);
  const root = options.dir ?? mkdtempSync(join(tmpdir(), "stemedb-drill-"));
  const dirs = { walDir: join(root, "data", "wal"), dbDir: join(root, "data", "db") };
  const archiveDir = join(root, "wal-archive");
  const adminToken = randomBytes(24).toString("base64url");
  const env = {
    STEMEDB_BIND_ADDR: "127.0.0.1:0",
    STEMEDB_WAL_DIR: dirs.walDir,
    STEMEDB_DB_DIR: dirs.dbDir,
    STEMEDB_WAL_ARCHIVE_DIR: archiveDir,
    STEMEDB_BACKUP_DIR: join(root, "backups"),
    STEMEDB_WAL_ARCHIVE_MAX_DELAY_SECONDS: String(options.archiveMaxDelaySeconds),
    STEMEDB_ADMIN_TOKEN: adminToken,
    // Set explicitly, whatever the operator's shell holds: the drill reads the archive's gauge
    // from /metrics over plain HTTP, and it tests recovery, not the Shield (one client stands in
    // for many; a held or refused write would count as lost).
    STEMEDB_METER_ENABLED: "true",
    STEMEDB_TLS_ENABLED: "false",
    STEMEDB_AUTH_ENABLED: "false",
    STEMEDB_RATE_LIMIT_ENABLED: "false",
    STEMEDB_QUOTA_ENABLED: "false",
    STEMEDB_QUARANTINE_ENABLED: "false",
    STEMEDB_POW_ENABLED: "false",
  };
  let server: ServerChild | undefined;
  try {
    log(`drill in ${root}`);
    server = await startServerChild(env);
    const acks: Ack[] = await load(server.url, options.assertions);
    log(`loaded ${acks.length} assertions`);

    const backupStarted = performance.now();
    const backup = await post<{ path: string }>(server.url, "/v1/admin/backup", {}, adminToken);
    const backupSeconds = (performance.now() - backupStarted) / 1000;
    log(`backup ${backup.path} in ${backupSeconds.toFixed(2)} s`);

    // The crash comes in the middle of the writes, as a real one would.
    const writing = startWriters(server.url, options.writers);
    await new Promise((resolve) => setTimeout(resolve, options.writeSeconds * 1000));
    const archivedAtMs = await lastArchivePassMs(server.url);
    const crashAtMs = Date.now();
    server.child.kill("SIGKILL");
    await server.exited;
    server = undefined;
    const after = await writing.stopped;
    acks.push(...after);
    const crashed = performance.now();
    log(`killed the server with SIGKILL after ${after.length} more acknowledged writes`);

    rmSync(join(root, "data"), { recursive: true, force: true });
    const restore = await restoreBackup({ backup: backup.path, ...dirs, archiveDir });
    const verified = await verifyDatabase(dirs);
    server = await startServerChild(env);
    await health(server.url);
    const rtoSeconds = (performance.now() - crashed) / 1000;
    log(
      `restored ${restore.assertion_count} assertions; serving again ${rtoSeconds.toFixed(2)} s after the crash`,
    );

    const lost: Ack[] = [];
    for (const ack of acks) if (!(await exists(server.url, ack.hash))) lost.push(ack);
    const lostArchived = lost.filter((ack) => ack.atMs <= archivedAtMs).length;
    const oldestLost = Math.min(...lost.map((ack) => ack.atMs));
    const report: DrillReport = {
      loaded: options.assertions,
      backup_seconds: backupSeconds,
      acknowledged_after_backup: after.length,
      lost: lost.length,
      lost_archived: lostArchived,
      rto_seconds: rtoSeconds,
      rpo_seconds: lost.length === 0 ? 0 : (crashAtMs - oldestLost) / 1000,
      restore_seconds: restore.seconds,
      replayed: restore.replayed,
      restored_assertions: restore.assertion_count,
      verify_problems: verified.problems,
      ok: lostArchived === 0 && verified.problems.length === 0,
    };
    return report;
  } finally {
    if (server !== undefined) {
      server.child.kill("SIGTERM");
      await server.exited;
    }
    if (options.dir === undefined && options.keep !== true) rmSync(root, { recursive: true, force: true });
  }
}

async function load(url: string, count: number): Promise<Ack[]> {
  const acks: Ack[] = [];
  for (let start = 0; start < count; start += 1000) {
    const assertions = Array.from({ length: Math.min(1000, count - start) }, (_, i) =>
      claim("load", start + i),
    );
    const body = await post<{ results: { hash: string }[] }>(url, "/v1/assert/batch", { assertions });
    const atMs = Date.now();
    for (const { hash } of body.results) acks.push({ hash, atMs });
  }
  return acks;
}

/**
 * `writers` clients each writing one assertion at a time until the server goes away; `stopped`
 * resolves with the writes that were acknowledged (a write cut off by the crash was not).
 */
function startWriters(url: string, writers: number): { stopped: Promise<Ack[]> } {
  const acks: Ack[] = [];
  let next = 0;
  const writer = async (): Promise<void> => {
    for (;;) {
      let hash: string;
      try {
        ({ hash } = await post<{ hash: string }>(url, "/v1/assert", claim("after", next++)));
      } catch {
        return;
      }
      acks.push({ hash, atMs: Date.now() });
    }
  };
  return { stopped: Promise.all(Array.from({ length: writers }, writer)).then(() => acks) };
}

/** When the server's WAL archiver last finished a pass, from `/metrics`. */
async function lastArchivePassMs(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const match = /^stemedb_wal_archive_last_success_timestamp_seconds (\S+)$/m.exec(text);
  if (match?.[1] === undefined)
    throw new Error("The server exports no stemedb_wal_archive_last_success_timestamp_seconds");
  return Number(match[1]) * 1000;
}

function claim(phase: string, i: number): Record<string, unknown> {
  return { concept_path: `drill/${phase}/${i % 1000}`, predicate: `reading_${i}`, value: i, confidence: 0.8 };
}

async function post<T>(url: string, path: string, body: unknown, token?: string): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(token !== undefined ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

async function health(url: string): Promise<void> {
  const response = await fetch(`${url}/v1/health`);
  if (response.status !== 200)
    throw new Error(`The restored server's health check answered ${response.status}`);
}

async function exists(url: string, hash: string): Promise<boolean> {
  const response = await fetch(`${url}/v1/assertions/${hash}`);
  await response.arrayBuffer();
  return response.status === 200;
}
