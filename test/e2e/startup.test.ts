import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { test } from "node:test";
import { selfSignedCert } from "../support/self-signed-cert.ts";
import { tempDir } from "../support/temp-dir.ts";
import { runToExit, startServer } from "../support/server-process.ts";

function dataEnv(root: string): Record<string, string> {
  return { STEMEDB_WAL_DIR: join(root, "data", "wal"), STEMEDB_DB_DIR: join(root, "data", "db") };
}

async function json(
  url: string,
  init?: RequestInit,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

test("stemedb-api --version prints the name and version", async () => {
  const result = await runToExit({}, ["--version"]);
  assert.equal(result.code, 0);
  assert.equal(result.stdout.trim(), "stemedb-api 0.1.0");
});

test("the server starts in ten logged steps, serves the seed's calls, and stops cleanly on SIGTERM", async () => {
  const root = tempDir();
  const server = await startServer({ ...dataEnv(root), RUST_LOG: "info" });
  for (let step = 1; step <= 10; step++)
    assert.match(server.output(), new RegExp(`\\[${step}/10\\]`), `step ${step} is logged`);
  assert.match(server.output(), /Starting WAL recovery\.\.\./);
  assert.match(server.output(), /Replayed 0 entries from WAL/);

  const health = await json(`${server.url}/v1/health`);
  assert.equal(health.status, 200);
  assert.equal(health.body["status"], "healthy");
  const written = await json(`${server.url}/v1/assert`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      concept_path: "test/dr_validation",
      predicate: "restored",
      value: true,
      confidence: 1.0,
      authority_tier: "expert",
    }),
  });
  assert.equal(written.status, 201);
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  assert.match(metrics, /stemedb_assertions_total 1/);
  assert.equal(await server.stop(), 0, "SIGTERM exits 0");
  assert.match(server.output(), /Shutdown complete/);

  const again = await startServer(dataEnv(root));
  const after = await json(`${again.url}/v1/health`);
  assert.equal(after.body["assertion_count"], 1, "the write survived the restart");
  const restarted = await (await fetch(`${again.url}/metrics`)).text();
  assert.match(restarted, /stemedb_restarts_total 1/);
  await again.stop();
});

test("a port in use stops the start with one clear line naming the address and the fix", async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  const address = blocker.address();
  assert.ok(typeof address === "object" && address !== null, "the blocker listens");
  try {
    const result = await runToExit({ ...dataEnv(tempDir()), STEMEDB_BIND_ADDR: `127.0.0.1:${address.port}` });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /address already in use/);
    assert.match(result.stderr, /STEMEDB_BIND_ADDR/);
  } finally {
    blocker.close();
  }
});

test("bad configuration values are named at start", async () => {
  const result = await runToExit({ STEMEDB_BIND_ADDR: "localhost", STEMEDB_METER_ENABLED: "maybe" });
  assert.equal(result.code, 1);
  assert.match(result.stderr, /STEMEDB_BIND_ADDR must be host:port/);
  assert.match(result.stderr, /STEMEDB_METER_ENABLED must be true or false/);
});

test("an unusable data directory stops the start with permission denied or the path named", async () => {
  const root = tempDir();
  writeFileSync(join(root, "not-a-dir"), "x");
  const blocked = await runToExit({
    STEMEDB_WAL_DIR: join(root, "not-a-dir", "wal"),
    STEMEDB_DB_DIR: join(root, "db"),
  });
  assert.equal(blocked.code, 1);
  assert.match(blocked.stderr, /not-a-dir/);

  if (process.getuid?.() === 0) {
    // Root ignores permissions, so run the server as nobody against a directory only root may write.
    const locked = join(root, "locked");
    mkdirSync(locked, { mode: 0o755 });
    chmodSync(root, 0o755);
    const result = await runToExit(
      { STEMEDB_WAL_DIR: join(locked, "wal"), STEMEDB_DB_DIR: join(locked, "db"), HOME: root },
      [],
      { uid: 65534, gid: 65534, cwd: root },
    );
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /permission denied/);
  }
});

test("a WAL damaged in the middle stops the start naming the segment and offset; wrong magic says magic", async () => {
  const root = tempDir();
  const env = dataEnv(root);
  const server = await startServer(env);
  for (let i = 0; i < 5; i++) {
    await fetch(`${server.url}/v1/assert`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ concept_path: `c/${i}`, predicate: "p", value: i, confidence: 0.5 }),
    });
  }
  await server.stop();
  const segment = join(root, "data", "wal", "segment-0000000001.wal");
  const bytes = readFileSync(segment);
  bytes[32 + 12] = (bytes[32 + 12] ?? 0) ^ 0xff;
  writeFileSync(segment, bytes);
  const damaged = await runToExit(env);
  assert.equal(damaged.code, 1);
  assert.match(damaged.stderr, /segment-0000000001\.wal.*offset 32/);

  bytes[0] = 0;
  writeFileSync(segment, bytes);
  const magic = await runToExit(env);
  assert.equal(magic.code, 1);
  assert.match(magic.stderr, /magic bytes are wrong/);
});

test("TLS: a missing certificate or a key that does not match stops the start; a good pair serves TLS 1.3", async () => {
  const root = tempDir();
  const good = selfSignedCert(root, "good", 2);
  const other = selfSignedCert(root, "other", 2);
  const env = { ...dataEnv(root), STEMEDB_TLS_ENABLED: "true" };

  const missing = await runToExit({
    ...env,
    STEMEDB_TLS_CERT: join(root, "nope.pem"),
    STEMEDB_TLS_KEY: good.key,
  });
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /TLS certificate cannot be read: No such file or directory/);

  const mismatch = await runToExit({ ...env, STEMEDB_TLS_CERT: good.cert, STEMEDB_TLS_KEY: other.key });
  assert.equal(mismatch.code, 1);
  assert.match(mismatch.stderr, /TLS private key .* does not match the certificate/);

  const server = await startServer({ ...env, STEMEDB_TLS_CERT: good.cert, STEMEDB_TLS_KEY: good.key });
  assert.match(server.url, /^https:/);
  const hostPort = server.url.replace("https://", "");
  const handshake = (version: string): string => {
    try {
      return execFileSync("openssl", ["s_client", "-connect", hostPort, version, "-brief"], {
        input: "",
        encoding: "utf8",
        stdio: ["pipe", "pipe", "pipe"],
      });
    } catch {
      return "refused";
    }
  };
  assert.notEqual(handshake("-tls1_3"), "refused", "TLS 1.3 is served");
  const tls12 = handshake("-tls1_2");
  assert.equal(tls12, "refused", "TLS 1.2 is refused");
  await server.stop();
});
