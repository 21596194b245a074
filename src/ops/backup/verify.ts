import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { applyRecords } from "../../db/replay.ts";
import { ChecksumError } from "../../errors.ts";
import { LmdbStore } from "../../store/lmdb-store.ts";
import { listLogSegments } from "../../wal/log-segments.ts";
import { readRecords } from "../../wal/read-records.ts";
import { findValidFrameAfter } from "../../wal/segment-scan.ts";
import type { SegmentInfo } from "../../wal/recover.ts";
import { BACKUP_METADATA_FILE, readBackupMetadata, type BackupMetadata } from "./backup-metadata.ts";
import { digestFile, listFiles } from "./file-digests.ts";

/** What `stemedb verify` found. `problems` empty means the target is sound. */
export interface VerifyReport {
  readonly target: string;
  readonly kind: "backup" | "data";
  /** Damage or inconsistency: the verification fails. */
  readonly problems: readonly string[];
  /** Worth knowing, not wrong: a torn last record that the next start cuts off, say. */
  readonly warnings: readonly string[];
  readonly walRecords: number;
  readonly walSegments: number;
  /** Sequence number of the last readable WAL record. */
  readonly walPosition: number;
  readonly storeAppliedSeq: number;
  readonly assertionCount: number;
  readonly filesChecked: number;
}

/**
 * Verifies a backup: every file against the size and SHA-256 in `backup-metadata.json` (none
 * missing, none extra), then the database in it as `verifyDatabase` does, and that its counts are
 * the metadata's. A backup is consistent as of its log's end, so its store must have applied it all.
 */
export async function verifyBackup(dir: string): Promise<VerifyReport> {
  const metadata = readBackupMetadata(dir);
  const problems = await checkBackupFiles(dir, metadata);
  const database = await verifyDatabase({ walDir: join(dir, "wal"), dbDir: join(dir, "db") }, "backup");
  const all = [...problems, ...database.problems];
  if (database.storeAppliedSeq !== metadata.wal_position) {
    all.push(
      `the store has applied up to record ${database.storeAppliedSeq}; the metadata says ${metadata.wal_position}`,
    );
  }
  if (database.walPosition !== metadata.wal_position) {
    all.push(`the WAL ends at record ${database.walPosition}; the metadata says ${metadata.wal_position}`);
  }
  if (database.assertionCount !== metadata.assertion_count) {
    all.push(
      `the store holds ${database.assertionCount} assertions; the metadata says ${metadata.assertion_count}`,
    );
  }
  return { ...database, target: dir, problems: all, filesChecked: metadata.files.length };
}

/**
 * Every file of a backup against its metadata: none missing, none extra, each of the listed size
 * and SHA-256. Returns what is wrong, in words.
 */
export async function checkBackupFiles(dir: string, metadata: BackupMetadata): Promise<string[]> {
  const problems: string[] = [];
  const listed = new Map(metadata.files.map((f) => [f.path, f]));
  const present = new Set(listFiles(dir).filter((path) => path !== BACKUP_METADATA_FILE));
  for (const path of present)
    if (!listed.has(path)) problems.push(`${path} is in the backup but not in its metadata`);
  for (const [path, expected] of listed) {
    if (!present.has(path)) {
      problems.push(`${path} is missing from the backup`);
      continue;
    }
    const actual = await digestFile(dir, path);
    if (actual.bytes !== expected.bytes) {
      problems.push(`${path} is ${actual.bytes} bytes; the metadata says ${expected.bytes}`);
    } else if (actual.sha256 !== expected.sha256) {
      problems.push(`${path} has SHA-256 ${actual.sha256}; the metadata says ${expected.sha256}`);
    }
  }
  return problems;
}

/**
 * Verifies a database's files, read only (the server must not be writing them): every WAL record
 * against its CRC32C and the log for holes; then a copy of the store against a store rebuilt from
 * the log up to the position the store has applied: the same assertions (a digest of every hash)
 * and the same count. `kind` "backup" also requires the store to have applied the whole log.
 */
