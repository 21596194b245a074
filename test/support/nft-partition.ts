import { execIn, type NetnsHost } from "./netns.ts";

/** A partition made by `cutOff`, until `heal` removes it. */
export interface Partition {
  /** When the rules took effect (ms since the epoch). */
  readonly since: number;
  /** Deletes the rules; safe to call again (the test's cleanup does). */
  heal(): Promise<void>;
}

/** A table of the test's own: deleting it removes every rule it added and nothing else. */
const TABLE = "stemedb_partition";

/**
 * Cuts `host` off from `peers` with nftables rules inside its namespace: every IPv4 packet to or
 * from their addresses is dropped, as a broken link would, not rejected, so open TCP connections
 * hang rather than fail at once. Every other address (the lab's bridge, where the test runs)
 * still reaches `host`.
 *
 * @example
 * ```ts
 * const partition = await cutOff(nft, lab.hosts[2]!, [lab.hosts[0]!.host, lab.hosts[1]!.host]);
 * await partition.heal();
 * ```
 */
export async function cutOff(nft: string, host: NetnsHost, peers: readonly string[]): Promise<Partition> {
  const set = `{ ${peers.join(", ")} }`;
  await execIn(
    host,
    nft,
    ["-f", "-"],
    `table inet ${TABLE} {
  chain input {
    type filter hook input priority filter; policy accept;
    ip saddr ${set} drop
  }
  chain output {
    type filter hook output priority filter; policy accept;
    ip daddr ${set} drop
  }
}
`,
  );
  const since = Date.now();
  let healed = false;
  return {
    since,
    heal: async () => {
      if (healed) return;
      await execIn(host, nft, ["delete", "table", "inet", TABLE]);
      healed = true;
    },
  };
}
