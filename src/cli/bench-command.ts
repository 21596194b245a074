import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { projectRoot } from "../project-root.ts";

// bench/ is not shipped in the package (`files` in package.json): the command needs a checkout.
const HARNESS = join(projectRoot(import.meta.url), "bench", "compare", "main.ts");

/**
 * `stemedb bench [--records N] [--quick] [--no-write] [-h]`: the comparison with PostgreSQL and
 * SQLite (`bench/compare/`), run from a source checkout in a process of its own, as `npm run bench`
 * runs it; its arguments are passed through unread, and its exit code is this command's (1 if it
 * was killed).
 */
export function addBenchCommand(program: Command): void {
  program
    .command("bench")
    .description(
      "compare StemeDB with PostgreSQL and SQLite on the same workloads (from a source checkout; bench -h for its options)",
    )
    .helpOption(false)
    .allowUnknownOption()
    .allowExcessArguments()
    .argument("[args...]", "passed to the benchmark: --records N, --quick, --no-write, -h")
    .action(async (args: string[]) => {
      if (!existsSync(HARNESS)) {
        throw new Error(`stemedb bench runs from a source checkout: ${HARNESS} is missing`);
      }
      // tsx resolved from here, so the command works from any directory.
      const child = spawn(process.execPath, ["--import", import.meta.resolve("tsx"), HARNESS, ...args], {
        stdio: "inherit",
      });
      const [code] = (await once(child, "exit")) as [number | null];
      // Killed by a signal, it has no code: that is a failure too.
      process.exitCode = code ?? 1;
    });
}
