import type { Command } from "commander";
import type { ArenaResult } from "../arena/arena-result.ts";
import { arenaMarkdown } from "../arena/report-markdown.ts";
import { runArena } from "../arena/run-arena.ts";
import { SCENARIO_NAMES, scenarioNamed, type ScenarioSizes } from "../arena/scenarios.ts";
import { writeArenaReport } from "../arena/write-report.ts";

const whole =
  (name: string) =>
  (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number, got "${text}"`);
    return n;
  };

/** The sizes `stemedb arena` takes as options. */
const SIZE_OPTIONS = [
  "ticks",
  "topics",
  "experts",
  "crowd",
  "trolls",
  "sybils",
  "ring",
] as const satisfies readonly (keyof ScenarioSizes)[];

/** The options of `stemedb arena`, as commander parses them. */
interface ArenaOptions extends ScenarioSizes {
  readonly scenario: string;
  readonly seed?: number;
  readonly quick?: boolean;
  readonly out: string;
  readonly write: boolean;
}

/**
 * `stemedb arena`: the seeded simulation of agents that disagree and lie, against a real server
 * started in process; prints the report and saves it with its chart (`src/arena/`, `arena/README.md`).
 */
export function addArenaCommand(program: Command): void {
  program
    .command("arena")
    .description(
      "measure how well each lens finds the truth when agents disagree and some lie: a seeded simulation " +
        "against a real server in process; prints the report and saves it with a chart",
    )
    .option(
      "--scenario <names>",
      `comma-separated scenarios, or "all": ${SCENARIO_NAMES.join(", ")}`,
      "default,adversarial",
    )
    .option("--seed <n>", "seed of the simulation (default: the scenario's)", whole("--seed"))
    .option("--quick", "24 days and half the world: checks the harness in seconds")
    .option("--out <dir>", "where the report, chart and JSON go", "arena/results")
    .option("--no-write", "print the report only")
    .option("--ticks <n>", "simulated days", whole("--ticks"))
    .option("--topics <n>", "topics (six pairs each)", whole("--topics"))
    .option("--experts <n>", "experts", whole("--experts"))
    .option("--crowd <n>", "crowd members", whole("--crowd"))
    .option("--trolls <n>", "trolls", whole("--trolls"))
    .option("--sybils <n>", "sybil claims a day (each from a fresh key)", whole("--sybils"))
    .option("--ring <n>", "members of the colluding ring", whole("--ring"))
    .action(async (options: ArenaOptions) => {
      const names =
        options.scenario === "all" ? SCENARIO_NAMES : options.scenario.split(",").map((s) => s.trim());
      const sizes: ScenarioSizes = Object.fromEntries(
        SIZE_OPTIONS.flatMap((size) => (options[size] === undefined ? [] : [[size, options[size]]])),
      );
      // Every name is checked before the first run starts, not after an hour of runs.
      const scenarios = names.map((name) =>
        scenarioNamed(name, {
          quick: options.quick === true,
          sizes,
          ...(options.seed !== undefined ? { seed: options.seed } : {}),
        }),
      );
      const results: ArenaResult[] = [];
      for (const scenario of scenarios) {
        const result = await runArena(scenario, {
          quick: options.quick === true,
          onDay: (tick, ticks) => {
            process.stderr.write(`\r${scenario.name}: day ${tick + 1}/${ticks}`);
          },
        });
        process.stderr.write(` (${result.seconds.toFixed(1)} s)\n`);
        results.push(result);
      }
      if (options.write) {
        const { markdown, files } = writeArenaReport(results, options.out);
        process.stdout.write(`${markdown}\n`);
        process.stderr.write(`Saved ${files.join(", ")}\n`);
      } else {
        const when = `${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC`;
        process.stdout.write(`${arenaMarkdown(results, when)}\n`);
      }
    });
}
