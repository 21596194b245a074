import { once } from "node:events";
import { createServer } from "node:net";

/**
 * A TCP port on 127.0.0.1 that nothing listens on right now, for a server that must be told its
 * port in advance (PostgreSQL, nginx, nats-server). Another process could take it before the
 * server binds it; on a test machine that does not happen.
 *
 * @example
 * ```ts
 * const port = await freePort();
 * ```
 */
export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const address = probe.address();
  probe.close();
  await once(probe, "close");
  if (address === null || typeof address === "string")
    throw new Error("Cannot find a free port: no TCP address");
  return address.port;
}
