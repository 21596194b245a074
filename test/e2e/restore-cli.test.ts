import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { StemeClient } from "../../src/client/index.ts";
import { runToEnd, stemedb } from "../support/cli-process.ts";
import { startServer } from "../support/server-process.ts";
import { tempDir } from "../support/temp-dir.ts";

const ROOT = join(import.meta.dirname, "..", "..");

async function write(url: string, phase: string, count: number): Promise<void> {
  const client = new StemeClient({ baseUrl: url });
  for (let i = 0; i < count; i++) {
    const written = await client.assert({
      concept_path: `test/restore/${phase}`,
      predicate: `p${i}`,
      value: i,
      confidence: 0.9,
    });
    assert.equal(written.status, "created");
  }
}

async function healthCount(url: string): Promise<number> {
  return (await new StemeClient({ baseUrl: url }).health()).assertion_count;
}

test("the backup and restore scripts, stemedb wal archive and a point-in-time restore, as an operator runs them", async () => {
  const root = tempDir();
  const env = {
    STEMEDB_WAL_DIR: join(root, "data", "wal"),
    STEMEDB_DB_DIR: join(root, "data", "db"),
    STEMEDB_WAL_ARCHIVE_DIR: join(root, "wal-archive"),
  };
  const backups = join(root, "backups");
  const server = await startServer(env);
  const withServer = { ...env, STEMEDB_URL: server.url };
  await write(server.url, "before", 30);

  const backedUp = await runToEnd(join(ROOT, "scripts", "backup-stemedb.sh"), [backups], withServer);
  assert.equal(backedUp.code, 0, backedUp.stderr);
  assert.match(
    backedUp.stdout,
    /backup to .*\nBackup .*stemedb-backup-\d{8}-\d{6}: 30 assertions.*\nOK: backup /,
  );
  const backup = /Backup (\S+):/.exec(backedUp.stdout)?.[1] ?? "";

  await new Promise((resolve) => setTimeout(resolve, 20));
  const between = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 20));
  await write(server.url, "after", 20);
  const archived = await stemedb(["wal", "archive"], withServer);
  assert.equal(archived.code, 0, archived.stderr);
  assert.match(
    archived.stdout,
    /^Archived into .*wal-archive: \d+ sealed segments copied; segment-\d+\.wal at \d+ bytes\n$/,
  );
  assert.equal(await server.stop(), 0);

  const refused = await runToEnd(join(ROOT, "scripts", "restore-stemedb.sh"), [], env);
  assert.equal(refused.code, 2, "no backup named: usage");

  const restored = await runToEnd(join(ROOT, "scripts", "restore-stemedb.sh"), [backup], env);
  assert.equal(restored.code, 0, restored.stderr);
  assert.match(
    restored.stdout,
    /Restored 50 assertions up to record \d+ from .*\(\d+ records replayed, \d+ archived segments\)/,
  );
  const metadata = JSON.parse(readFileSync(join(root, "data", "metadata.json"), "utf8")) as {
    assertion_count: number;
    source_backup: string;
  };
  assert.deepEqual([metadata.assertion_count, metadata.source_backup], [50, backup]);
  const again = await startServer(env);
  assert.equal(await healthCount(again.url), 50, "the server starts on the restored data");
  assert.equal(await again.stop(), 0);

  const pointInTime = await stemedb(["restore", backup, "--to-time", between, "--json"], env);
  assert.equal(pointInTime.code, 0, pointInTime.stderr);
  const report = JSON.parse(pointInTime.stdout) as { assertion_count: number; cut: { seq: number } | null };
  assert.equal(report.assertion_count, 30, "only what was written before the target time");
  assert.ok(report.cut !== null, "the log was cut");

  const badTime = await stemedb(["restore", backup, "--to-time", "yesterday"], env);
  assert.notEqual(badTime.code, 0);
  assert.match(badTime.stderr, /--to-time must be an RFC 3339 time .* or Unix seconds, got "yesterday"/);
});
