import assert from "node:assert/strict";
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { before, describe, it } from "node:test";
import { connect, StorageType } from "nats";
import { streamSubjects } from "../../src/cluster/log-subjects.ts";
import { loadConfig } from "../../src/ops/config.ts";
import { requireDebianTool } from "../support/debian-tool.ts";
import { freePort } from "../support/free-port.ts";
import { selfSignedCert } from "../support/self-signed-cert.ts";
import { tempDir } from "../support/temp-dir.ts";
import { clusterPath, readClusterFile, readDeploymentFile, REPO_ROOT } from "./deployment-files.ts";
import { loopbackNatsConfig, nodeAddress, type NatsTestPorts } from "./loopback-nats-config.ts";
import { pollJson, startNatsServer, type NatsServerProcess } from "./nats-server-process.ts";
import { startNginx } from "./nginx-process.ts";
import { writeNginxSite } from "./nginx-site.ts";
import { describeRun, runTool } from "./run-tool.ts";
import { StandInNode } from "./stand-in-nodes.ts";
import { tlsRequest, type TlsRequest, type TlsResponse } from "./tls-request.ts";
import { parseUnitFile, unitValue, unitValues } from "./unit-file.ts";

const NODES = [1, 2, 3] as const;
const NATS_UNIT = "nats-server-stemedb.service";
const DROP_IN = "stemedb-api.service.d/cluster.conf";
// Any 127.x.y.z reaches this machine, so these stand for hosts on other networks.
const OUTSIDER = "127.0.0.2";
const MONITORING_HOST = "127.0.0.3";

/** `KEY=value` lines of an environment file (comments and blank lines skipped). */
function envFile(text: string): Record<string, string> {
  const entries = text
    .split("\n")
    .map((line) => /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim()))
    .flatMap((m) => (m === null ? [] : [[m[1]!, m[2]!] as const]));
  return Object.fromEntries(entries);
}

