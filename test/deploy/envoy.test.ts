import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { asArray, asRecord, deploymentPath, parseYamlFile } from "./deployment-files.ts";

// Envoy is not packaged for Debian, so `envoy --mode validate` cannot run here: these tests read
// the structure instead.

type Node = Record<string, unknown>;

/** The value at a path of keys and list indexes, as a mapping. */
function at(root: unknown, path: readonly (string | number)[]): Node {
  let value = root;
  for (const step of path) {
    value =
      typeof step === "number"
        ? asArray(value, `list before [${step}]`)[step]
        : asRecord(value, `"${step}"`)[step];
  }
  return asRecord(value, path.join("."));
}

function envoy(): Node {
  return asRecord(parseYamlFile(deploymentPath("envoy/envoy.yaml")), "envoy.yaml");
}

function connectionManager(): Node {
  const listener = at(envoy(), ["static_resources", "listeners", 0]);
  return at(listener, ["filter_chains", 0, "filters", 0, "typed_config"]);
}

function routes(): Node[] {
  const host = at(connectionManager(), ["route_config", "virtual_hosts", 0]);
  return asArray(host["routes"], "routes").map((r) => asRecord(r, "a route"));
}

/** The remote addresses an RBAC per-route rule allows, as "prefix/len". */
function allowedAddresses(route: Node): string[] {
  const rules = at(route, ["typed_per_filter_config", "envoy.filters.http.rbac", "rbac", "rules"]);
  assert.equal(rules["action"], "ALLOW");
  return Object.values(asRecord(rules["policies"], "policies")).flatMap((policy) =>
    asArray(asRecord(policy, "a policy")["principals"], "principals").map((p) => {
      const ip = at(p, ["direct_remote_ip"]);
      return `${String(ip["address_prefix"])}/${String(ip["prefix_len"])}`;
    }),
  );
}

describe("envoy/envoy.yaml", () => {
  it("checks every node actively on /v1/health every 5 s with a 3 s timeout", () => {
    const cluster = at(envoy(), ["static_resources", "clusters", 0]);
    assert.equal(cluster["name"], "stemedb_cluster");
    const check = at(cluster, ["health_checks", 0]);
    assert.equal(at(check, ["http_health_check"])["path"], "/v1/health");
    assert.equal(check["interval"], "5s");
    assert.equal(check["timeout"], "3s");
    const endpoints = asArray(
      at(cluster, ["load_assignment", "endpoints", 0])["lb_endpoints"],
      "lb_endpoints",
    );
    const addresses = endpoints.map((e) => at(e, ["endpoint", "address", "socket_address"]));
    assert.deepEqual(
      addresses.map((a) => `${String(a["address"])}:${String(a["port_value"])}`),
      ["10.0.1.51:18180", "10.0.1.52:18180", "10.0.1.53:18180"],
    );
  });

  it("terminates TLS 1.3 only", () => {
    const listener = at(envoy(), ["static_resources", "listeners", 0]);
    const params = at(listener, [
      "filter_chains",
      0,
      "transport_socket",
      "typed_config",
      "common_tls_context",
      "tls_params",
    ]);
    assert.equal(params["tls_minimum_protocol_version"], "TLSv1_3");
    assert.equal(params["tls_maximum_protocol_version"], "TLSv1_3");
  });

  it("routes everything to the cluster, with /v1/admin/ for loopback and the admin network only", () => {
    const all = routes();
    for (const route of all) assert.equal(at(route, ["route"])["cluster"], "stemedb_cluster");
    const admin = all.find((r) => at(r, ["match"])["prefix"] === "/v1/admin/");
    assert.ok(admin !== undefined, "/v1/admin/ has its own route");
    assert.ok(
      all.indexOf(admin) < all.findIndex((r) => at(r, ["match"])["prefix"] === "/"),
      "before the catch-all",
    );
    assert.deepEqual(allowedAddresses(admin).sort(), ["10.0.2.0/24", "127.0.0.1/32", "::1/128"]);
  });

  it("serves /metrics to the monitoring host only and /v1/health within 3 s", () => {
    const all = routes();
    const metrics = all.find((r) => at(r, ["match"])["path"] === "/metrics");
    assert.ok(metrics !== undefined, "/metrics has its own route");
    assert.deepEqual(allowedAddresses(metrics), ["10.0.1.100/32"]);
    const health = all.find((r) => at(r, ["match"])["path"] === "/v1/health");
    assert.equal(health && at(health, ["route"])["timeout"], "3s");
  });

  it("enforces the per-route rules with the RBAC filter before the router, and keeps request ids", () => {
    const manager = connectionManager();
    const filters = asArray(manager["http_filters"], "http_filters").map(
      (f) => asRecord(f, "a filter")["name"],
    );
    assert.deepEqual(filters, ["envoy.filters.http.rbac", "envoy.filters.http.router"]);
    assert.equal(manager["preserve_external_request_id"], true);
    assert.equal(manager["use_remote_address"], true);
  });
});
