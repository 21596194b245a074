/**
 * Where a test server runs: the address it binds and is reached at, and the command its own is
 * started through. `ip netns exec <ns>` puts it in a network namespace; since that command execs
 * the server in its place, the PID a test holds is still the server's own.
 */
export interface Placement {
  /** The address the server binds, and the one clients use. */
  readonly host: string;
  /** Prepended to the server's command line; empty to start it directly. */
  readonly commandPrefix: readonly string[];
}

/** On 127.0.0.1 of this process's network namespace: what every test used before namespaces. */
export const LOOPBACK: Placement = { host: "127.0.0.1", commandPrefix: [] };

/**
 * The program and arguments that run `file args` behind `commandPrefix`, for `spawn`.
 *
 * @example
 * ```ts
 * const [program, args] = placedCommand(["ip", "netns", "exec", "ns1"], "nats-server", ["-c", "nats.conf"]);
 * spawn(program, args); // ip netns exec ns1 nats-server -c nats.conf
 * ```
 */
export function placedCommand(
  commandPrefix: readonly string[],
  file: string,
  args: readonly string[],
): [program: string, args: string[]] {
  const [first, ...rest] = commandPrefix;
  return first === undefined ? [file, [...args]] : [first, [...rest, file, ...args]];
}
