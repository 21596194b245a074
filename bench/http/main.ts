/**
 * `npx tsx bench/http/main.ts [--records N] [--quick] [--no-write]`: measures the HTTP API end to
 * end, prints the report as markdown, and saves it in `bench/results/`. Progress goes to stderr,
 * so stdout is the report alone.
 */
import { benchMain } from "../bench-cli.ts";
import { runHttpBench } from "./run.ts";

const USAGE = `Usage: npx tsx bench/http/main.ts [--records N] [--quick] [--no-write]

  --records N  assertions in the store the queries read (default 1000000)
  --quick      1.5 s windows and a 20000-assertion store: a smoke test that finishes in under 40 s
  --no-write   print the report only, do not save it in bench/results/`;

await benchMain(USAGE, runHttpBench);
