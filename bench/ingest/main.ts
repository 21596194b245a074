/**
 * `npx tsx bench/ingest/main.ts [--records N] [--quick]` (or `npm run bench:ingest -- …`):
 * measures the durable write path, prints the report as markdown, and saves it in
 * `bench/results/`. Progress goes to stderr, so stdout is the report alone.
 */
import { benchMain } from "../bench-cli.ts";
import { runIngestBench } from "./run.ts";

const USAGE = `Usage: npx tsx bench/ingest/main.ts [--records N] [--quick] [--no-write]

  --records N  assertions for the 256- and 1024-writer rows (default 200000); the others scale from it
  --quick      about 5000 assertions per row: a smoke test that finishes in well under 30 s
  --no-write   print the report only, do not save it in bench/results/`;

await benchMain(USAGE, runIngestBench);
