import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

/** The repository root and the deployment folder the seeds copy files from. */
export const REPO_ROOT = join(import.meta.dirname, "..", "..");
export const DEPLOYMENT_DIR = join(REPO_ROOT, "docs", "operations", "deployment");

/** A file of the deployment folder, by its path inside it (`nginx/stemedb.conf`). */
export function deploymentPath(relative: string): string {
  return join(DEPLOYMENT_DIR, relative);
}

export function readDeploymentFile(relative: string): string {
  return readFileSync(deploymentPath(relative), "utf8");
}

/** A YAML file parsed with every error thrown (duplicate keys included), as a plain value. */
export function parseYamlFile(path: string): unknown {
  return parse(readFileSync(path, "utf8"), { uniqueKeys: true, prettyErrors: true }) as unknown;
}

/** `value` as a record, or a TypeError naming what was expected where. */
export function asRecord(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new TypeError(`Expected ${what} to be a mapping, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

/** `value` as an array, or a TypeError naming what was expected where. */
export function asArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value))
    throw new TypeError(`Expected ${what} to be a list, got ${JSON.stringify(value)}`);
  return value as unknown[];
}

/** `value` as a string, or a TypeError naming what was expected where. */
export function asString(value: unknown, what: string): string {
  if (typeof value !== "string")
    throw new TypeError(`Expected ${what} to be a string, got ${JSON.stringify(value)}`);
  return value;
}

/** The three-node cluster's files (nats-server, systemd, nginx, firewall). */
export const CLUSTER_DIR = join(REPO_ROOT, "deploy", "cluster");

/** A file of `deploy/cluster/`, by its path inside it (`nats/node1.conf`). */
export function clusterPath(relative: string): string {
  return join(CLUSTER_DIR, relative);
}

export function readClusterFile(relative: string): string {
  return readFileSync(clusterPath(relative), "utf8");
}
