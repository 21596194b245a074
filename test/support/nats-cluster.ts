import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireDebianTool } from "./debian-tool.ts";
import { freePort } from "./free-port.ts";

/** One nats-server of a test cluster: its client URL, and how to stop or restart it. */
export interface NatsNode {
  readonly name: string;
  /** `nats://127.0.0.1:<port>`. */
  readonly url: string;
  readonly pid: () => number | undefined;
  /** SIGKILL, as a crash: JetStream loses nothing it acknowledged (the quorum has it). */
  kill(): Promise<void>;
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

/**
 * Starts `size` nats-servers with JetStream on loopback: free ports, a temp directory each, routes
 * between them (a cluster when `size` > 1), stopped by PID. Installs Debian's `nats-server` when
 * it is missing and this process is root.
 *
 * @example
 * ```ts
 * const cluster = await startNatsCluster(3);
 * const nc = await connect({ servers: [...cluster.urls] });
 * await cluster.stop();
 * ```
 */
export async function startNatsCluster(size: number): Promise<NatsCluster> {
  const binary = await requireDebianTool("nats-server", "nats-server");
  // Its own directory, removed by stop(): the cluster may outlive the test that started it.
  const root = mkdtempSync(join(tmpdir(), "stemedb-nats-"));
  const ports = await Promise.all(
    Array.from({ length: size }, async () => ({ client: await freePort(), route: await freePort() })),
  );
  const routes = ports.map((p) => `nats-route://127.0.0.1:${p.route}`);
  const nodes = ports.map((port, i) => {
    const name = `n${i + 1}`;
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    const config = join(dir, "nats.conf");
    writeFileSync(config, configText({ name, dir, port, routes: size > 1 ? routes : [] }));
    return new NatsProcess(binary, name, config, port.client);
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
  port: { client: number; route: number };
  routes: readonly string[];
}): string {
  const { name, dir, port, routes } = options;
  const cluster =
    routes.length === 0
      ? ""
      : `cluster {
  name: stemedb-test
  listen: 127.0.0.1:${port.route}
  routes: [
${routes.map((r) => `    ${r}`).join("\n")}
  ]
}
`;
  return `server_name: ${name}
listen: 127.0.0.1:${port.client}
jetstream {
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
  readonly #port: number;
  #child: ChildProcess | undefined;

  constructor(binary: string, name: string, config: string, port: number) {
    this.#binary = binary;
    this.name = name;
    this.#config = config;
    this.#port = port;
    this.url = `nats://127.0.0.1:${port}`;
  }

  pid = (): number | undefined => this.#child?.pid;

  async start(): Promise<void> {
    const child = spawn(this.#binary, ["-c", this.#config], { stdio: ["ignore", "ignore", "pipe"] });
    this.#child = child;
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      // Kept short: only the start-up failure is ever shown.
      if (stderr.length < 8192) stderr += chunk.toString();
    });
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await accepts(this.#port))) {
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

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => {
      resolve(false);
    });
  });
}
