import { parseArgs } from "node:util";

/** What every benchmark takes from its command line. */
export interface BenchOptions {
  readonly quick: boolean;
  readonly records?: number;
  readonly write: boolean;
  readonly progress?: (line: string) => void;
}

function parse(argv: readonly string[]): Omit<BenchOptions, "progress"> | undefined {
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

/**
 * The command line shared by the benchmarks: `[--records N] [--quick] [--no-write] [-h]`. Progress
 * goes to stderr with elapsed seconds, so stdout is the markdown report alone.
 */
export async function benchMain(
  usage: string,
  run: (options: BenchOptions) => Promise<string>,
): Promise<void> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${usage}\n`);
    process.exit(2);
  }
  if (options === undefined) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const began = Date.now();
  const markdown = await run({
    ...options,
    progress: (line) => process.stderr.write(`[${((Date.now() - began) / 1000).toFixed(1)} s] ${line}\n`),
  });
  process.stdout.write(markdown);
}
