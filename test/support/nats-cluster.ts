import { spawn, type ChildProcess } from "node:child_process";
import { connect } from "nats";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireDebianTool } from "./debian-tool.ts";
import { freePort } from "./free-port.ts";
import { LOOPBACK, placedCommand, type Placement } from "./placement.ts";

/** One nats-server of a test cluster: its client URL, and how to stop or restart it. */
export interface NatsNode {
  readonly name: string;
  /** `nats://<host>:<port>`: 127.0.0.1 unless the cluster was given placements. */
  readonly url: string;
  readonly pid: () => number | undefined;
  /** SIGKILL, as a crash: JetStream loses nothing it acknowledged (the quorum has it). */
  kill(): Promise<void>;
  /** SIGTERM, a clean shutdown: the other servers learn at once that it is gone. */
  stop(): Promise<void>;
  /** Starts the node after `stop` or `kill` on the same ports and store directory. */
  start(): Promise<void>;
  /** Starts the node again on the same ports and store directory. */
  restart(): Promise<void>;
}

export interface NatsCluster {
  readonly nodes: readonly NatsNode[];
  /** Every node's client URL, as a client's server list. */
  readonly urls: readonly string[];
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 20_000;

/** Optional settings; without them every server runs on 127.0.0.1 with nats-server's defaults. */
export interface NatsClusterOptions {
  /** Where each server runs, one per server in order (a network namespace each, say). */
  readonly placements?: readonly Placement[];
  /**
   * How often servers ping clients and routes, and after how many unanswered pings they drop
   * them (`ping_interval`, `ping_max`): a test cutting links shortens the deployment's 20 s × 3.
   */
  readonly ping?: { readonly interval: string; readonly max: number };
}

/**
 * Starts `size` nats-servers with JetStream on loopback (or where `options.placements` say): free
 * ports, a temp directory each, routes between them (a cluster when `size` > 1), stopped by PID.
 * Installs Debian's `nats-server` when it is missing and this process is root.
 *
 * @example
 * ```ts
 * const cluster = await startNatsCluster(3);
 * const nc = await connect({ servers: [...cluster.urls] });
 * await cluster.stop();
 * ```
 */
export async function startNatsCluster(size: number, options: NatsClusterOptions = {}): Promise<NatsCluster> {
  const binary = await requireDebianTool("nats-server", "nats-server");
  // Its own directory, removed by stop(): the cluster may outlive the test that started it.
  const root = mkdtempSync(join(tmpdir(), "stemedb-nats-"));
  const servers = await Promise.all(
    Array.from({ length: size }, async (_, i) => ({
      name: `n${i + 1}`,
      placement: options.placements?.[i] ?? LOOPBACK,
      port: { client: await freePort(), route: await freePort() },
    })),
  );
  const routes = size > 1 ? servers.map((s) => `nats-route://${s.placement.host}:${s.port.route}`) : [];
  const nodes = servers.map(({ name, placement, port }) => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    const config = join(dir, "nats.conf");
    writeFileSync(config, configText({ name, dir, host: placement.host, port, routes, ping: options.ping }));
    return new NatsProcess(binary, name, config, placement, port.client);
  });
  try {
    await Promise.all(nodes.map((node) => node.start()));
  } catch (error) {
    await Promise.all(nodes.map((node) => node.kill()));
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  return {
    nodes,
    urls: nodes.map((node) => node.url),
    stop: async () => {
      await Promise.all(nodes.map((node) => node.stop()));
      rmSync(root, { recursive: true, force: true });
    },
  };
}

function configText(options: {
  name: string;
  dir: string;
  host: string;
  port: { client: number; route: number };
  routes: readonly string[];
  ping: NatsClusterOptions["ping"];
}): string {
  const { name, dir, host, port, routes, ping } = options;
  const cluster =
    routes.length === 0
      ? ""
      : `cluster {
  name: stemedb-test
  listen: ${host}:${port.route}
  routes: [
${routes.map((r) => `    ${r}`).join("\n")}
  ]
}
`;
  const pings = ping === undefined ? "" : `ping_interval: "${ping.interval}"\nping_max: ${ping.max}\n`;
  return `server_name: ${name}
listen: ${host}:${port.client}
${pings}jetstream {
  store_dir: "${join(dir, "jetstream")}"
  max_memory_store: 64MB
  max_file_store: 1GB
}
${cluster}`;
}

class NatsProcess implements NatsNode {
  readonly name: string;
  readonly url: string;
  readonly #binary: string;
  readonly #config: string;
  readonly #placement: Placement;
  readonly #port: number;
  #child: ChildProcess | undefined;

  constructor(binary: string, name: string, config: string, placement: Placement, port: number) {
    this.#binary = binary;
    this.name = name;
    this.#config = config;
    this.#placement = placement;
    this.#port = port;
    this.url = `nats://${placement.host}:${port}`;
  }

  pid = (): number | undefined => this.#child?.pid;

  async start(): Promise<void> {
    const [program, args] = placedCommand(this.#placement.commandPrefix, this.#binary, ["-c", this.#config]);
    const child = spawn(program, args, { stdio: ["ignore", "ignore", "pipe"] });
    this.#child = child;
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      // Kept short: only the start-up failure is ever shown.
      if (stderr.length < 8192) stderr += chunk.toString();
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await accepts(this.#placement.host, this.#port))) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`nats-server ${this.name} did not start on port ${this.#port}: ${stderr.trim()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async kill(): Promise<void> {
    await this.#signal("SIGKILL");
  }

  async restart(): Promise<void> {
    await this.kill();
    await this.start();
  }

  async stop(): Promise<void> {
    await this.#signal("SIGTERM");
  }

  async #signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, "exit");
    child.kill(signal);
    await exited;
  }
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => {
      resolve(false);
    });
  });
}

/**
 * The state of a stream on a test cluster, asked through a short-lived connection: its leader's
 * server name and its last sequence.
 */
export async function streamState(
  cluster: NatsCluster,
  stream = "STEMEDB",
): Promise<{ readonly leader: NatsNode; readonly lastSeq: number }> {
  const connection = await connect({ servers: [...cluster.urls] });
  try {
    const info = await (await connection.jetstreamManager()).streams.info(stream);
    const leader = cluster.nodes.find((n) => n.name === info.cluster?.leader);
    if (leader === undefined) throw new Error(`Stream ${stream} has no leader among the test servers`);
    return { leader, lastSeq: info.state.last_seq };
  } finally {
    await connection.close();
  }
}
