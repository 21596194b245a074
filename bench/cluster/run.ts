import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../test/support/free-port.ts";
import { startNatsCluster, streamState } from "../../test/support/nats-cluster.ts";
import { startStemeCluster, StemeNode } from "../../test/support/steme-cluster.ts";
import type { BenchOptions } from "../bench-cli.ts";
import { machineLine } from "../ingest/machine.ts";
import { writeResults } from "../http/write-results.ts";
import { closedLoop, type LoadRequest, type LoopResult } from "./closed-loop.ts";
import { measureFailover, type FailoverResult } from "./failover.ts";
import { formatClusterReport, type ClusterRow } from "./report.ts";

/** Settings both setups share: no rate limits or quotas in the way of one client machine. */
const LOAD_ENV = {
  STEMEDB_RATE_LIMIT_ENABLED: "false",
  STEMEDB_QUOTA_ENABLED: "false",
};
const BATCH = 100;
const QUERY_PAIRS = 200;
const CLAIMS_PER_QUERY_PAIR = 20;

export interface ClusterBenchResults {
  readonly machine: string;
  readonly quick: boolean;
  readonly windowSeconds: number;
  readonly rows: readonly ClusterRow[];
  readonly failover: FailoverResult;
}

/**
 * Measures three StemeDB nodes on three nats-servers against one node with its local WAL, in one
 * run on this machine: single and batched writes at the quorum, queries on one node and spread
 * over three, and the write outage when the stream's leader is killed.
 */
export async function runClusterBench(options: BenchOptions): Promise<string> {
  const startedAt = new Date();
  const progress = options.progress ?? (() => undefined);
  const windowMs = options.quick ? 1_500 : 10_000;
  const warmupMs = options.quick ? 500 : 2_000;
  const concurrency = 64;
  const loop = (next: (i: number) => LoadRequest, clients = concurrency): Promise<LoopResult> =>
    closedLoop({ concurrency: clients, warmupMs, durationMs: windowMs, next });
  const rows: ClusterRow[] = [];

  const root = mkdtempSync(join(tmpdir(), "stemedb-bench-cluster-"));
  try {
    progress("single node: starting");
    mkdirSync(join(root, "single"));
    const single = new StemeNode("single", await freePort(), join(root, "single"), LOAD_ENV);
    await single.start();
    try {
      rows.push(...(await measureSetup("1 node (WAL)", [single], loop, progress)));
    } finally {
      await single.stop();
    }

    progress("cluster: starting 3 nats-servers and 3 nodes");
    const nats = await startNatsCluster(3);
    let failover: FailoverResult;
    try {
      const cluster = await startStemeCluster(nats, { env: LOAD_ENV });
      try {
        rows.push(...(await measureSetup("3 nodes (JetStream, R3)", cluster.nodes, loop, progress)));
        progress("cluster: killing the stream's leader under load");
        failover = await measureFailover(cluster.nodes, (await streamState(nats)).leader, {
          beforeMs: options.quick ? 1_000 : 3_000,
          afterMs: options.quick ? 8_000 : 15_000,
        });
      } finally {
        await cluster.stop();
      }
    } finally {
      await nats.stop();
    }
    const markdown = formatClusterReport({
      machine: machineLine(startedAt),
      quick: options.quick,
      windowSeconds: windowMs / 1000,
      rows,
      failover,
    });
    if (options.write) progress(`report written to ${writeResults("cluster", markdown, startedAt)}`);
    return markdown;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** The four loads on one setup; requests go round-robin over its nodes. */
async function measureSetup(
  setup: string,
  nodes: readonly StemeNode[],
  loop: (next: (i: number) => LoadRequest, clients?: number) => Promise<LoopResult>,
  progress: (line: string) => void,
): Promise<ClusterRow[]> {
  const at = (i: number): string => nodes[i % nodes.length]?.url ?? "";
  const run = `${setup.replace(/\W+/g, "-")}-${Date.now()}`;
  const rows: ClusterRow[] = [];
  progress(`${setup}: single writes`);
  rows.push({
    setup,
    load: "single writes, 64 clients",
    result: await loop((i) => ({
      url: `${at(i)}/v1/assert`,
      method: "POST",
      body: JSON.stringify(claim(run, i)),
      items: 1,
    })),
  });
  progress(`${setup}: batches of ${BATCH}`);
  rows.push({
    setup,
    load: `batches of ${BATCH}, 16 clients`,
    result: await loop(
      (i) => ({
        url: `${at(i)}/v1/assert/batch`,
        method: "POST",
        body: JSON.stringify({
          assertions: Array.from({ length: BATCH }, (_, j) => claim(`${run}-batch`, i * BATCH + j)),
        }),
        items: BATCH,
      }),
      16,
    ),
  });
  progress(`${setup}: queries`);
  // The same data on both setups: the write rows stored as much as each could in their windows.
  const minSeq = await seedQueryPairs(at(0), run);
  rows.push({
    setup,
    load: `recency queries over ${QUERY_PAIRS} pairs of ${CLAIMS_PER_QUERY_PAIR} claims, 64 clients`,
    result: await loop((i) => ({
      url: `${at(i)}/v1/query`,
      method: "POST",
      body: JSON.stringify({
        min_seq: minSeq,
        concept_path: `bench/${run}/query-${i % QUERY_PAIRS}`,
        predicate: "value",
        limit: 1,
      }),
      items: 1,
    })),
  });
  return rows;
}

/**
 * Writes `CLAIMS_PER_QUERY_PAIR` claims on each of `QUERY_PAIRS` pairs through one node, and
 * returns the highest log sequence (queries wait for it on every node).
 */
async function seedQueryPairs(url: string, run: string): Promise<number> {
  let highest = 0;
  const total = QUERY_PAIRS * CLAIMS_PER_QUERY_PAIR;
  for (let start = 0; start < total; start += BATCH) {
    const assertions = Array.from({ length: BATCH }, (_, j) => ({
      concept_path: `bench/${run}/query-${(start + j) % QUERY_PAIRS}`,
      predicate: "value",
      value: start + j,
      confidence: 0.8,
      authority_tier: "expert",
      timestamp: new Date(Date.UTC(2026, 2, 1) + start + j).toISOString(),
    }));
    const response = await fetch(`${url}/v1/assert/batch`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ assertions }),
    });
    const body = (await response.json()) as { results?: { seq?: number }[] };
    if (!response.ok)
      throw new Error(`Seeding the query pairs failed: ${response.status} ${JSON.stringify(body)}`);
    for (const result of body.results ?? []) highest = Math.max(highest, result.seq ?? 0);
  }
  return highest;
}

/** A distinct claim: `i` picks the pair (one of `QUERY_PAIRS`) and the time. */
function claim(run: string, i: number): object {
  return {
    concept_path: `bench/${run.replace(/-batch$/, "")}/pair-${i % QUERY_PAIRS}`,
    predicate: "value",
    value: i,
    confidence: 0.8,
    authority_tier: "expert",
    timestamp: new Date(Date.UTC(2026, 0, 1) + i).toISOString(),
  };
}
