import { once } from "node:events";
import { createConnection, createServer, type Server, type Socket } from "node:net";

/** A TCP proxy on loopback that holds back what the server sends for `delayMs`. */
export interface DelayProxy {
  readonly port: number;
  /** Changes the delay of what comes back from now on. */
  setDelay(ms: number): void;
  close(): Promise<void>;
}

/**
 * Forwards connections to `target` and delays every chunk coming back by `delayMs`, in order:
 * a client behind it hears the server's answers late, as over a congested link, though the
 * server acted at once (a publish stored whose acknowledgement a client timed out on).
 *
 * @example
 * ```ts
 * const proxy = await startDelayProxy({ host: "127.0.0.1", port: 4222 }, 50);
 * const nc = await connect({ servers: `127.0.0.1:${proxy.port}` });
 * ```
 */
export async function startDelayProxy(
  target: { readonly host: string; readonly port: number },
  delayMs: number,
): Promise<DelayProxy> {
  const sockets = new Set<Socket>();
  let delay = delayMs;
  const server: Server = createServer((client) => {
    const upstream = createConnection(target);
    sockets.add(client).add(upstream);
    client.pipe(upstream);
    upstream.on("data", (chunk: Buffer) => {
      setTimeout(() => {
        if (!client.destroyed) client.write(chunk);
      }, delay);
    });
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on("error", end).on("close", end);
    upstream.on("error", end).on("close", end);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    port,
    setDelay: (ms) => {
      delay = ms;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, "close");
    },
  };
}
