/**
 * The rows one system runs on its open store, in order: writes, then lens queries, then the mixed
 * load. Each row resets the peak memory of the system's processes first and reads it and the
 * bytes on disk after.
 */
import { mulberry32 } from "../ingest/prng.ts";
import type { Pair } from "./claim-generator.ts";
import type { Workload } from "./compare-workload.ts";
import type { BenchClaim, Peer } from "./peer.ts";
import type { Figures, RowId, RunPlan } from "./rows.ts";
import { runClients, type ClientLoop, type Operation } from "./run-clients.ts";
import type { SystemStore } from "./system-store.ts";

export interface RowContext {
  readonly store: SystemStore;
  readonly plan: RunPlan;
  readonly workload: Workload;
  /** Clients of a query row: 1 for a system called synchronously in process, more for a server. */
  readonly queryClients: number;
}

type Lens = "recency" | "consensus" | "authority";

/**
 * Runs `loop` against `store` and returns the row's figures.
 *
 * @example
 * ```ts
 * const figures = await measureRow(store, { clients: 1, next: () => undefined });
 * ```
 */
export async function measureRow(store: SystemStore, loop: ClientLoop): Promise<Figures> {
  store.meter.reset();
  const timed = await runClients(loop);
  return { ...timed, peakRssBytes: store.meter.peakBytes(), diskBytes: await store.bytesOnDisk() };
}

/** Ingest of `batches` by `clients` at once, each taking the next batch as it finishes one. */
export async function ingestLoop(
  store: SystemStore,
  batches: readonly (readonly BenchClaim[])[],
  clients: number,
): Promise<ClientLoop> {
  const peers = await store.clients(clients);
  let next = 0;
  return {
    clients,
    next: (client) => {
      const batch = batches[next++];
      if (batch === undefined) return undefined;
      return async () => {
        await peerOf(peers, client).ingest(batch);
        return batch.length;
      };
    },
  };
}

/** The rows after the bulk load, each measured and handed to `onRow` as it ends. */
export async function runQueryAndWriteRows(
  ctx: RowContext,
  onRow: (row: RowId, figures: Figures) => void,
  progress: (line: string) => void,
): Promise<void> {
  const { store, plan, workload } = ctx;
  // The loop is made first (connections opened, for PostgreSQL), then measured.
  const row = async (id: RowId, loop: Promise<ClientLoop>): Promise<void> => {
    progress(id);
    onRow(id, await measureRow(store, await loop));
  };
  await row(
    "single-1",
    ingestLoop(
      store,
      workload.singlesOneClient.map((c) => [c]),
      1,
    ),
  );
  await row(
    "single-many",
    ingestLoop(
      store,
      workload.singlesManyClients.map((c) => [c]),
      plan.singleClients,
    ),
  );
  const { hot, cold } = workload.targets;
  // Each cold row has its own slice: no pair is asked twice in a run, by any row.
  const slice = Math.floor(cold.length / 4);
  const coldSlice = (i: number): readonly Pair[] => cold.slice(i * slice, (i + 1) * slice);
  const lenses: readonly Lens[] = ["recency", "consensus", "authority"];
  for (const [i, lens] of lenses.entries()) {
    await row(
      `${lens}-hot`,
      pairLoop(ctx, hot, true, (peer, pair) => lensQuery(peer, lens, pair, ctx)),
    );
    await row(
      `${lens}-cold`,
      pairLoop(ctx, coldSlice(i), false, (peer, pair) => lensQuery(peer, lens, pair, ctx)),
    );
  }
  await row(
    "skeptic-cold",
    pairLoop(ctx, coldSlice(3), false, async (peer, pair) => {
      const shares = await peer.skeptic(pair.conceptPath, pair.predicate, workload.shape.nowMs);
      return answered(shares.length > 0, "skeptic", pair);
    }),
  );
  await row("prefix-recency", prefixLoop(ctx));
  await row("mixed", mixedLoop(ctx));
}

/** Queries over `pairs`: hot ones over and over after a warm-up, cold ones each once until they run out. */
async function pairLoop(
  ctx: RowContext,
  pairs: readonly Pair[],
  hot: boolean,
  query: (peer: Peer, pair: Pair) => Promise<number>,
): Promise<ClientLoop> {
  const peers = await ctx.store.clients(ctx.queryClients);
  let next = 0;
  return {
    clients: ctx.queryClients,
    durationMs: ctx.plan.queryMs,
    ...(hot ? { warmupMs: ctx.plan.warmupMs } : {}),
    next: (client) => {
      const pair = hot ? pairs[next++ % pairs.length] : pairs[next++];
      return pair === undefined ? undefined : () => query(peerOf(peers, client), pair);
    },
  };
}

async function prefixLoop(ctx: RowContext): Promise<ClientLoop> {
  const peers = await ctx.store.clients(ctx.queryClients);
  const { prefixes } = ctx.workload.targets;
  let next = 0;
  return {
    clients: ctx.queryClients,
    durationMs: ctx.plan.queryMs,
    next: (client) => {
      const prefix = prefixes[next++ % prefixes.length] ?? "";
      return async () => {
        const pairs = await peerOf(peers, client).prefixRecency(prefix, ctx.workload.shape.nowMs);
        if (pairs === 0) throw new Error(`The subtree "${prefix}" answered no pair: its claims are missing`);
        return 1;
      };
    },
  };
}

/** 9 in 10 operations a lens query on a random pair, 1 in 10 a durable single write. */
async function mixedLoop(ctx: RowContext): Promise<ClientLoop> {
  const { mixedClients } = ctx.plan;
  const peers = await ctx.store.clients(mixedClients);
  const pairs = [...ctx.workload.targets.hot, ...ctx.workload.targets.cold];
  const writes = ctx.workload.mixedWrites;
  const prng = mulberry32(0x90_10);
  const lenses: readonly Lens[] = ["recency", "consensus", "authority"];
  let written = 0;
  return {
    clients: mixedClients,
    durationMs: ctx.plan.mixedMs,
    next: (client): Operation | undefined => {
      const peer = peerOf(peers, client);
      if (prng.next() < 0.1) {
        const claim = writes[written++];
        // Out of new claims: the row ends rather than repeat one (a repeat stores nothing).
        if (claim === undefined) return undefined;
        return async () => {
          await peer.ingest([claim]);
          return 1;
        };
      }
      const pair = prng.pick(pairs);
      const lens = prng.pick(lenses);
      return () => lensQuery(peer, lens, pair, ctx);
    },
  };
}

async function lensQuery(peer: Peer, lens: Lens, pair: Pair, ctx: RowContext): Promise<number> {
  const answer = await peer[lens](pair.conceptPath, pair.predicate, ctx.workload.shape.nowMs);
  return answered(answer !== undefined, lens, pair);
}

/** 1 when the system answered; a pair with claims always has an answer, so none is an error. */
function answered(ok: boolean, lens: string, pair: Pair): number {
  if (!ok) throw new Error(`No ${lens} answer for ${pair.conceptPath} ${pair.predicate}, which has claims`);
  return 1;
}

function peerOf(peers: readonly Peer[], client: number): Peer {
  const peer = peers[client];
  if (peer === undefined) throw new RangeError(`Cannot run client ${client}: only ${peers.length} exist`);
  return peer;
}