export async function verifyDatabase(
  dirs: { readonly walDir: string; readonly dbDir: string },
  kind: "backup" | "data" = "data",
): Promise<VerifyReport> {
  const problems: string[] = [];
  const warnings: string[] = [];
  const report = (facts: Partial<VerifyReport> = {}): VerifyReport => ({
    target: dirs.dbDir,
    kind,
    problems,
    warnings,
    walRecords: 0,
    walSegments: 0,
    walPosition: 0,
    storeAppliedSeq: 0,
    assertionCount: 0,
    filesChecked: 0,
    ...facts,
  });
  let segments: SegmentInfo[];
  try {
    segments = listLogSegments(dirs.walDir);
  } catch (error) {
    problems.push(messageOf(error));
    return report();
  }
  const log = scanLog(segments, problems, warnings);
  if (!existsSync(join(dirs.dbDir, "data.mdb"))) {
    problems.push(`${dirs.dbDir} holds no store (data.mdb); \`stemedb rebuild\` recreates it from the WAL`);
    return report({ walRecords: log.records, walSegments: segments.length, walPosition: log.lastSeq });
  }
  const scratch = mkdtempSync(join(tmpdir(), "stemedb-verify-"));
  try {
    // A copy, because opening an LMDB store writes to it; the original stays as it was.
    const copyDir = join(scratch, "store");
    mkdirSync(copyDir);
    copyFileSync(join(dirs.dbDir, "data.mdb"), join(copyDir, "data.mdb"));
    const store = LmdbStore.open({ dir: copyDir });
    const stored = { applied: store.appliedSeq, count: store.assertionCount, digest: hashDigest(store) };
    await store.close();
    if (stored.applied > log.lastSeq) {
      problems.push(
        `the store has applied up to record ${stored.applied} but the WAL ends at ${log.lastSeq}: ` +
          "records are missing from the log, and `stemedb rebuild` would lose them",
      );
    } else {
      if (stored.applied < log.lastSeq) {
        const message = `the store has applied up to record ${stored.applied}; the WAL goes on to ${log.lastSeq}`;
        if (kind === "backup") problems.push(message);
        else warnings.push(`${message} (the server applies the rest when it starts)`);
      }
      // Rebuilt from the log up to where the store is, so the two must hold the same assertions.
      const rebuilt = LmdbStore.open({ dir: join(scratch, "rebuilt") });
      const upToStore = readRecords(segments, { fromSeq: 1, tailSize: log.tailSize });
      applyRecords(
        takeWhile(upToStore, (record) => record.seq <= stored.applied),
        rebuilt,
      );
      const fromLog = { count: rebuilt.assertionCount, digest: hashDigest(rebuilt) };
      await rebuilt.close();
      if (fromLog.count !== stored.count) {
        problems.push(`the store holds ${stored.count} assertions; its WAL gives ${fromLog.count}`);
      } else if (fromLog.digest !== stored.digest) {
        problems.push(
          "the store's assertions differ from those its WAL gives: `stemedb rebuild` recreates it",
        );
      }
    }
    return report({
      walRecords: log.records,
      walSegments: segments.length,
      walPosition: log.lastSeq,
      storeAppliedSeq: stored.applied,
      assertionCount: stored.count,
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Reads every record, checking each CRC32C. Bad bytes at the very end of the last segment, with
 * no valid record after them, are a write cut short (a warning: the next start cuts them off);
 * any other damage is a problem.
 */
function scanLog(
  segments: readonly SegmentInfo[],
  problems: string[],
  warnings: string[],
): { records: number; lastSeq: number; tailSize: number } {
  const last = segments.at(-1);
  let tailSize = last === undefined ? 0 : statSync(last.path).size;
  const onGap = (from: number, to: number): void => {
    problems.push(`WAL records ${from}..${to} are missing (a segment was moved aside or lost)`);
  };
  // A second pass only after a torn tail, reading up to it.
  for (let pass = 0; pass < 2; pass++) {
    let records = 0;
    let lastSeq = (segments[0]?.firstSeq ?? 1) - 1;
    try {
      for (const record of readRecords(segments, {
        fromSeq: 1,
        tailSize,
        ...(pass === 0 ? { onGap } : {}),
      })) {
        records++;
        lastSeq = record.seq;
      }
      return { records, lastSeq, tailSize };
    } catch (error) {
      const torn =
        pass === 0 &&
        error instanceof ChecksumError &&
        last !== undefined &&
        error.segment === basename(last.path) &&
        findValidFrameAfter(readFileSync(last.path), error.offset) === undefined;
      if (!torn) {
        problems.push(messageOf(error));
        return { records, lastSeq, tailSize };
      }
      warnings.push(
        `${error.segment}: the bytes from offset ${error.offset} are not a whole record (a write cut short); ` +
          "the next start cuts them off",
      );
      tailSize = error.offset;
    }
  }
  throw new Error("unreachable: the second pass stops before the torn tail");
}

function* takeWhile<T>(items: Iterable<T>, keep: (item: T) => boolean): Generator<T> {
  for (const item of items) {
    if (!keep(item)) return;
    yield item;
  }
}

/** SHA-256 over every stored assertion hash in key order: equal stores give equal digests. */
function hashDigest(store: LmdbStore): string {
  const digest = createHash("sha256");
  for (const hash of store.hashes()) digest.update(hash);
  return digest.digest("hex");
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
