/**
 * `npm run bench [-- --records N] [--quick] [--no-write]` (or `stemedb bench …` from a source
 * checkout): runs the same workloads on StemeDB in process, StemeDB over HTTP, PostgreSQL and
 * SQLite, prints the report as markdown and saves it with its chart in `bench/results/`. Progress
 * goes to stderr, so stdout is the report alone.
 */
import { benchMain } from "../bench-cli.ts";
import { runComparison } from "./run.ts";

const USAGE = `Usage: npm run bench -- [--records N] [--quick] [--no-write]
       stemedb bench [--records N] [--quick] [--no-write]   (from a source checkout)

Compares StemeDB (in process and over HTTP) with PostgreSQL 15 and SQLite on the same workloads.

  --records N  claims in the bulk load (default 1000000; the full run takes 20 to 30 minutes)
  --quick      5000 claims and short windows: checks the harness in well under a minute
  --no-write   print the report only, do not save it and its chart in bench/results/`;

await benchMain(USAGE, async (options) => (await runComparison(options)).markdown);
