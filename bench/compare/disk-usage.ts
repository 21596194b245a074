import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/**
 * Bytes a file or a directory tree takes on disk: allocated blocks, as `du` counts them, so that a
 * sparse or preallocated file counts what it really holds and every system is counted alike.
 * Missing paths count 0.
 *
 * @example
 * ```ts
 * allocatedBytes(dataDir); // the data directory with its WAL
 * ```
 */
export function allocatedBytes(path: string): number {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return 0;
  if (!stats.isDirectory()) return stats.blocks * 512;
  let bytes = stats.blocks * 512;
  for (const name of readdirSync(path)) bytes += allocatedBytes(join(path, name));
  return bytes;
}
