import { cpus, loadavg, totalmem } from "node:os";

/**
 * One line naming the machine, so that a results file says where its numbers came from:
 * durable-write numbers depend mostly on the disk's fdatasync, the rest on the CPU.
 *
 * @example
 * ```ts
 * machineLine(new Date()); // "2 cores (AMD EPYC …), 23.5 GiB RAM, Node v20.20.2, linux x64, load 0.12 at start, 2026-11-23T19:16:11Z"
 * ```
 */
export function machineLine(now: Date): string {
  const cores = cpus();
  const model = cores[0]?.model.trim() ?? "unknown CPU";
  const gib = (totalmem() / 2 ** 30).toFixed(1);
  const date = now.toISOString().replace(/\.\d{3}Z$/, "Z");
  // Other work on the machine competes for the same cores and disk: the load says if there was any.
  const load = loadavg()[0]?.toFixed(2) ?? "n/a";
  return `${cores.length} cores (${model}), ${gib} GiB RAM, Node ${process.version}, ${process.platform} ${process.arch}, load ${load} at start, ${date}`;
}
