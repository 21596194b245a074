import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DirectoryLockedError } from "../../db/directory-lock.ts";
import { StemeDb } from "../../db/steme-db.ts";
import type { AppendResult } from "../../db/steme-db.ts";
import { makeAssertion } from "../../../test/support/assertions.ts";
import { tempDir } from "../../../test/support/temp-dir.ts";
import { WalArchiver } from "../wal-archiver.ts";
import { createBackup } from "./create-backup.ts";
import { restoreBackup } from "./restore.ts";

interface Setup {
  readonly dirs: { walDir: string; dbDir: string };
  readonly archiveDir: string;
  readonly backup: string;
  /** Writes acknowledged in each phase: before the backup, then two after it. */
  readonly phases: AppendResult[][];
  /** Between the second and third phases. */
  readonly between: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function writePhase(db: StemeDb, phase: number, count: number): Promise<AppendResult[]> {
  const results: AppendResult[] = [];
  for (let i = 0; i < count; i += 5) {
    const batch = Array.from({ length: 5 }, (_, k) =>
      db.append(makeAssertion({ concept_path: `restore/phase${phase}/${i + k}`, value: i + k })),
    );
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

/** A database with a backup after phase 0, archiving on, and two more phases of writes. */
async function setUp(): Promise<Setup> {
  const root = tempDir();
  const dirs = { walDir: join(root, "data", "wal"), dbDir: join(root, "data", "db") };
  const archiveDir = join(root, "wal-archive");
  const db = await StemeDb.open({ ...dirs, segmentSize: 4096 });
  const archiver = new WalArchiver({ dir: archiveDir, maxDelayMs: 60_000, prefix: () => db.walPrefix });
  const phases = [await writePhase(db, 0, 40)];
  const { path: backup } = await createBackup(db, { to: join(root, "backups") });
  await pause(5);
  phases.push(await writePhase(db, 1, 30));
  await pause(5);
  const between = Date.now();
  await pause(5);
  phases.push(await writePhase(db, 2, 30));
  await archiver.archiveNow();
  await db.close();
  return { dirs, archiveDir, backup, phases, between };
}

function wipe(dirs: { walDir: string; dbDir: string }): void {
  rmSync(dirs.walDir, { recursive: true, force: true });
  rmSync(dirs.dbDir, { recursive: true, force: true });
}

async function hashesIn(dirs: { walDir: string; dbDir: string }): Promise<Set<string>> {
  const db = await StemeDb.open(dirs);
  try {
    return new Set(db.store.hashes());
  } finally {
    await db.close();
  }
}

describe("restoreBackup", () => {
  it("brings back a wiped database from the backup and the archive: every acknowledged write", async () => {
    const s = await setUp();
    wipe(s.dirs);
    const report = await restoreBackup({ backup: s.backup, ...s.dirs, archiveDir: s.archiveDir });
    assert.equal(report.assertion_count, 100);
    assert.ok(report.replayed > 0 && report.archive_segments_used > 0, JSON.stringify(report));
    const held = await hashesIn(s.dirs);
    const lost = s.phases.flat().filter((w) => !held.has(w.hash));
    assert.deepEqual(lost, [], "no acknowledged, archived write is lost");
    const written = JSON.parse(readFileSync(join(s.dirs.dbDir, "..", "metadata.json"), "utf8")) as {
      assertion_count: number;
      source_backup: string;
    };
    assert.equal(written.assertion_count, 100, "data/metadata.json says what was restored");
    assert.equal(written.source_backup, s.backup);
  });

  it("restores to a point in time: the writes after it are left out, those before kept", async () => {
    const s = await setUp();
    const report = await restoreBackup({
      backup: s.backup,
      ...s.dirs,
      archiveDir: s.archiveDir,
      toTimeMs: s.between,
    });
    assert.equal(report.assertion_count, 70);
    assert.ok(report.cut !== null && report.cut.committedAtMs > s.between, JSON.stringify(report.cut));
    const held = await hashesIn(s.dirs);
    const [zero = [], one = [], two = []] = s.phases;
    assert.ok(
      [...zero, ...one].every((w) => held.has(w.hash)),
      "phases 0 and 1 are back",
    );
    assert.ok(
      two.every((w) => !held.has(w.hash)),
      "phase 2 came after the target time",
    );
    assert.equal(report.moved_aside.length, 2, "the previous contents were moved aside, not deleted");
    assert.ok(
      report.moved_aside.every((dir) => readdirSync(dir).length > 0),
      report.moved_aside.join(", "),
    );
  });

  it("refuses while a server holds the data directory, and changes nothing", async () => {
    const s = await setUp();
    const running = await StemeDb.open(s.dirs);
    try {
      await assert.rejects(restoreBackup({ backup: s.backup, ...s.dirs }), DirectoryLockedError);
      assert.equal(running.store.assertionCount, 100);
    } finally {
      await running.close();
    }
    assert.equal((await hashesIn(s.dirs)).size, 100);
  });

  it("refuses a damaged backup, and a target time before the backup, changing nothing", async () => {
    const s = await setUp();
    await assert.rejects(
      restoreBackup({ backup: s.backup, ...s.dirs, toTimeMs: Date.parse("2020-01-01T00:00:00Z") }),
      /consistent as of .*: restore an older backup/,
    );
    writeFileSync(join(s.backup, "db", "store-state.json"), "{}");
    await assert.rejects(restoreBackup({ backup: s.backup, ...s.dirs }), /is damaged; nothing was changed/);
    assert.equal((await hashesIn(s.dirs)).size, 100);
    assert.ok(!existsSync(join(s.dirs.dbDir, "..", "metadata.json")), "no restore was recorded");
  });
});
