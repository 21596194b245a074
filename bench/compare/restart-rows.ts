/**
 * The cold-start and recovery rows, run from the benchmark's own process on the data directory a
 * system's session left cleanly closed. Every open happens in a process of its own: an embedded
 * system in a fresh worker, a server as a fresh server process. The last cold-started system then
 * takes batched writes, and the process writing is killed with SIGKILL mid-write (the embedded
 * system's own process, the StemeDB server, every PostgreSQL process) before the recovery open.
 */
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { ClaimShape, Pair } from "./claim-generator.ts";
import { allocatedBytes } from "./disk-usage.ts";
import { writeUntilKilled } from "./endless-writes.ts";
import { firstAnswer, type FirstAnswer } from "./first-answer.ts";
import { HttpPeer } from "./http-peer.ts";
import type { OpenJob } from "./open-worker.ts";
import type { Peer } from "./peer.ts";
import { PostgresPeer } from "./postgres-peer.ts";
import type { PostgresServer } from "./postgres-server.ts";
import type { Figures, RunPlan, SystemId } from "./rows.ts";
import { percentile } from "./run-clients.ts";
import type { StemeDbServer } from "./stemedb-server.ts";
import { startWorker } from "./worker-process.ts";

export interface RestartTarget {
  readonly system: SystemId;
  readonly dataDir: string;
  /** The pair of the first query. */
  readonly pair: Pair;
  readonly shape: ClaimShape;
  readonly plan: RunPlan;
}

export interface RestartRows {
  readonly coldStart: Figures;
  readonly recovery: Figures;
}

interface Opened {
  readonly ms: number;
  readonly peakRssBytes: number;
}

const OPEN_WORKER = new URL("./open-worker.ts", import.meta.url);

/**
 * Times `plan.coldStarts` opens after a clean close, then one after a crash mid-write (the writes
 * of `plan.ingestClients` clients for `plan.recoveryWriteMs`).
 *
 * @example
 * ```ts
 * const { coldStart, recovery } = await restartRows({ system: "postgres", dataDir, pair, shape, plan });
 * ```
 */
export async function restartRows(target: RestartTarget): Promise<RestartRows> {
  return target.system === "postgres" || target.system === "http"
    ? serverRestarts(target)
    : embeddedRestarts(target);
}

async function embeddedRestarts(target: RestartTarget): Promise<RestartRows> {
  const opens: Opened[] = [];
  for (let i = 1; i < target.plan.coldStarts; i++) opens.push(await openInWorker(target, false));
  // The last cold-started process goes on to write, and is killed while it does.
  opens.push(await openInWorker(target, true));
  return {
    coldStart: figures(target, opens),
    recovery: figures(target, [await openInWorker(target, false)]),
  };
}

/** Opens in a fresh worker; with `thenCrash`, lets it write and kills it mid-write. */
async function openInWorker(target: RestartTarget, thenCrash: boolean): Promise<Opened> {
  const job: OpenJob = {
    system: target.system,
    dataDir: target.dataDir,
    pair: target.pair,
    shape: target.shape,
    ...(thenCrash ? { writeClients: target.plan.ingestClients } : {}),
  };
  let opened: Opened | undefined;
  let started: () => void = () => undefined;
  const writing = new Promise<void>((resolve) => {
    started = resolve;
  });
  const worker = startWorker(OPEN_WORKER, job, (event) => {
    if (event.kind === "opened") opened = event;
    if (event.kind === "writing") started();
  });
  try {
    if (thenCrash) {
      await Promise.race([writing, worker.done]);
      await sleep(target.plan.recoveryWriteMs);
      worker.kill();
    }
    await worker.done;
  } catch (error) {
    worker.kill();
    throw error;
  }
  if (opened === undefined) throw new Error(`The open of ${target.system} reported no time`);
  return opened;
}

async function serverRestarts(target: RestartTarget): Promise<RestartRows> {
  const opens: FirstAnswer[] = [];
  for (let i = 0; i < target.plan.coldStarts; i++) {
    const previous = opens.at(-1);
    await previous?.peer.close();
    await previous?.server?.shutDown();
    opens.push(await firstAnswer(target.system, target.dataDir, target.pair, target.shape.nowMs));
  }
  const last = opens.at(-1);
  const server = last?.server;
  if (last === undefined || server === undefined)
    throw new RangeError("Cannot crash a server that never started");
  await last.peer.close();
  await crashWhileWriting(target, server);
  const recovered = await firstAnswer(target.system, target.dataDir, target.pair, target.shape.nowMs);
  await recovered.peer.close();
  await recovered.server?.shutDown();
  return { coldStart: figures(target, opens), recovery: figures(target, [recovered]) };
}

/** Writes to `server` from this process, then kills every process of the server mid-write. */
async function crashWhileWriting(
  target: RestartTarget,
  server: PostgresServer | StemeDbServer,
): Promise<void> {
  const clients = target.plan.ingestClients;
  const postgres = "port" in server ? await PostgresPeer.open(server, { connections: clients }) : undefined;
  const peers: Peer[] = Array.from(
    { length: clients },
    (_, client) =>
      postgres ?? new HttpPeer({ url: (server as StemeDbServer).url, dataDir: server.dataDir, client }),
  );
  let started: () => void = () => undefined;
  const writing = new Promise<void>((resolve) => {
    started = resolve;
  });
  const writes = writeUntilKilled(peers, target.shape, started);
  try {
    await Promise.race([writing, writes]);
    await sleep(target.plan.recoveryWriteMs);
  } finally {
    await server.crash();
  }
  await writes;
  for (const peer of new Set(peers)) await peer.close();
}

function figures(target: RestartTarget, opens: readonly Opened[]): Figures {
  const sorted = Float64Array.from(opens.map((o) => o.ms)).sort();
  const p50Ms = percentile(sorted, 50);
  // PostgreSQL's data directory is inside its cluster directory, beside its log and socket.
  const dataDir = target.system === "postgres" ? join(target.dataDir, "data") : target.dataDir;
  return {
    perSecond: 1000 / p50Ms,
    operations: opens.length,
    p50Ms,
    p99Ms: percentile(sorted, 99),
    peakRssBytes: Math.max(...opens.map((o) => o.peakRssBytes)),
    diskBytes: allocatedBytes(dataDir),
  };
}
