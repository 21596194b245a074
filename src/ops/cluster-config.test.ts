import assert from "node:assert/strict";
import { test } from "node:test";
import { ConfigError, loadConfig } from "./config.ts";

test("a single node needs no cluster setting", () => {
  assert.equal(loadConfig({}).cluster, undefined);
});

test("cluster mode: NATS URLs turn it on; the rest has defaults; the advertised URL is the bound one", () => {
  const config = loadConfig({
    STEMEDB_CLUSTER_NATS_URLS: "nats://10.0.0.1:18182, nats://10.0.0.2:18182,nats://10.0.0.3:18182",
    STEMEDB_BIND_ADDR: "10.0.0.1:18180",
  });
  assert.deepEqual(config.cluster, {
    natsUrls: ["nats://10.0.0.1:18182", "nats://10.0.0.2:18182", "nats://10.0.0.3:18182"],
    stream: "STEMEDB",
    subjectPrefix: "steme",
    replicas: 3,
    advertiseUrl: "http://10.0.0.1:18180",
    writeTimeoutMs: 15_000,
    maxLagSeconds: 10,
    minSeqWaitMs: 5_000,
  });
});

test("bad cluster settings are refused by name, all at once", () => {
  assert.throws(
    () =>
      loadConfig({
        STEMEDB_CLUSTER_NATS_URLS: "http://10.0.0.1:18182",
        STEMEDB_CLUSTER_STREAM: "STEME.DB",
        STEMEDB_CLUSTER_REPLICAS: "9",
        STEMEDB_CLUSTER_ADVERTISE_URL: "10.0.0.1:18180",
      }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      const text = error.problems.join("\n");
      for (const name of ["STEMEDB_CLUSTER_STREAM", "STEMEDB_CLUSTER_REPLICAS"])
        assert.match(text, new RegExp(name));
      return true;
    },
  );
  assert.throws(
    () => loadConfig({ STEMEDB_CLUSTER_NATS_URLS: "http://10.0.0.1:18182" }),
    /STEMEDB_CLUSTER_NATS_URLS must list NATS URLs/,
  );
  assert.throws(
    () =>
      loadConfig({
        STEMEDB_CLUSTER_NATS_URLS: "nats://a:1",
        STEMEDB_CLUSTER_ADVERTISE_URL: "10.0.0.1:18180",
      }),
    /STEMEDB_CLUSTER_ADVERTISE_URL must be http\(s\):\/\/host:port/,
  );
});

test("WAL archiving does not apply in cluster mode", () => {
  assert.throws(
    () => loadConfig({ STEMEDB_CLUSTER_NATS_URLS: "nats://a:1", STEMEDB_WAL_ARCHIVE_DIR: "/archive" }),
    /STEMEDB_WAL_ARCHIVE_DIR does not apply in cluster mode/,
  );
});
