import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { tempDir } from "../../test/support/temp-dir.ts";
import { loadEnvFiles, parseEnvFile } from "./env-files.ts";

describe("env files", () => {
  it("parses systemd's KEY=value lines: comments, export, quotes", () => {
    const text = [
      "# the seeds' config",
      "STEMEDB_BIND_ADDR=0.0.0.0:18180",
      'STEMEDB_WAL_DIR="/data/wal"',
      "export STEMEDB_DB_DIR='/data/db'",
      "  RUST_LOG = info  ",
      "not a variable line",
      "",
    ].join("\n");
    assert.deepEqual(parseEnvFile(text), [
      ["STEMEDB_BIND_ADDR", "0.0.0.0:18180"],
      ["STEMEDB_WAL_DIR", "/data/wal"],
      ["STEMEDB_DB_DIR", "/data/db"],
      ["RUST_LOG", "info"],
    ]);
  });

  it("sets only what the environment does not, first file first, and skips missing files", () => {
    const dir = tempDir();
    const first = join(dir, "config.env");
    const second = join(dir, "stemedb");
    writeFileSync(first, "STEMEDB_WAL_DIR=/data/wal\nSTEMEDB_DB_DIR=/data/db\n");
    writeFileSync(second, "STEMEDB_WAL_DIR=/elsewhere/wal\nSTEMEDB_BIND_ADDR=0.0.0.0:18180\n");
    const env: NodeJS.ProcessEnv = { STEMEDB_DB_DIR: "/explicit/db" };
    const read = loadEnvFiles([join(dir, "missing.env"), first, second], env);
    assert.deepEqual(read, [first, second]);
    assert.deepEqual(env, {
      STEMEDB_DB_DIR: "/explicit/db",
      STEMEDB_WAL_DIR: "/data/wal",
      STEMEDB_BIND_ADDR: "0.0.0.0:18180",
    });
  });
});
