import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Writes a benchmark's report beside the benchmarks, in `bench/results/<name>-<YYYYMMDD-HHMMSS>.md`
 * (UTC, the run's start), and returns its path.
 *
 * @example
 * ```ts
 * writeResults("http", markdown, startedAt); // ".../bench/results/http-20250101-120000.md"
 * ```
 */
export function writeResults(name: string, markdown: string, startedAt: Date): string {
  const dir = fileURLToPath(new URL("../results/", import.meta.url));
  mkdirSync(dir, { recursive: true });
  // UTC, so that names sort in run order whatever the machine's zone.
  const stamp = startedAt.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  const path = join(dir, `${name}-${stamp}.md`);
  writeFileSync(path, markdown);
  return path;
}
