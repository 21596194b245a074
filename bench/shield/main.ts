/**
 * `npm run bench:shield -- [--records N] [--quick] [--write | --no-write]`: measures what the
 * Shield costs on the write and query paths, prints the report as markdown, and saves it in
 * `bench/results/` (as the other benchmarks do; `--write` asks for it explicitly, `--no-write`
 * skips it). Progress goes to stderr, so stdout is the report alone.
 */
import { benchMain } from "../bench-cli.ts";
import { runShieldBench } from "./run.ts";

const USAGE = `Usage: npm run bench:shield -- [--records N] [--quick] [--write | --no-write]

  --records N  claims in the store the queries read (default 200000)
  --quick      one round of 1.5 s windows and a 20000-claim store: a smoke test, under 40 s
  --write      save the report in bench/results/shield-<UTC time>.md (the default)
  --no-write   print the report only, do not save it`;

// The shared command line saves unless told --no-write; --write is accepted as the explicit form.
const explicitWrite = process.argv.indexOf("--write", 2);
if (explicitWrite !== -1) process.argv.splice(explicitWrite, 1);

await benchMain(USAGE, runShieldBench);
