import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { REPO_ROOT, asArray, asRecord, asString, parseYamlFile } from "./deployment-files.ts";

// Docker does not run on the test machines: the file is parsed and its references resolved.
const COMPOSE = join(REPO_ROOT, "docker-compose", "pilot-with-monitoring.yml");

function compose(): Record<string, unknown> {
  return asRecord(parseYamlFile(COMPOSE), "the compose file");
}

function service(name: string): Record<string, unknown> {
  return asRecord(asRecord(compose()["services"], "services")[name], `service ${name}`);
}

/** The targets a service mounts each top-level config at. */
function configTargets(name: string): Map<string, string> {
  const entries = asArray(service(name)["configs"] ?? [], `${name}'s configs`);
  return new Map(
    entries.map((entry) => {
      const config = asRecord(entry, "a config reference");
      return [asString(config["source"], "source"), asString(config["target"], "target")];
    }),
  );
}

describe("docker-compose/pilot-with-monitoring.yml", () => {
  it("runs the server, Prometheus and Grafana", () => {
    assert.deepEqual(Object.keys(asRecord(compose()["services"], "services")).sort(), [
      "grafana",
      "prometheus",
      "stemedb",
    ]);
    assert.deepEqual(service("stemedb")["command"], ["node", "bin/stemedb-api.js"]);
  });

  it("references only files that exist", () => {
    const base = dirname(COMPOSE);
    const configs = asRecord(compose()["configs"], "configs");
    for (const [name, value] of Object.entries(configs)) {
      const file = asRecord(value, `config ${name}`)["file"];
      if (file === undefined) continue;
      const path = asString(file, "file");
      assert.ok(existsSync(resolve(base, path)), `config ${name}: ${path} exists`);
    }
    for (const name of ["stemedb", "prometheus", "grafana"]) {
      for (const volume of asArray(service(name)["volumes"] ?? [], `${name}'s volumes`)) {
        const source = asString(volume, "a volume").split(":")[0]!;
        if (source.startsWith(".")) assert.ok(existsSync(resolve(base, source)), `${name} mounts ${source}`);
      }
    }
    assert.ok(existsSync(join(REPO_ROOT, "bin", "stemedb-api.js")), "the server's entry point exists");
  });

  it("loads the deployment's alert rules into Prometheus and scrapes the server as job stemedb", () => {
    const configs = asRecord(compose()["configs"], "configs");
    const alerts = asRecord(configs["stemedb-alerts"], "stemedb-alerts");
    assert.equal(alerts["file"], "../docs/operations/deployment/prometheus/stemedb-alerts.yml");
    const prometheus = asRecord(
      parse(asString(asRecord(configs["prometheus-config"], "prometheus-config")["content"], "content")),
      "the inline prometheus.yml",
    );
    const mounted = configTargets("prometheus");
    assert.deepEqual(asArray(prometheus["rule_files"], "rule_files"), [mounted.get("stemedb-alerts")]);
    assert.equal(mounted.get("prometheus-config"), "/etc/prometheus/prometheus.yml");
    const job = asRecord(asArray(prometheus["scrape_configs"], "scrape_configs")[0], "the scrape job");
    assert.equal(job["job_name"], "stemedb");
    const targets = asArray(
      asRecord(asArray(job["static_configs"], "static_configs")[0], "static")["targets"],
      "targets",
    );
    assert.deepEqual(targets, ["stemedb:18180"]);
  });

  it("provisions Grafana with the Prometheus data source and the dashboard", () => {
    const configs = asRecord(compose()["configs"], "configs");
    assert.equal(
      asRecord(configs["stemedb-dashboard"], "stemedb-dashboard")["file"],
      "../docs/operations/deployment/grafana/stemedb-dashboard.json",
    );
    const mounted = configTargets("grafana");
    const provider = asRecord(
      parse(asString(asRecord(configs["grafana-dashboards"], "grafana-dashboards")["content"], "content")),
      "the dashboard provider",
    );
    const path = asString(
      asRecord(asRecord(asArray(provider["providers"], "providers")[0], "a provider")["options"], "options")[
        "path"
      ],
      "path",
    );
    assert.ok(
      mounted.get("stemedb-dashboard")?.startsWith(`${path}/`),
      "the dashboard is in the provider's folder",
    );
    const datasource = asRecord(
      parse(asString(asRecord(configs["grafana-datasource"], "grafana-datasource")["content"], "content")),
      "the datasource file",
    );
    const first = asRecord(asArray(datasource["datasources"], "datasources")[0], "a datasource");
    assert.equal(first["type"], "prometheus");
    assert.equal(first["url"], "http://prometheus:9090");
    assert.ok(
      mounted.get("grafana-datasource")?.startsWith("/etc/grafana/provisioning/datasources/"),
      "provisioned",
    );
  });
});
