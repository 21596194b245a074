/** Saves a run's report, chart and raw result as `arena-<scenarios>-<UTC time>.{md,svg,json}`. */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { ArenaResult } from "./arena-result.ts";
import { arenaMarkdown } from "./report-markdown.ts";
import { arenaChart } from "./report-svg.ts";

/** The written files. */
export interface WrittenReport {
  readonly markdown: string;
  readonly files: readonly string[];
}

/**
 * Writes the three files into `dir` (created if missing) and returns the markdown and the paths.
 *
 * @example
 * ```ts
 * writeArenaReport([result], "arena/results").files; // ["arena/results/arena-default-20261124-060000.md", …]
 * ```
 */
export function writeArenaReport(
  results: readonly ArenaResult[],
  dir: string,
  now = new Date(),
): WrittenReport {
  const iso = now.toISOString();
  const stamp = iso.slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  const names = results.map((r) => `${r.scenario.name}${r.quick ? "-quick" : ""}`).join("+");
  const base = join(dir, `arena-${names}-${stamp}`);
  const when = `${iso.slice(0, 16).replace("T", " ")} UTC`;
  const markdown = arenaMarkdown(results, when);
  mkdirSync(dir, { recursive: true });
  const files = [`${base}.md`, `${base}.svg`, `${base}.json`];
  writeFileSync(files[0] as string, `${markdown}\n![accuracy over time](${basename(base)}.svg)\n`);
  writeFileSync(
    files[1] as string,
    arenaChart(results, `${when}; dashed: without epoch_aware; thick: the best lens`),
  );
  writeFileSync(files[2] as string, `${JSON.stringify(results, replacer, 2)}\n`);
  return { markdown, files };
}

/** NaN is not JSON: written as null. */
function replacer(_key: string, value: unknown): unknown {
  return typeof value === "number" && Number.isNaN(value) ? null : value;
}
