import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FileDigest } from "./file-digests.ts";

/** The file in every backup that describes it; the seeds' runbooks read it with `jq`. */
export const BACKUP_METADATA_FILE = "backup-metadata.json";
export const BACKUP_FORMAT = "stemedb-backup";
export const BACKUP_FORMAT_VERSION = 1;

/** What `backup-metadata.json` holds. Snake case: it is read by people and shell scripts. */
export interface BackupMetadata {
  readonly format: typeof BACKUP_FORMAT;
  readonly format_version: number;
  /** The StemeDB version that wrote the backup. */
  readonly version: string;
  /** RFC 3339 UTC: the moment the backup is consistent as of (the end of its copied log). */
  readonly timestamp: string;
  /** Assertions stored (not held in quarantine) as of `timestamp`. */
  readonly assertion_count: number;
  /** Sequence number of the last WAL record in the backup; a restore replays from here on. */
  readonly wal_position: number;
  readonly wal_segments: number;
  readonly file_count: number;
  readonly total_bytes: number;
  readonly duration_seconds: number;
  /** Every file of the backup but this one, with its size and SHA-256. */
  readonly files: readonly FileDigest[];
}

/** Reads and checks the shape of a backup's metadata; throws an Error saying what is wrong. */
export function readBackupMetadata(backupDir: string): BackupMetadata {
  const path = join(backupDir, BACKUP_METADATA_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "it does not exist" : String(error);
    throw new Error(`Cannot read ${path}: ${reason}; is "${backupDir}" a StemeDB backup?`, { cause: error });
  }
  const m = parsed as Partial<BackupMetadata>;
  if (m.format !== BACKUP_FORMAT || typeof m.format_version !== "number") {
    throw new Error(`${path} is not StemeDB backup metadata (format ${String(m.format)})`);
  }
  if (m.format_version > BACKUP_FORMAT_VERSION) {
    throw new Error(
      `${path} has format version ${m.format_version}; this StemeDB reads up to ${BACKUP_FORMAT_VERSION}: upgrade it`,
    );
  }
  const numbers = ["assertion_count", "wal_position", "wal_segments", "file_count", "total_bytes"] as const;
  for (const field of numbers) {
    if (!Number.isSafeInteger(m[field]) || (m[field] ?? -1) < 0) {
      throw new Error(`${path}: ${field} must be a non-negative integer, got ${JSON.stringify(m[field])}`);
    }
  }
  if (typeof m.timestamp !== "string" || Number.isNaN(Date.parse(m.timestamp))) {
    throw new Error(`${path}: timestamp must be an RFC 3339 time, got ${JSON.stringify(m.timestamp)}`);
  }
  const files = m.files;
  if (!Array.isArray(files) || !files.every(isFileDigest)) {
    throw new Error(`${path}: files must list {path, bytes, sha256} for every file of the backup`);
  }
  return m as BackupMetadata;
}

function isFileDigest(value: unknown): value is FileDigest {
  const f = value as Partial<FileDigest> | null;
  return (
    typeof f === "object" &&
    f !== null &&
    typeof f.path === "string" &&
    !f.path.split("/").includes("..") &&
    Number.isSafeInteger(f.bytes) &&
    typeof f.sha256 === "string" &&
    /^[0-9a-f]{64}$/.test(f.sha256)
  );
}
