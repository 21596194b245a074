/** The loopback ports one nats-server of the test cluster gets instead of 18182–18184. */
export interface NatsTestPorts {
  readonly client: number;
  readonly route: number;
  readonly monitor: number;
}

/** The address of node `n` (1 to 3) in the cluster files: the seeds' 10.0.1.51–53. */
export const nodeAddress = (n: number): string => `10.0.1.5${n}`;

/** `text` with every `from` replaced, which must occur: a changed config fails loudly. */
function replaceAll(name: string, text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`${name} no longer contains ${from}: update the cluster test`);
  return text.replaceAll(from, to);
}

/**
 * `nats/node<n>.conf` made runnable by an unprivileged test on one machine: every node's client
 * and route address becomes a loopback port of `ports` (the routes to the other two included),
 * the monitoring port becomes this node's, and the JetStream store a temp directory. Everything
 * else (limits, names, JetStream settings) stays as shipped.
 */
export function loopbackNatsConfig(
  n: number,
  text: string,
  ports: readonly NatsTestPorts[],
  storeDir: string,
): string {
  const name = `nats/node${n}.conf`;
  let config = text;
  for (const [i, port] of ports.entries()) {
    const address = nodeAddress(i + 1);
    // This node listens on its own client address; the routes name the other nodes'.
    if (i + 1 === n) config = replaceAll(name, config, `${address}:18182`, `127.0.0.1:${port.client}`);
    config = replaceAll(name, config, `${address}:18183`, `127.0.0.1:${port.route}`);
  }
  const own = ports[n - 1];
  if (own === undefined) throw new RangeError(`No ports for node ${n} of ${ports.length}`);
  config = replaceAll(name, config, "http: 127.0.0.1:18184", `http: 127.0.0.1:${own.monitor}`);
  config = replaceAll(name, config, 'store_dir: "/var/lib/nats"', `store_dir: "${storeDir}"`);
  const left = config
    .split("\n")
    .filter((line) => !line.trimStart().startsWith("#"))
    .find((line) => /10\.0\.1\.|:1818\d/.test(line));
  if (left !== undefined) throw new Error(`${name} has an address the test does not rewrite: ${left}`);
  return config;
}
