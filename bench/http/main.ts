/**
 * `npx tsx bench/http/main.ts [--records N] [--quick] [--no-write]`: measures the HTTP API end to
 * end, prints the report as markdown, and saves it in `bench/results/`. Progress goes to stderr,
 * so stdout is the report alone.
 */
import { parseArgs } from "node:util";
import { runHttpBench } from "./run.ts";

const USAGE = `Usage: npx tsx bench/http/main.ts [--records N] [--quick] [--no-write]

  --records N  assertions in the store the queries read (default 1000000)
  --quick      1.5 s windows and a 20000-assertion store: a smoke test that finishes in under 40 s
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
  const markdown = await runHttpBench({
    ...options,
    progress: (line) => process.stderr.write(`[${((Date.now() - began) / 1000).toFixed(1)} s] ${line}\n`),
  });
  process.stdout.write(markdown);
}
