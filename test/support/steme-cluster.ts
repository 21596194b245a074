import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./free-port.ts";
import type { NatsCluster } from "./nats-cluster.ts";
import { LOOPBACK, type Placement } from "./placement.ts";
import { startServer, type ServerProcess } from "./server-process.ts";

export const CLUSTER_ADMIN_TOKEN = "cluster-test-admin-token-0123456789";

/**
 * One StemeDB node of a test cluster: a real `stemedb-api` process on a fixed port of loopback, or
 * of the host its placement names.
 */
export class StemeNode {
  readonly id: string;
  readonly url: string;
  readonly dataDir: string;
  readonly #env: Record<string, string>;
  readonly #commandPrefix: readonly string[];
  #process: ServerProcess | undefined;

  constructor(
    id: string,
    port: number,
    dataDir: string,
    env: Record<string, string>,
    placement: Placement = LOOPBACK,
  ) {
    this.id = id;
    this.url = `http://${placement.host}:${port}`;
    this.dataDir = dataDir;
    this.#commandPrefix = placement.commandPrefix;
    this.#env = {
      STEMEDB_BIND_ADDR: `${placement.host}:${port}`,
      STEMEDB_NODE_ID: id,
      STEMEDB_DB_DIR: join(dataDir, "db"),
      STEMEDB_WAL_DIR: join(dataDir, "wal"),
      STEMEDB_ADMIN_TOKEN: CLUSTER_ADMIN_TOKEN,
      ...env,
    };
  }

  get pid(): number | undefined {
    return this.#process?.child.pid;
  }

  /** Everything the running (or last) process printed. */
  output(): string {
    return this.#process?.output() ?? "";
  }

  async start(): Promise<void> {
    this.#process = await startServer(this.#env, undefined, {
      stopAtEnd: false,
      commandPrefix: this.#commandPrefix,
    });
  }

  /** SIGTERM: a clean stop. */
  async stop(): Promise<void> {
    await this.#process?.stop();
    this.#process = undefined;
  }

  /** SIGKILL, as a crash. */
  async kill(): Promise<void> {
    const child = this.#process?.child;
    this.#process = undefined;
    if (child === undefined || child.exitCode !== null) return;
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;
  }

  /** Removes the node's store (it must be stopped): it rebuilds from the stream at its next start. */
  wipe(): void {
    rmSync(join(this.dataDir, "db"), { recursive: true, force: true });
  }
}

/** How `startStemeCluster` sets its nodes up; every field may be left out. */
export interface StemeClusterOptions {
  readonly size?: number;
  /** Added to every node's environment. */
  readonly env?: Record<string, string>;
  /** Added to node `index`'s (from 0) after `env`: settings that differ between nodes. */
  readonly envOf?: (index: number) => Record<string, string>;
  /** Where each node runs, in order; loopback for those left out. */
  readonly placements?: readonly Placement[];
}

/**
 * Three (or `size`) StemeDB nodes in cluster mode on a NATS cluster, each on a free loopback
 * port (or at its placement) with its own temp directory. The caller stops them (`stop()` on each).
 */
export async function startStemeCluster(
  nats: NatsCluster,
  options: StemeClusterOptions = {},
): Promise<StemeCluster> {
  // Its own directory, removed by stop(): a temp dir made in a `before` hook goes when it ends.
  const root = mkdtempSync(join(tmpdir(), "stemedb-cluster-"));
  const nodes: StemeNode[] = [];
  for (let i = 1; i <= (options.size ?? 3); i++) {
    const dataDir = join(root, `node${i}`);
    mkdirSync(dataDir, { recursive: true });
    nodes.push(
      new StemeNode(
        `node-${i}`,
        await freePort(),
        dataDir,
        {
          STEMEDB_CLUSTER_NATS_URLS: nats.urls.join(","),
          STEMEDB_CLUSTER_MAX_LAG_SECONDS: "5",
          // Load tests write as fast as they can from one address; quotas stay on, generous, for
          // the agents a test limits itself.
          STEMEDB_RATE_LIMIT_ENABLED: "false",
          STEMEDB_QUOTA_PER_HOUR: "1000000000",
          ...options.env,
          ...options.envOf?.(i - 1),
        },
        options.placements?.[i - 1],
      ),
    );
  }
  const stop = async (): Promise<void> => {
    for (const node of nodes) await node.stop();
    rmSync(root, { recursive: true, force: true });
  };
  try {
    // One after another: the first creates the stream and the membership bucket.
    for (const node of nodes) await node.start();
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes, stop };
}

export interface StemeCluster {
  readonly nodes: readonly StemeNode[];
  /** Stops every node and removes their directories. */
  stop(): Promise<void>;
}
