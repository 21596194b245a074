/**
 * The processes of a system under test, read from Linux's `/proc`: a server such as PostgreSQL is
 * a postmaster and the backends it forks, and measuring or crashing it means all of them.
 */
import { readFileSync, readdirSync } from "node:fs";

/**
 * `pid` and every process descended from it, parents first; empty when `pid` is gone.
 *
 * @example
 * ```ts
 * processTree(server.pid); // [postmaster, checkpointer, walwriter, backend, …]
 * ```
 */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const parent = parentOf(Number(name));
    if (parent === undefined) continue;
    const list = children.get(parent) ?? [];
    list.push(Number(name));
    children.set(parent, list);
  }
  if (!isRunning(pid)) return [];
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i] ?? -1) ?? []));
  return tree;
}

/** Whether `pid` is a live process (a zombie, dead but not yet reaped, is not). */
export function isRunning(pid: number): boolean {
  const stat = readStat(pid);
  return stat !== undefined && stateOf(stat) !== "Z";
}

/** The parent of `pid`, or undefined when it has exited. */
function parentOf(pid: number): number | undefined {
  const stat = readStat(pid);
  if (stat === undefined) return undefined;
  // After the command name, which is in parentheses and may itself hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[1]);
}

function stateOf(stat: string): string {
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0] ?? "";
}

function readStat(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
}
