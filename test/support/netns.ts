import { spawn } from "node:child_process";
import { findCommand } from "./debian-tool.ts";
import type { Placement } from "./placement.ts";

/** One network namespace of a lab: a machine of its own, with one address on the lab's bridge. */
export interface NetnsHost extends Placement {
  readonly namespace: string;
}

/**
 * Network namespaces joined by veth pairs to a bridge in this (the root) namespace: separate
 * machines as far as TCP/IP goes, which this process reaches at their addresses over the bridge.
 */
export interface NetnsLab {
  /** The bridge's address here, the one the hosts see this process's packets come from. */
  readonly bridgeAddress: string;
  readonly hosts: readonly NetnsHost[];
  /** Kills what still runs in the namespaces, then deletes them, their veths and the bridge. */
  remove(): Promise<void>;
}

export interface NetnsLabOptions {
  /**
   * Names everything the lab makes: namespaces `<name>-1`…, veths `<name>-v1`…, bridge
   * `<name>-br`. At most 12 characters, since an interface name has 15 at most.
   */
  readonly name: string;
  /** The first three octets of a private /24 that nothing on this machine uses (`10.213.7`). */
  readonly subnet: string;
  readonly size: number;
}

/**
 * Why this process cannot make network namespaces, or `undefined` when it can: a test skips with
 * the reason rather than failing where it lacks the privilege (CAP_SYS_ADMIN and CAP_NET_ADMIN).
 *
 * @example
 * ```ts
 * const skip = await netnsUnavailable("stemedb-probe");
 * describe("partition", { skip: skip ?? false }, () => {});
 * ```
 */
export async function netnsUnavailable(probeName: string): Promise<string | undefined> {
  const uid = process.getuid?.();
  if (uid !== 0) return `network namespaces need root (running as uid ${uid ?? "?"})`;
  if (findCommand("ip") === undefined) return "the ip command (Debian package iproute2) is missing";
  // One a crashed run left would make the probe fail with "File exists".
  await run(ip(), ["netns", "del", probeName]);
  const added = await run(ip(), ["netns", "add", probeName]);
  if (added.code !== 0) return `ip netns add failed: ${added.stderr.trim()}`;
  await run(ip(), ["netns", "del", probeName]);
  return undefined;
}

/**
 * Makes `size` namespaces on a bridge, each with the address `<subnet>.<10 + i>` (i from 1) and
 * the bridge with `<subnet>.1`. What a crashed earlier run of the same name left is removed first.
 *
 * @example
 * ```ts
 * const lab = await createNetnsLab({ name: "stemedb-part", subnet: "10.213.7", size: 3 });
 * spawn(...placedCommand(lab.hosts[0]!.commandPrefix, "nats-server", ["-a", lab.hosts[0]!.host]));
 * await lab.remove();
 * ```
 */
export async function createNetnsLab(options: NetnsLabOptions): Promise<NetnsLab> {
  const { name, subnet, size } = options;
  if (name.length > 12) throw new RangeError(`Cannot name interfaces after "${name}": longer than 12`);
  const bridge = `${name}-br`;
  const bridgeAddress = `${subnet}.1`;
  const hosts = Array.from({ length: size }, (_, i) => {
    const namespace = `${name}-${i + 1}`;
    return {
      namespace,
      veth: `${name}-v${i + 1}`,
      host: `${subnet}.${11 + i}`,
      commandPrefix: [ip(), "netns", "exec", namespace],
    };
  });
  const remove = (): Promise<void> => removeLab(bridge, hosts);
  await remove();
  // Another interface in the /24 would take the replies the bridge should get.
  const clash = await must(ip(), ["-o", "-4", "addr", "show", "to", `${subnet}.0/24`]);
  if (clash.trim() !== "") {
    throw new Error(`Cannot use ${subnet}.0/24 for the lab: this machine has it already: ${clash.trim()}`);
  }
  try {
    await must(ip(), ["link", "add", bridge, "type", "bridge"]);
    await must(ip(), ["addr", "add", `${bridgeAddress}/24`, "dev", bridge]);
    await must(ip(), ["link", "set", bridge, "up"]);
    for (const host of hosts) {
      await must(ip(), ["netns", "add", host.namespace]);
      // The namespace's end is created inside it, so the root namespace never holds two `eth0`s.
      await must(ip(), [
        "link",
        "add",
        host.veth,
        "type",
        "veth",
        "peer",
        "name",
        "eth0",
        "netns",
        host.namespace,
      ]);
      await must(ip(), ["link", "set", host.veth, "master", bridge, "up"]);
      await must(ip(), ["-n", host.namespace, "addr", "add", `${host.host}/24`, "dev", "eth0"]);
      await must(ip(), ["-n", host.namespace, "link", "set", "eth0", "up"]);
      await must(ip(), ["-n", host.namespace, "link", "set", "lo", "up"]);
    }
  } catch (error) {
    await remove();
    throw error;
  }
  return {
    bridgeAddress,
    hosts: hosts.map(({ namespace, host, commandPrefix }) => ({ namespace, host, commandPrefix })),
    remove,
  };
}

/**
 * Runs `file args` inside `host`'s namespace with `input` on its stdin; resolves with its stdout,
 * rejects with its stderr when it fails.
 */
export function execIn(host: NetnsHost, file: string, args: readonly string[], input = ""): Promise<string> {
  const [program, ...rest] = host.commandPrefix;
  return must(program ?? file, [...rest, file, ...args], input);
}

async function removeLab(
  bridge: string,
  hosts: readonly { readonly namespace: string; readonly veth: string }[],
): Promise<void> {
  for (const { namespace, veth } of hosts) {
    // A namespace outlives its mount while a process runs in it: end them by PID first. Only this
    // lab's processes run in a namespace of this name.
    const pids = await run(ip(), ["netns", "pids", namespace]);
    for (const pid of pids.stdout.split("\n").filter((line) => /^\d+$/.test(line))) {
      try {
        process.kill(Number(pid), "SIGKILL");
      } catch {
        // It exited meanwhile.
      }
    }
    // Deleting one end deletes both; failures mean it was not there.
    await run(ip(), ["link", "del", veth]);
    await run(ip(), ["netns", "del", namespace]);
  }
  await run(ip(), ["link", "del", bridge]);
}

function ip(): string {
  const found = findCommand("ip");
  if (found === undefined) throw new Error("Cannot find the ip command: install iproute2");
  return found;
}

interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function run(file: string, args: readonly string[], input = ""): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => {
      resolve({ code, stdout, stderr });
    });
    // A command that exits without reading its input would otherwise fail the test with EPIPE.
    child.stdin.on("error", () => undefined);
    child.stdin.end(input);
  });
}

async function must(file: string, args: readonly string[], input = ""): Promise<string> {
  const ran = await run(file, args, input);
  if (ran.code !== 0) {
    throw new Error(
      `Command failed (exit ${String(ran.code)}): ${[file, ...args].join(" ")}: ${ran.stderr.trim()}`,
    );
  }
  return ran.stdout;
}
