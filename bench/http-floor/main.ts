/**
 * `npm run bench:http-floor [-- --quick]`: Node's HTTP floor next to the StemeDB server (see
 * `run.ts`), printed as markdown. Progress goes to stderr.
 */
import { parseArgs } from "node:util";
import { runHttpFloor } from "./run.ts";

const { values } = parseArgs({ options: { quick: { type: "boolean", default: false } } });
const began = Date.now();
process.stdout.write(
  await runHttpFloor({
    quick: values.quick,
    progress: (line) => process.stderr.write(`[${((Date.now() - began) / 1000).toFixed(1)} s] ${line}...\n`),
  }),
);
