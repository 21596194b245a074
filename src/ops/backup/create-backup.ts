import { existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { StemeDb } from "../../db/steme-db.ts";
import { silentLogger, type Logger } from "../../logger.ts";
import { fsyncDirectory } from "../../wal/fsync-directory.ts";
import { fsyncFile } from "../../wal/fsync-file.ts";
import { VERSION } from "../version.ts";
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  BACKUP_METADATA_FILE,
  type BackupMetadata,
} from "./backup-metadata.ts";
import { digestTree } from "./file-digests.ts";

/** A finished backup: its directory and what its metadata says. */
export interface BackupResult {
  readonly path: string;
  readonly metadata: BackupMetadata;
}

/**
 * Makes an online, consistent backup of an open database in a new directory
 * `<to>/stemedb-backup-YYYYMMDD-HHMMSS` (UTC; `-2`, `-3`… when that second is taken) holding
 * `db/`, `wal/` and `backup-metadata.json`, while the database keeps taking writes.
 *
 * The store is snapshotted first and then the log copied up to what is durable, so the copy's log
 * covers its store; the copy is then opened once, which replays the records written during the
 * copy into its store. The result is a database consistent as of the end of its log, exactly what
 * the metadata's `wal_position` and `assertion_count` say. It is built under a hidden `.partial`
 * name and renamed when complete and fsynced, so a crash never leaves something that looks whole.
 */
export async function createBackup(
  db: StemeDb,
  options: { readonly to: string; readonly logger?: Logger; readonly now?: () => Date },
): Promise<BackupResult> {
  const logger = options.logger ?? silentLogger;
  const began = process.hrtime.bigint();
  mkdirSync(options.to, { recursive: true });
  const name = freeName(options.to, backupName((options.now ?? (() => new Date()))()));
  const partial = join(options.to, `.${name}.partial`);
  const dirs = { walDir: join(partial, "wal"), dbDir: join(partial, "db") };
  rmSync(partial, { recursive: true, force: true });
  mkdirSync(dirs.walDir, { recursive: true });
  mkdirSync(dirs.dbDir, { recursive: true });
  try {
    logger.info({ to: options.to, name }, "Backup started");
    await db.copyTo(dirs);
    const copy = await StemeDb.open({ ...dirs, logger: silentLogger });
    const consistent = {
      assertionCount: copy.store.assertionCount,
      walPosition: copy.store.appliedSeq,
      walSegments: copy.walSegments,
      at: new Date(),
    };
    await copy.close();
    // LMDB's lock file is runtime state, rewritten by whoever opens the store next.
    rmSync(join(dirs.dbDir, "lock.mdb"), { force: true });
    const files = await digestTree(partial);
    const metadata: BackupMetadata = {
      format: BACKUP_FORMAT,
      format_version: BACKUP_FORMAT_VERSION,
      version: VERSION,
      timestamp: consistent.at.toISOString(),
      assertion_count: consistent.assertionCount,
      wal_position: consistent.walPosition,
      wal_segments: consistent.walSegments,
      file_count: files.length,
      total_bytes: files.reduce((sum, f) => sum + f.bytes, 0),
      duration_seconds: Number(process.hrtime.bigint() - began) / 1e9,
      files,
    };
    const metadataPath = join(partial, BACKUP_METADATA_FILE);
    await writeFile(metadataPath, `${JSON.stringify(metadata, null, 2)}\n`);
    fsyncFile(metadataPath);
    for (const dir of [dirs.dbDir, dirs.walDir, partial]) fsyncDirectory(dir);
    const path = join(options.to, name);
    renameSync(partial, path);
    fsyncDirectory(options.to);
    logger.info(
      {
        path,
        assertions: metadata.assertion_count,
        bytes: metadata.total_bytes,
        seconds: metadata.duration_seconds,
      },
      `Backup complete: ${path}`,
    );
    return { path, metadata };
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    throw error;
  }
}

/** `stemedb-backup-YYYYMMDD-HHMMSS` in UTC, the name the seeds' runbooks list and sort. */
export function backupName(at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `stemedb-backup-${stamp}`;
}

function freeName(dir: string, name: string): string {
  if (!existsSync(join(dir, name))) return name;
  for (let n = 2; ; n++) if (!existsSync(join(dir, `${name}-${n}`))) return `${name}-${n}`;
}
