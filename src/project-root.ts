import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const found = new Map<string, string>();

/**
 * The directory of StemeDB's own package.json at or above the module at `moduleUrl` (its
 * `import.meta.url`), found once per directory. Modules locate the project's other files
 * (package.json, bin/, src/console/ui/) from it rather than by a fixed number of `../`: the same
 * code runs from src/ under tsx and from dist/cli.mjs once bundled, at a different depth.
 *
 * @example
 * ```ts
 * const manifest = join(projectRoot(import.meta.url), "package.json");
 * ```
 */
export function projectRoot(moduleUrl: string): string {
  const start = dirname(fileURLToPath(moduleUrl));
  let root = found.get(start);
  if (root === undefined) {
    root = search(start);
    found.set(start, root);
  }
  return root;
}

function search(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (packageName(join(dir, "package.json")) === "stemedb") return dir;
    if (dirname(dir) === dir) throw new Error(`Cannot find StemeDB's package.json at or above "${start}"`);
  }
}

function packageName(file: string): unknown {
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as { name?: unknown }).name;
  } catch {
    return undefined; // Absent, unreadable or not JSON: not this project's package.json.
  }
}
