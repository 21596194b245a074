import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, describe, it } from "node:test";
import { requireDebianTool } from "../support/debian-tool.ts";
import { selfSignedCert } from "../support/self-signed-cert.ts";
import { startServer } from "../support/server-process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { readDeploymentFile } from "./deployment-files.ts";
import { freePort } from "../support/free-port.ts";
import { startNginx, type NginxProcess } from "./nginx-process.ts";
import { writeNginxSite } from "./nginx-site.ts";
import { describeRun, runTool } from "./run-tool.ts";
import { tlsRequest, type TlsRequest, type TlsResponse } from "./tls-request.ts";

// Any 127.x.y.z reaches this machine, so these stand for hosts on other networks.
const OUTSIDER = "127.0.0.2";
const MONITORING_HOST = "127.0.0.3";

describe("nginx/stemedb.conf", () => {
  const dir = tempDir("stemedb-nginx-");
  const { cert, key } = selfSignedCert(dir, "proxy", 2);
  let nginx = "";

  before(async () => {
    nginx = await requireDebianTool("nginx", "nginx");
  });

  it("passes nginx -t without a warning", async () => {
    const checkDir = tempDir("stemedb-nginx-check-");
    const config = writeNginxSite(checkDir, {
      tlsPort: await freePort(),
      plainPort: await freePort(),
      cert,
      key,
    });
    const result = await runTool(nginx, [
      "-t",
      "-e",
      join(checkDir, "error.log"),
      "-p",
      checkDir,
      "-c",
      config,
    ]);
    assert.equal(result.code, 0, describeRun(result));
    assert.match(result.stderr, /test is successful/);
    assert.doesNotMatch(result.stderr, /\[(warn|emerg|alert|crit)\]/, describeRun(result));
  });

  it("speaks TLS 1.3 only, balances over the three nodes and keeps connections to them alive", () => {
    const site = readDeploymentFile("nginx/stemedb.conf");
    assert.match(site, /^\s*ssl_protocols TLSv1\.3;$/m);
    assert.match(site, /upstream stemedb_cluster \{/);
    for (const node of ["10.0.1.51", "10.0.1.52", "10.0.1.53"])
      assert.match(site, new RegExp(`server ${node.replaceAll(".", "\\.")}:18180`), `${node} is upstream`);
    assert.match(site, /^\s*keepalive \d+;$/m);
    assert.match(site, /proxy_set_header Connection "";/);
    assert.match(site, /location = \/v1\/health/);
  });

  it("limits bodies as the server does: 1 MiB, 16 MiB for batches (src/ops/config.ts defaults)", () => {
    const site = readDeploymentFile("nginx/stemedb.conf");
    const config = readFileSync(join(import.meta.dirname, "..", "..", "src", "ops", "config.ts"), "utf8");
    assert.match(
      config,
      /STEMEDB_MAX_BODY_BYTES: .*\.default\(1024 \* 1024\)/,
      "the server's default is 1 MiB",
    );
    assert.match(site, /^ {4}client_max_body_size 1m;$/m);
    assert.match(site, /location = \/v1\/assert\/batch \{\s*client_max_body_size 16m;/);
  });

  // One test with steps, not a suite: the server and nginx are started inside it, so the hooks
  // that stop them (startServer's own, and the finally below) belong to it.
  it("in front of a real server: proxies, passes request ids, enforces the access rules", async (t) => {
    const data = tempDir("stemedb-nginx-data-");
    const server = await startServer({
      STEMEDB_WAL_DIR: join(data, "wal"),
      STEMEDB_DB_DIR: join(data, "db"),
    });
    const port = await freePort();
    const plainPort = await freePort();
    const runDir = tempDir("stemedb-nginx-run-");
    const config = writeNginxSite(runDir, {
      tlsPort: port,
      plainPort,
      cert,
      key,
      upstream: new URL(server.url).host,
      monitoringHost: MONITORING_HOST,
    });
    const proxy: NginxProcess = await startNginx(nginx, config, port);
    const ca = readFileSync(cert, "utf8");
    const get = (path: string, more: Partial<TlsRequest> = {}): Promise<TlsResponse> =>
      tlsRequest({ port, path, ca, ...more });
    try {
      await t.test("proxies /v1/health over TLS 1.3 with the server's answer", async () => {
        const response = await get("/v1/health");
        assert.equal(response.status, 200, response.body);
        assert.equal(response.protocol, "TLSv1.3");
        assert.equal((JSON.parse(response.body) as { status: string }).status, "healthy");
      });

      await t.test("refuses a client that offers at most TLS 1.2", async () => {
        await assert.rejects(get("/v1/health", { maxVersion: "TLSv1.2" }), /protocol|version|alert/i);
      });

      await t.test(
        "passes the caller's X-Request-Id to the server, and makes one when there is none",
        async () => {
          const given = await get("/v1/health", { headers: { "x-request-id": "deploy-test-42" } });
          assert.equal(given.headers["x-request-id"], "deploy-test-42");
          const made = await get("/v1/health");
          assert.match(
            String(made.headers["x-request-id"]),
            /^[0-9a-f]{32}$/,
            "nginx's $request_id reached the server",
          );
        },
      );

      await t.test("denies /v1/admin/ to other networks with the API's JSON error", async () => {
        const response = await get("/v1/admin/quarantine", { localAddress: OUTSIDER });
        assert.equal(response.status, 403, response.body);
        assert.equal((JSON.parse(response.body) as { error: string }).error, "forbidden");
        assert.ok(response.headers["x-request-id"] !== undefined, "the refusal carries a request id");
      });

      await t.test(
        "lets loopback through to /v1/admin/, where the server asks for the admin token",
        async () => {
          const response = await get("/v1/admin/quarantine");
          assert.equal(response.status, 401, response.body);
          assert.equal((JSON.parse(response.body) as { error: string }).error, "unauthenticated");
        },
      );

      await t.test("serves /metrics to the monitoring host only", async () => {
        const refused = await get("/metrics");
        assert.equal(refused.status, 403, "loopback is not the monitoring host");
        const scraped = await get("/metrics", { localAddress: MONITORING_HOST });
        assert.equal(scraped.status, 200, scraped.body);
        assert.match(scraped.body, /^stemedb_restarts_total /m);
      });

      await t.test(
        "answers 413 itself above 1 MiB, and forwards a batch of 2 MiB to the server",
        async () => {
          const body = JSON.stringify({ assertions: [], padding: "x".repeat(2 * 1024 * 1024) });
          const headers = { "content-type": "application/json" };
          const single = await get("/v1/assert", { method: "POST", headers, body });
          assert.equal(single.status, 413);
          const batch = await get("/v1/assert/batch", { method: "POST", headers, body });
          assert.notEqual(batch.status, 413, batch.body);
          assert.ok(batch.headers["x-request-id"] !== undefined, "the server, not nginx, answered the batch");
        },
      );

      await t.test("redirects plain HTTP to HTTPS", async () => {
        const response = await fetch(`http://127.0.0.1:${plainPort}/v1/health`, { redirect: "manual" });
        assert.equal(response.status, 301);
        assert.match(response.headers.get("location") ?? "", /^https:\/\/[^/]+\/v1\/health$/);
      });
    } finally {
      await proxy.stop();
      await server.stop();
    }
  });
});
