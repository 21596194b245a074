import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, loadConfig } from "./config.ts";

test("defaults are those of the runbooks", () => {
  const config = loadConfig({});
  assert.deepEqual(config.bindAddr, { host: "127.0.0.1", port: 18180, text: "127.0.0.1:18180" });
  assert.equal(config.walDir, "data/wal");
  assert.equal(config.dbDir, "data/db");
  assert.deepEqual(config.tls, { enabled: false });
  assert.equal(config.meterEnabled, true);
  assert.equal(config.logLevel, "info");
  assert.equal(config.maxBodyBytes, 1024 * 1024);
});

test("flags override the environment; empty variables count as unset", () => {
  const config = loadConfig(
    { STEMEDB_WAL_DIR: "/env/wal", STEMEDB_DB_DIR: "" },
    { STEMEDB_WAL_DIR: "/flag/wal" },
  );
  assert.equal(config.walDir, "/flag/wal");
  assert.equal(config.dbDir, "data/db");
});

test("bind addresses: IPv4, IPv6 in brackets, names", () => {
  assert.equal(loadConfig({ STEMEDB_BIND_ADDR: "0.0.0.0:18180" }).bindAddr.host, "0.0.0.0");
  assert.deepEqual(loadConfig({ STEMEDB_BIND_ADDR: "[::1]:9000" }).bindAddr, {
    host: "::1",
    port: 9000,
    text: "[::1]:9000",
  });
  assert.equal(loadConfig({ STEMEDB_BIND_ADDR: "localhost:1" }).bindAddr.host, "localhost");
  for (const bad of ["localhost", "1.2.3.4:99999", ":80", "a b:80"]) {
    assert.throws(() => loadConfig({ STEMEDB_BIND_ADDR: bad }), /STEMEDB_BIND_ADDR must be host:port/, bad);
  }
});

test("RUST_LOG from the seeds' config files sets the level when STEMEDB_LOG_LEVEL is unset", () => {
  const cases: [Record<string, string>, string][] = [
    [{ RUST_LOG: "info" }, "info"],
    [{ RUST_LOG: "debug" }, "debug"],
    [{ RUST_LOG: "stemedb=warn,tower=info" }, "warn"],
    [{ RUST_LOG: "off" }, "silent"],
    [{ RUST_LOG: "debug", STEMEDB_LOG_LEVEL: "error" }, "error"],
  ];
  for (const [env, level] of cases) assert.equal(loadConfig(env).logLevel, level, JSON.stringify(env));
});

test("every bad value is reported at once, by name", () => {
  try {
    loadConfig({
      STEMEDB_BIND_ADDR: "nope",
      STEMEDB_TLS_ENABLED: "perhaps",
      STEMEDB_MAX_BODY_BYTES: "-5",
      STEMEDB_WAL_SEGMENT_BYTES: "12",
    });
    assert.fail("expected a ConfigError");
  } catch (error) {
    assert.ok(error instanceof ConfigError, "a ConfigError");
    const text = error.problems.join("\n");
    for (const name of [
      "STEMEDB_BIND_ADDR",
      "STEMEDB_TLS_ENABLED",
      "STEMEDB_MAX_BODY_BYTES",
      "STEMEDB_WAL_SEGMENT_BYTES",
    ]) {
      assert.match(text, new RegExp(name));
    }
  }
});

test("TLS needs both files", () => {
  assert.throws(() => loadConfig({ STEMEDB_TLS_ENABLED: "true" }), /STEMEDB_TLS_CERT.*STEMEDB_TLS_KEY/s);
  const config = loadConfig({
    STEMEDB_TLS_ENABLED: "true",
    STEMEDB_TLS_CERT: "/c.pem",
    STEMEDB_TLS_KEY: "/k.pem",
  });
  assert.deepEqual(config.tls, { enabled: true, cert: "/c.pem", key: "/k.pem" });
});
