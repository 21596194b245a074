import assert from "node:assert/strict";
import { appendFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { StemeDb } from "../../db/steme-db.ts";
import { makeAssertion } from "../../../test/support/assertions.ts";
import { tempDir } from "../../../test/support/temp-dir.ts";
import { segmentFileName } from "../../wal/segment-name.ts";
import { BACKUP_METADATA_FILE, readBackupMetadata } from "./backup-metadata.ts";
import { backupName, createBackup } from "./create-backup.ts";
import { verifyBackup, verifyDatabase } from "./verify.ts";

function dataDirs(): { walDir: string; dbDir: string } {
  const root = tempDir();
  return { walDir: join(root, "data", "wal"), dbDir: join(root, "data", "db") };
}

const claim = (i: number) => makeAssertion({ concept_path: `backup/test/${i % 50}`, value: `value ${i}` });

describe("createBackup", () => {
  it("makes a consistent backup while writes go on, holding every write acknowledged before it began", async () => {
    const dirs = dataDirs();
    const db = await StemeDb.open({ ...dirs, segmentSize: 4096 });
    const before = [];
    for (let i = 0; i < 300; i += 30) {
      before.push(...(await Promise.all(Array.from({ length: 30 }, (_, k) => db.append(claim(i + k))))));
    }
    const state = { writing: true };
    const during: Promise<unknown>[] = [];
    const writer = (async () => {
      for (let i = 300; state.writing; i++) {
        during.push(db.append(claim(i)));
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const to = join(tempDir(), "backups");
    const { path, metadata } = await createBackup(db, { to, now: () => new Date("2026-11-23T10:11:12Z") });
    state.writing = false;
    await writer;
    await Promise.all(during);
    await db.close();

    assert.equal(path, join(to, "stemedb-backup-20261123-101112"));
    assert.deepEqual(readdirSync(path).sort(), [BACKUP_METADATA_FILE, "db", "wal"]);
    assert.ok(metadata.wal_segments > 1, `${metadata.wal_segments} segments: the log should have rotated`);
    assert.ok(metadata.assertion_count >= 300, `${metadata.assertion_count} assertions in the backup`);
    assert.deepEqual(readBackupMetadata(path), metadata);

    const report = await verifyBackup(path);
    assert.deepEqual(report.problems, []);
    assert.equal(report.assertionCount, metadata.assertion_count);

    const restored = await StemeDb.open({ walDir: join(path, "wal"), dbDir: join(path, "db") });
    try {
      for (const result of before)
        assert.ok(restored.get(result.hash), `${result.hash} acknowledged before the backup`);
      assert.equal(restored.store.assertionCount, metadata.assertion_count);
      assert.equal(restored.store.appliedSeq, metadata.wal_position);
    } finally {
      await restored.close();
    }
  });

  it("names backups by UTC second and never reuses a name", async () => {
    assert.equal(backupName(new Date("2026-02-11T06:00:00Z")), "stemedb-backup-20260211-060000");
    const db = await StemeDb.open(dataDirs());
    await db.append(claim(1));
    const to = join(tempDir(), "backups");
    const now = () => new Date("2026-02-11T06:00:00Z");
    const first = await createBackup(db, { to, now });
    const second = await createBackup(db, { to, now });
    await db.close();
    assert.equal(first.path, join(to, "stemedb-backup-20260211-060000"));
    assert.equal(second.path, join(to, "stemedb-backup-20260211-060000-2"));
    assert.deepEqual(readdirSync(to).sort(), [
      "stemedb-backup-20260211-060000",
      "stemedb-backup-20260211-060000-2",
    ]);
  });
});

describe("verifyBackup", () => {
  async function backup(): Promise<string> {
    const db = await StemeDb.open({ ...dataDirs(), segmentSize: 4096 });
    for (let i = 0; i < 100; i += 10)
      await Promise.all(Array.from({ length: 10 }, (_, k) => db.append(claim(i + k))));
    const { path } = await createBackup(db, { to: join(tempDir(), "backups") });
    await db.close();
    return path;
  }

  it("names a changed, a missing and an extra file", async () => {
    const path = await backup();
    const segment = join(path, "wal", segmentFileName(1));
    const bytes = readFileSync(segment);
    bytes[100] = (bytes[100] ?? 0) ^ 0xff;
    writeFileSync(segment, bytes);
    rmSync(join(path, "db", "store-state.json"));
    writeFileSync(join(path, "wal", "notes.txt"), "x");
    const { problems } = await verifyBackup(path);
    assert.ok(
      problems.some((p) => p.startsWith(`wal/${segmentFileName(1)} has SHA-256`)),
      `changed segment: ${problems.join("; ")}`,
    );
    assert.ok(problems.includes("db/store-state.json is missing from the backup"), problems.join("; "));
    assert.ok(
      problems.includes("wal/notes.txt is in the backup but not in its metadata"),
      problems.join("; "),
    );
    assert.ok(
      problems.some((p) => p.includes("is corrupt")),
      `the damaged record itself is found by its CRC: ${problems.join("; ")}`,
    );
  });

  it("refuses a directory that is not a backup, saying so", async () => {
    await assert.rejects(
      verifyBackup(tempDir()),
      /backup-metadata\.json: it does not exist; is ".*" a StemeDB backup\?/,
    );
  });
});

describe("verifyDatabase", () => {
  it("passes a cleanly closed database, and warns of a torn last record without failing", async () => {
    const dirs = dataDirs();
    const db = await StemeDb.open(dirs);
    await Promise.all(Array.from({ length: 50 }, (_, i) => db.append(claim(i))));
    await db.close();
    const clean = await verifyDatabase(dirs);
    assert.deepEqual([clean.problems, clean.warnings], [[], []]);
    assert.equal(clean.assertionCount, 50);
    assert.equal(clean.walPosition, clean.storeAppliedSeq);

    appendFileSync(join(dirs.walDir, segmentFileName(1)), Buffer.from([200, 0, 0, 0, 1, 2]));
    const torn = await verifyDatabase(dirs);
    assert.deepEqual(torn.problems, []);
    assert.ok(
      torn.warnings.some((w) => w.includes("the next start cuts them off")),
      torn.warnings.join("; "),
    );
  });

  it("finds records the store has that the log lost", async () => {
    const dirs = dataDirs();
    const db = await StemeDb.open({ ...dirs, segmentSize: 2048 });
    for (let i = 0; i < 80; i += 10)
      await Promise.all(Array.from({ length: 10 }, (_, k) => db.append(claim(i + k))));
    await db.close();
    const segments = readdirSync(dirs.walDir)
      .filter((name) => name.endsWith(".wal"))
      .sort();
    rmSync(join(dirs.walDir, segments.at(-1) ?? ""));
    const { problems } = await verifyDatabase(dirs);
    assert.ok(
      problems.some((p) => p.includes("records are missing from the log")),
      `store ahead of its log: ${problems.join("; ")}`,
    );
  });
});
