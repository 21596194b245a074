/**
 * `npx tsx bench/cluster/main.ts [--quick] [--no-write]`: three StemeDB nodes on three
 * nats-servers against one node, in one run on this machine; prints the report as markdown and
 * saves it in `bench/results/`.
 */
import { benchMain } from "../bench-cli.ts";
import { runClusterBench } from "./run.ts";

const USAGE = `Usage: npx tsx bench/cluster/main.ts [--quick] [--no-write]

  --quick      1.5 s windows and a shorter failover: a smoke test
  --no-write   print the report only, do not save it in bench/results/`;

await benchMain(USAGE, runClusterBench);
