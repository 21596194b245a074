/**
 * The workload on disk, so that every process of a run (one per system, and those that are
 * killed) reads the same claims without making them again. Claims are tuples rather than
 * objects, a third smaller; the bulk file has one line per batch.
 */
import { createReadStream, createWriteStream, readFileSync, writeFileSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { BATCH_SIZE } from "./claim-generator.ts";
import type { Workload } from "./compare-workload.ts";
import type { BenchClaim } from "./peer.ts";

/** Where a run's workload is. */
export interface WorkloadFiles {
  /** The bulk claims, one batch per line. */
  readonly bulk: string;
  /** The rest of the workload, one JSON document. */
  readonly workload: string;
}

type ClaimTuple = [string, string, string, string, string, number, number, number];

/**
 * Writes the workload into `dir` and returns the files.
 *
 * @example
 * ```ts
 * const files = await writeWorkload(runDir, bulk, workload);
 * ```
 */
export async function writeWorkload(
  dir: string,
  bulk: readonly BenchClaim[],
  workload: Workload,
): Promise<WorkloadFiles> {
  const files = { bulk: join(dir, "bulk.jsonl"), workload: join(dir, "workload.json") };
  const out = createWriteStream(files.bulk);
  for (let i = 0; i < bulk.length; i += BATCH_SIZE) {
    if (!out.write(`${JSON.stringify(bulk.slice(i, i + BATCH_SIZE).map(toTuple))}\n`))
      await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  writeFileSync(
    files.workload,
    JSON.stringify({
      ...workload,
      singlesOneClient: workload.singlesOneClient.map(toTuple),
      singlesManyClients: workload.singlesManyClients.map(toTuple),
      mixedWrites: workload.mixedWrites.map(toTuple),
    }),
  );
  return files;
}

/** The workload apart from the bulk claims. */
export function readWorkload(files: WorkloadFiles): Workload {
  const raw = JSON.parse(readFileSync(files.workload, "utf8")) as Omit<
    Workload,
    "singlesOneClient" | "singlesManyClients" | "mixedWrites"
  > & {
    singlesOneClient: ClaimTuple[];
    singlesManyClients: ClaimTuple[];
    mixedWrites: ClaimTuple[];
  };
  return {
    ...raw,
    singlesOneClient: raw.singlesOneClient.map(fromTuple),
    singlesManyClients: raw.singlesManyClients.map(fromTuple),
    mixedWrites: raw.mixedWrites.map(fromTuple),
  };
}

/** The bulk claims, in their batches. */
export async function readBulk(files: WorkloadFiles): Promise<BenchClaim[][]> {
  const batches: BenchClaim[][] = [];
  const lines = createInterface({ input: createReadStream(files.bulk), crlfDelay: Infinity });
  for await (const line of lines) batches.push((JSON.parse(line) as ClaimTuple[]).map(fromTuple));
  return batches;
}

function toTuple(c: BenchClaim): ClaimTuple {
  return [c.hash, c.conceptPath, c.predicate, c.valueJson, c.agentId, c.confidence, c.tier, c.timestampMs];
}

function fromTuple([
  hash,
  conceptPath,
  predicate,
  valueJson,
  agentId,
  confidence,
  tier,
  timestampMs,
]: ClaimTuple): BenchClaim {
  return { hash, conceptPath, predicate, valueJson, agentId, confidence, tier, timestampMs };
}