describe("deploy/cluster nats-server configurations", () => {
  let nats = "";

  before(async () => {
    nats = await requireDebianTool("nats-server", "nats-server");
  });

  for (const n of NODES) {
    it(`nats-server -t accepts nats/node${n}.conf as shipped`, async () => {
      const result = await runTool(nats, ["-t", "-c", clusterPath(`nats/node${n}.conf`)]);
      assert.equal(result.code, 0, describeRun(result));
      assert.match(result.stdout + result.stderr, /is valid/, describeRun(result));
    });
  }

  it("gives each node its own name and addresses, routes to the other two, and is otherwise one file", () => {
    const texts = NODES.map((n) => readClusterFile(`nats/node${n}.conf`));
    const normalised = texts.map((text, i) => {
      const n = i + 1;
      assert.match(text, new RegExp(`^server_name: stemedb-nats-${n}$`, "m"));
      assert.match(text, new RegExp(`^listen: ${nodeAddress(n)}:18182$`, "m"), "client port 18182");
      assert.match(text, new RegExp(`^  listen: ${nodeAddress(n)}:18183$`, "m"), "routes on 18183");
      assert.match(text, /^http: 127\.0\.0\.1:18184$/m, "monitoring on loopback, 18184");
      assert.match(text, /^ {2}store_dir: "\/var\/lib\/nats"$/m);
      assert.match(text, /^ {2}max_file_store: \d+GB$/m);
      const routes = [...text.matchAll(/nats-route:\/\/([\d.]+):18183/g)].map((m) => m[1]);
      assert.deepEqual(
        routes,
        NODES.filter((other) => other !== n).map(nodeAddress),
        `node ${n} routes to the other two`,
      );
      return text
        .replaceAll(nodeAddress(n), "SELF")
        .replaceAll(`-${n}`, "-N")
        .replace(/node \d of/, "node N of");
    });
    // Apart from the node's own identity, only the route list and the header's file names differ.
    const strip = (text: string): string =>
      text.replace(/routes: \[[^\]]*\]/, "routes").replace(/^# node\d\.conf and node\d\.conf/m, "");
    assert.equal(strip(normalised[1]!), strip(normalised[0]!));
    assert.equal(strip(normalised[2]!), strip(normalised[0]!));
  });

  it("on loopback, the three form a JetStream cluster that keeps a 3-replica stream writable with one node gone", async () => {
    const root = tempDir("stemedb-nats-cluster-");
    const ports: NatsTestPorts[] = [];
    for (let i = 0; i < NODES.length; i++)
      ports.push({ client: await freePort(), route: await freePort(), monitor: await freePort() });
    const servers: NatsServerProcess[] = [];
    const monitor = (n: number, path: string): string => `http://127.0.0.1:${ports[n - 1]!.monitor}${path}`;
    try {
      for (const n of NODES) {
        const store = join(root, `node${n}`);
        mkdirSync(store);
        const config = join(root, `node${n}.conf`);
        writeFileSync(config, loopbackNatsConfig(n, readClusterFile(`nats/node${n}.conf`), ports, store));
        servers.push(startNatsServer(nats, config));
      }
      for (const n of NODES) {
        await pollJson(monitor(n, "/healthz"), (body, status) => status === 200 && body["status"] === "ok");
        await pollJson(monitor(n, "/routez"), (body) => body["num_routes"] === 2);
        const jsz = await pollJson(monitor(n, "/jsz"), (body) => {
          const meta = body["meta_cluster"] as { leader?: string; cluster_size?: number } | undefined;
          return meta?.cluster_size === 3 && (meta.leader ?? "") !== "";
        });
        assert.equal((jsz["config"] as { max_memory?: number }).max_memory, 256 * 1024 ** 2);
      }

      const nc = await connect({ servers: `nats://127.0.0.1:${ports[0]!.client}` });
      try {
        assert.equal(nc.info?.max_payload, 2 * 1024 ** 2, "max_payload is 2 MB");
        const jsm = await nc.jetstreamManager();
        const deadline = Date.now() + 30_000;
        for (;;) {
          try {
            await jsm.streams.add({
              name: "STEMEDB",
              subjects: streamSubjects("steme"),
              num_replicas: 3,
              storage: StorageType.File,
            });
            break;
          } catch (error) {
            if (Date.now() > deadline) throw error;
            await sleep(250);
          }
        }
        const js = nc.jetstream();
        // The largest record a 1 MiB body makes fits in one message.
        const large = await js.publish("steme.a.ab", new Uint8Array(1024 * 1024 + 64 * 1024), {
          msgID: "ab01",
        });
        assert.equal(large.seq, 1);
        const again = await js.publish("steme.a.ab", new Uint8Array(10), { msgID: "ab01" });
        assert.ok(again.duplicate, "the same message id is stored once");
        const info = await jsm.streams.info("STEMEDB");
        assert.equal(info.cluster?.replicas?.length, 2, "two replicas beside the leader");

        // node 3 leaves the way systemd stops it; the other two still acknowledge writes.
        const signal = unitValue(
          parseUnitFile(readClusterFile(`systemd/${NATS_UNIT}`)),
          "Service",
          "KillSignal",
        );
        assert.equal(signal, "SIGUSR2");
        const third = servers[2]!;
        process.kill(third.pid, "SIGUSR2");
        const exit = await Promise.race([third.exited, sleep(50_000, undefined, { ref: false })]);
        assert.ok(exit !== undefined, `nats-server exits after SIGUSR2:\n${third.log()}`);
        assert.match(third.log(), /Entering lame duck mode/);
        const after = await js.publish("steme.r.cd", new Uint8Array(100), { msgID: "cd01", timeout: 20_000 });
        assert.equal(after.seq, 2, "a quorum of two acknowledges");
      } finally {
        await nc.close();
      }
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  });
});

describe("deploy/cluster systemd files", () => {
  const root = tempDir("stemedb-cluster-systemd-");
  let analyze = "";

  before(async () => {
    analyze = await requireDebianTool("systemd-analyze", "systemd");
    await requireDebianTool("nats-server", "nats-server");
    // The single node's server unit, its binary stubbed (verify insists that it exists), with the
    // cluster drop-in and the nats-server unit beside it, as in /etc/systemd/system.
    const stub = join(root, "stemedb-api");
    writeFileSync(stub, "#!/bin/sh\nexit 0\n");
    chmodSync(stub, 0o755);
    const api = readDeploymentFile("systemd/stemedb-api.service").replaceAll(
      "/usr/local/bin/stemedb-api",
      stub,
    );
    writeFileSync(join(root, "stemedb-api.service"), api);
    cpSync(clusterPath(`systemd/${NATS_UNIT}`), join(root, NATS_UNIT));
    mkdirSync(join(root, "stemedb-api.service.d"));
    cpSync(clusterPath(`systemd/${DROP_IN}`), join(root, DROP_IN));
  });

  for (const name of [NATS_UNIT, "stemedb-api.service"]) {
    it(`${name} ${name === NATS_UNIT ? "" : "with the cluster drop-in "}passes systemd-analyze verify without a warning`, async () => {
      const result = await runTool(analyze, ["verify", "--man=no", join(root, name)], { cwd: root });
      const aboutUs = result.stderr.split("\n").filter((line) => /stemedb|nats/.test(line));
      assert.equal(result.code, 0, describeRun(result));
      assert.deepEqual(aboutUs, [], describeRun(result));
    });
  }

  it("the drop-in is loaded and orders StemeDB after the node's nats-server", async () => {
    const result = await runTool(analyze, ["verify", "--man=no", join(root, "stemedb-api.service")], {
      cwd: root,
      env: { ...process.env, SYSTEMD_LOG_LEVEL: "debug" },
    });
    // The unit dump (stdout) lists where the unit came from and its dependencies.
    const dump = result.stdout.split("\n").filter((line) => /DropIn Path:|Wants:|After:/.test(line));
    assert.ok(
      dump.some((line) => /DropIn Path: .*stemedb-api\.service\.d\/cluster\.conf$/.test(line)),
      dump.join("\n"),
    );
    for (const dependency of ["Wants", "After"])
      assert.ok(
        dump.some((line) => line.includes(`${dependency}: ${NATS_UNIT}`)),
        dump.join("\n"),
      );
  });

  it("runs Debian's nats-server as nats on /etc/stemedb/nats.conf, restarts it, stops it in lame duck mode", () => {
    const unit = parseUnitFile(readClusterFile(`systemd/${NATS_UNIT}`));
    assert.equal(unitValue(unit, "Service", "ExecStart"), "/usr/sbin/nats-server -c /etc/stemedb/nats.conf");
    assert.equal(unitValue(unit, "Service", "User"), "nats");
    assert.equal(unitValue(unit, "Service", "StateDirectory"), "nats", "/var/lib/nats, the store_dir");
    assert.equal(unitValue(unit, "Service", "Restart"), "always");
    // Lame duck mode lasts lame_duck_duration (30 s) at most: systemd must wait longer.
    assert.equal(unitValue(unit, "Service", "TimeoutStopSec"), "60s");
    for (const [key, value] of [
      ["NoNewPrivileges", "true"],
      ["ProtectSystem", "strict"],
      ["ProtectHome", "true"],
      ["PrivateTmp", "true"],
      ["PrivateDevices", "true"],
      ["MemoryDenyWriteExecute", "true"],
    ] as const)
      assert.equal(unitValue(unit, "Service", key), value, `sets ${key}=${value}`);
    assert.equal(unitValue(unit, "Install", "WantedBy"), "multi-user.target");
  });

  it("the example environment, over the unit's defaults and the drop-in, is a cluster configuration the server accepts", () => {
    const environment = (text: string): Record<string, string> =>
      envFile(unitValues(parseUnitFile(text), "Service", "Environment").join("\n"));
    const example = readClusterFile("systemd/stemedb-api-cluster.env.example");
    const config = loadConfig({
      ...environment(readDeploymentFile("systemd/stemedb-api.service")),
      ...environment(readClusterFile(`systemd/${DROP_IN}`)),
      ...envFile(example),
    });
    const cluster = config.cluster;
    assert.ok(cluster !== undefined, "STEMEDB_CLUSTER_NATS_URLS turns cluster mode on");
    assert.deepEqual(
      cluster.natsUrls,
      NODES.map((n) => `nats://${nodeAddress(n)}:18182`),
    );
    assert.equal(cluster.advertiseUrl, `http://${nodeAddress(1)}:18180`);
    assert.equal(cluster.replicas, 3);
    assert.equal(config.nodeId, "node1");
    assert.equal(config.walArchive, undefined, "no WAL archive in cluster mode");
    // Every cluster variable the configuration guide documents is shown, set or commented out.
    const documented = readFileSync(join(REPO_ROOT, "docs", "configuration.md"), "utf8").match(
      /STEMEDB_CLUSTER_[A-Z_]+/g,
    );
    for (const name of new Set(documented)) assert.match(example, new RegExp(`${name}=`), `shows ${name}`);
  });
});

describe("deploy/cluster/nginx/stemedb-cluster.conf", () => {
  const dir = tempDir("stemedb-cluster-nginx-");
  const { cert, key } = selfSignedCert(dir, "proxy", 2);
  const site = { name: "nginx/stemedb-cluster.conf", text: readClusterFile("nginx/stemedb-cluster.conf") };
  let nginx = "";

  before(async () => {
    nginx = await requireDebianTool("nginx", "nginx");
  });

  it("passes nginx -t without a warning", async () => {
    const checkDir = tempDir("stemedb-cluster-nginx-check-");
    const config = writeNginxSite(checkDir, {
      tlsPort: await freePort(),
      plainPort: await freePort(),
      cert,
      key,
      site,
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

  // One test with steps: the stand-in nodes and nginx are started inside it and stopped by its finally.
  it("in front of three stand-in nodes: balances, fails over, keeps reads up when writes get 503", async (t) => {
    const nodes = await Promise.all(NODES.map((n) => StandInNode.start(`node${n}`)));
    const port = await freePort();
    const config = writeNginxSite(tempDir("stemedb-cluster-nginx-run-"), {
      tlsPort: port,
      plainPort: await freePort(),
      cert,
      key,
      site,
      upstreams: [nodes[0]!.address, nodes[1]!.address, nodes[2]!.address],
      monitoringHost: MONITORING_HOST,
    });
    const proxy = await startNginx(nginx, config, port);
    const ca = readFileSync(cert, "utf8");
    const send = (path: string, more: Partial<TlsRequest> = {}): Promise<TlsResponse> =>
      tlsRequest({ port, path, ca, ...more });
    const json = { "content-type": "application/json" };
    const write = (): Promise<TlsResponse> =>
      send("/v1/assert", { method: "POST", headers: json, body: "{}" });
    const answeredBy = (responses: readonly TlsResponse[]): Set<string> =>
      new Set(responses.map((r) => String(r.headers["x-node"])));
    try {
      await t.test("spreads reads and writes over the three nodes", async () => {
        const reads = [];
        for (let i = 0; i < 6; i++) reads.push(await send("/v1/health"));
        assert.deepEqual(
          reads.map((r) => r.status),
          [200, 200, 200, 200, 200, 200],
        );
        assert.equal(answeredBy(reads).size, 3, "each node answered");
        const writes = [];
        for (let i = 0; i < 3; i++) writes.push(await write());
        assert.deepEqual(
          writes.map((r) => r.status),
          [201, 201, 201],
        );
      });

      await t.test("retries a read answered 503 (a node catching up) on another node", async () => {
        nodes[0]!.readStatus = 503;
        const reads = [];
        for (let i = 0; i < 4; i++) reads.push(await send("/v1/query?concept_path=a"));
        assert.deepEqual(
          reads.map((r) => r.status),
          [200, 200, 200, 200],
        );
        assert.ok(!answeredBy(reads).has("node1"), "node1's 503 never reached the client");
        nodes[0]!.readStatus = 200;
      });

      await t.test("sends reads and writes to the others when a node is down", async () => {
        await nodes[1]!.stop();
        const answers = [];
        for (let i = 0; i < 4; i++) answers.push(await send("/v1/health"), await write());
        assert.deepEqual(new Set(answers.map((r) => r.status)), new Set([200, 201]));
        assert.ok(!answeredBy(answers).has("node2"));
      });

      await t.test(
        "without a quorum: passes the writes' 503 and Retry-After on, and reads keep working",
        async () => {
          for (const node of nodes) node.writeStatus = 503;
          // More refusals than max_fails (3) for each live node: were they counted, no node would be left.
          for (let i = 0; i < 8; i++) {
            const refused = await write();
            assert.equal(refused.status, 503, refused.body);
            assert.equal(refused.headers["retry-after"], "5");
          }
          const reads = [];
          for (let i = 0; i < 4; i++) reads.push(await send("/v1/health"));
          assert.deepEqual(
            reads.map((r) => r.status),
            [200, 200, 200, 200],
            reads.map((r) => r.body).join("\n"),
          );
          for (const node of nodes) node.writeStatus = 201;
        },
      );

      await t.test("serves /v1/cluster/ and /v1/admin/ to loopback and the admin network only", async () => {
        for (const [method, path] of [
          ["GET", "/v1/cluster/members"],
          ["GET", "/v1/cluster/digest"],
          ["POST", "/v1/admin/cluster/repair"],
        ] as const) {
          const request = method === "POST" ? { method, headers: json, body: "{}" } : { method };
          const refused = await send(path, { ...request, localAddress: OUTSIDER });
          assert.equal(refused.status, 403, `${method} ${path} from outside`);
          assert.equal((JSON.parse(refused.body) as { error: string }).error, "forbidden");
          const allowed = await send(path, request);
          assert.ok(
            allowed.headers["x-node"] !== undefined,
            `${method} ${path} reaches a node from loopback`,
          );
        }
      });

      await t.test("serves /metrics to the monitoring host only", async () => {
        assert.equal((await send("/metrics")).status, 403);
        assert.equal((await send("/metrics", { localAddress: MONITORING_HOST })).status, 200);
      });

      await t.test("takes 16 MiB batches and 1 MiB single writes, as the server", async () => {
        const body = JSON.stringify({ padding: "x".repeat(2 * 1024 * 1024) });
        const single = await send("/v1/assert", { method: "POST", headers: json, body });
        assert.equal(single.status, 413);
        const batch = await send("/v1/assert/batch", { method: "POST", headers: json, body });
        assert.equal(batch.status, 201, batch.body);
      });
    } finally {
      await proxy.stop();
      await Promise.all(nodes.map((node) => node.stop()));
    }
  });
});

describe("deploy/cluster/firewall/nftables.conf", () => {
  const file = clusterPath("firewall/nftables.conf");

  it("nft -c accepts it", async (t) => {
    let nft: string;
    try {
      nft = await requireDebianTool("nft", "nftables");
    } catch (error) {
      t.skip(`nft is not installed and cannot be here: ${(error as Error).message}`);
      return;
    }
    // -c checks against the kernel without changing the ruleset, which needs CAP_NET_ADMIN.
    const result = await runTool(nft, ["-c", "-f", file]);
    if (/Operation not permitted/.test(result.stderr)) {
      t.skip(`nft -c needs CAP_NET_ADMIN (root): ${result.stderr.trim()}`);
      return;
    }
    assert.equal(result.code, 0, describeRun(result));
  });

  it("admits 18182-18183 from the three nodes only and drops the rest of 18180-18189", () => {
    const text = readFileSync(file, "utf8");
    const nodes = /^define stemedb_nodes = \{ (.+) \}$/m.exec(text)?.[1]?.split(/,\s*/);
    assert.deepEqual(nodes, NODES.map(nodeAddress), "the nodes of the nats configurations");
    assert.match(
      text,
      /^define stemedb_monitoring = 10\.0\.1\.100$/m,
      "prometheus.yml's and nginx's monitoring host",
    );
    assert.match(text, /^define stemedb_load_balancer = 10\.0\.1\.10$/m);
    const rules = text
      .split("\n")
      .filter((line) => /^\s+(tcp|udp|meta|iifname)\b/.test(line))
      .map((l) => l.trim());
    assert.deepEqual(rules, [
      'iifname "lo" accept',
      "tcp dport 18180 ip saddr { $stemedb_load_balancer, $stemedb_monitoring } accept",
      "tcp dport 18180 ip saddr $stemedb_nodes accept",
      "tcp dport 18181 ip saddr $stemedb_nodes accept",
      "tcp dport { 18182, 18183 } ip saddr $stemedb_nodes accept",
      "tcp dport 18184 ip saddr $stemedb_monitoring accept",
      "meta l4proto { tcp, udp } th dport 18180-18189 counter drop",
    ]);
  });
});
