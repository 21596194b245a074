/**
 * `npx tsx bench/ingest/main.ts [--records N] [--quick]` (or `npm run bench:ingest -- …`):
 * measures the durable write path, prints the report as markdown, and saves it in
 * `bench/results/`. Progress goes to stderr, so stdout is the report alone.
 */
import { parseArgs } from "node:util";
import { runIngestBench } from "./run.ts";

const USAGE = `Usage: npx tsx bench/ingest/main.ts [--records N] [--quick] [--no-write]

  --records N  assertions for the 256- and 1024-writer rows (default 200000); the others scale from it
  --quick      about 5000 assertions per row: a smoke test that finishes in well under 30 s
  --no-write   print the report only, do not save it in bench/results/`;

function parse(argv: readonly string[]): { quick: boolean; records?: number; write: boolean } | undefined {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      records: { type: "string" },
      quick: { type: "boolean", default: false },
      "no-write": { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) return undefined;
  const quick = values.quick;
  const write = !values["no-write"];
  if (values.records === undefined) return { quick, write };
  const records = Number(values.records.replaceAll("_", ""));
  if (!Number.isSafeInteger(records) || records < 1) {
    throw new RangeError(`--records must be a positive integer, got "${values.records}"`);
  }
  return { quick, records, write };
}

let options: ReturnType<typeof parse>;
try {
  options = parse(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
  process.exit(2);
}
if (options === undefined) {
  process.stdout.write(`${USAGE}\n`);
} else {
  const began = Date.now();
  const markdown = await runIngestBench({
    ...options,
    progress: (line) => process.stderr.write(`[${((Date.now() - began) / 1000).toFixed(1)} s] ${line}\n`),
  });
  process.stdout.write(markdown);
}
