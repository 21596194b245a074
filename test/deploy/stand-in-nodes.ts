import { createServer, type Server } from "node:http";
import { once } from "node:events";
import { freePort } from "../support/free-port.ts";

/** Routes that write (the nginx cluster site treats their 503 apart). */
const WRITE = /^\/v1\/(assert|assert\/batch|vote|epoch|sources|sources\/[^/]+\/retract)$/;

/**
 * A stand-in for one StemeDB node behind the load balancer: answers every request with JSON naming
 * itself (and an `X-Node` header), 201 for a POST to a write route and 200 otherwise, unless told
 * to answer writes or reads with 503 and `Retry-After`, as a node does without a quorum or while
 * it catches up. Only the load balancer's behaviour is under test, not the node's.
 */
export class StandInNode {
  readonly name: string;
  readonly port: number;
  /** What writes and reads are answered with now. */
  writeStatus = 201;
  readStatus = 200;
  /** `METHOD path` of every request received. */
  readonly received: string[] = [];
  readonly #server: Server;

  private constructor(name: string, port: number, server: Server) {
    this.name = name;
    this.port = port;
    this.#server = server;
  }

  static async start(name: string): Promise<StandInNode> {
    const port = await freePort();
    const server = createServer();
    const node = new StandInNode(name, port, server);
    server.on("request", (req, res) => {
      req.resume();
      req.on("end", () => {
        const path = (req.url ?? "/").split("?")[0] ?? "/";
        node.received.push(`${req.method ?? "?"} ${path}`);
        const status = req.method === "POST" && WRITE.test(path) ? node.writeStatus : node.readStatus;
        const headers: Record<string, string> = { "content-type": "application/json", "x-node": name };
        if (status === 503) headers["retry-after"] = "5";
        res.writeHead(status, headers);
        res.end(JSON.stringify({ node: name, path }));
      });
    });
    server.listen(port, "127.0.0.1");
    await once(server, "listening");
    return node;
  }

  /** `host:port`, as the load balancer's upstream names it. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Stops listening and drops kept-alive connections: the node is gone (connection refused). */
  async stop(): Promise<void> {
    if (!this.#server.listening) return;
    const closed = once(this.#server, "close");
    this.#server.close();
    this.#server.closeAllConnections();
    await closed;
  }
}
