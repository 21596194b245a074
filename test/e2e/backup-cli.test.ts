import assert from "node:assert/strict";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { StemeClient } from "../../src/client/index.ts";
import { stemedb } from "../support/cli-process.ts";
import { startServer } from "../support/server-process.ts";
import { tempDir } from "../support/temp-dir.ts";

async function assertMany(url: string, count: number, from = 0): Promise<void> {
  const client = new StemeClient({ baseUrl: url });
  for (let i = from; i < from + count; i++) {
    const written = await client.assert({
      concept_path: `test/backup/${i}`,
      predicate: "value",
      value: i,
      confidence: 0.9,
    });
    assert.equal(written.status, "created");
  }
}

test("stemedb backup asks the running server for an online backup; verify passes it and fails a damaged one", async () => {
  const root = tempDir();
  const env = {
    STEMEDB_WAL_DIR: join(root, "data", "wal"),
    STEMEDB_DB_DIR: join(root, "data", "db"),
  };
  const server = await startServer(env);
  await assertMany(server.url, 40);
  const backups = join(root, "backups");

  const made = await stemedb(["backup", "--to", backups, "--server", server.url, "--json"], env);
  assert.equal(made.code, 0, made.stderr);
  const metadata = JSON.parse(made.stdout) as { path: string; assertion_count: number; wal_position: number };
  assert.match(metadata.path, /stemedb-backup-\d{8}-\d{6}$/);
  assert.equal(metadata.assertion_count, 40);
  const onDisk = JSON.parse(readFileSync(join(metadata.path, "backup-metadata.json"), "utf8")) as {
    assertion_count: number;
  };
  assert.equal(onDisk.assertion_count, 40, "backup-metadata.json says what the command printed");

  const verified = await stemedb(["verify", "--latest", backups], env);
  assert.equal(verified.code, 0, `${verified.stdout}${verified.stderr}`);
  assert.match(
    verified.stdout,
    /^OK: backup .*\n {2}WAL: \d+ records in \d+ segments.*\n {2}store: 40 assertions/,
  );

  const refused = await stemedb(["verify"], env);
  assert.notEqual(refused.code, 0, "the data directory of a running server is not verified");
  assert.match(refused.stderr, /A server \(pid \d+\) is writing .*: stop it to verify the data directory/);

  assert.equal(await server.stop(), 0);
  const offline = await stemedb(["backup", "--to", backups], env);
  assert.equal(offline.code, 0, offline.stderr);
  assert.match(offline.stdout, /^Backup .*stemedb-backup-\d{8}-\d{6}(-\d+)?: 40 assertions, \d+ bytes/);
  const data = await stemedb(["verify"], env);
  assert.equal(data.code, 0, `${data.stdout}${data.stderr}`);
  assert.match(data.stdout, /^OK: data /);

  const segment = readdirSync(join(metadata.path, "wal")).find((name) => name.endsWith(".wal")) ?? "";
  const bytes = readFileSync(join(metadata.path, "wal", segment));
  bytes[60] = (bytes[60] ?? 0) ^ 0xff;
  writeFileSync(join(metadata.path, "wal", segment), bytes);
  const damaged = await stemedb(["verify", metadata.path], env);
  assert.equal(damaged.code, 1, damaged.stdout);
  assert.match(damaged.stdout, /^FAILED: backup/);
  assert.match(damaged.stdout, new RegExp(`problem: wal/${segment} has SHA-256`));
});

test("backup, verify, compact, rebuild and wal archive refuse a directory without a database, creating nothing", async () => {
  const root = tempDir();
  const env = { STEMEDB_WAL_DIR: join(root, "data", "wal"), STEMEDB_DB_DIR: join(root, "data", "db") };
  for (const args of [
    ["backup", "--to", join(root, "backups")],
    ["verify"],
    ["compact"],
    ["rebuild"],
    ["wal", "archive", "--to", join(root, "archive")],
  ]) {
    const result = await stemedb(args, env);
    assert.equal(result.code, 1, `${args.join(" ")}: ${result.stdout}`);
    assert.match(
      result.stderr,
      /^stemedb: No StemeDB database in .*data\/wal \(no WAL segments\): point STEMEDB_WAL_DIR and STEMEDB_DB_DIR/,
      args.join(" "),
    );
  }
  assert.deepEqual(readdirSync(root), [], "no directory was created");
});
