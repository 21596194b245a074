/**
 * What the cold-start and recovery rows time: opening a system on its data directory until it
 * has answered a first lens query, for the embedded systems in the calling process and for the
 * servers by starting their processes.
 */
import { join } from "node:path";
import type { Pair } from "./claim-generator.ts";
import { HttpPeer } from "./http-peer.ts";
import type { Peer } from "./peer.ts";
import { PostgresPeer } from "./postgres-peer.ts";
import { startPostgres, type PostgresServer } from "./postgres-server.ts";
import { processTree } from "./process-tree.ts";
import type { SystemId } from "./rows.ts";
import { RssMeter } from "./rss-meter.ts";
import { SqlitePeer } from "./sqlite-peer.ts";
import { StemeDbPeer } from "./stemedb-peer.ts";
import { startStemeDbServer, type StemeDbServer } from "./stemedb-server.ts";

/** A system opened and asked once. */
export interface FirstAnswer {
  /** From the start of the open (for a server, of its process) to the answer. */
  readonly ms: number;
  /** Peak memory of the system's processes by then. */
  readonly peakRssBytes: number;
  /** The open peer, to close. */
  readonly peer: Peer;
  /** The server started, if the system is one. */
  readonly server?: PostgresServer | StemeDbServer;
}

/**
 * Opens `system` on `dataDir` and asks the recency of `pair` as of `nowMs`; throws when there is
 * no answer, since the pair has claims.
 *
 * @example
 * ```ts
 * const first = await firstAnswer("http", dir, pair, nowMs);
 * await first.peer.close();
 * await first.server?.shutDown();
 * ```
 */
export async function firstAnswer(
  system: SystemId,
  dataDir: string,
  pair: Pair,
  nowMs: number,
): Promise<FirstAnswer> {
  const began = performance.now();
  const { peer, server, pids } = await open(system, dataDir);
  const answer = await peer.recency(pair.conceptPath, pair.predicate, nowMs);
  const ms = performance.now() - began;
  const peakRssBytes = new RssMeter(pids).peakBytes();
  if (answer === undefined) {
    await peer.close();
    await server?.shutDown();
    throw new Error(
      `No recency answer for ${pair.conceptPath} ${pair.predicate} after the open: claims are missing`,
    );
  }
  return { ms, peakRssBytes, peer, ...(server !== undefined ? { server } : {}) };
}

async function open(
  system: SystemId,
  dataDir: string,
): Promise<{ peer: Peer; server?: PostgresServer | StemeDbServer; pids: () => number[] }> {
  const self = (): number[] => [process.pid];
  switch (system) {
    case "stemedb":
      return {
        peer: await StemeDbPeer.open({ walDir: join(dataDir, "wal"), dbDir: join(dataDir, "db") }),
        pids: self,
      };
    case "sqlite":
      return { peer: SqlitePeer.open(join(dataDir, "claims.sqlite")), pids: self };
    case "postgres": {
      const server = await startPostgres({ root: dataDir });
      return {
        peer: await PostgresPeer.open(server, { connections: 1 }),
        server,
        pids: () => processTree(server.pid),
      };
    }
    case "http": {
      const server = await startStemeDbServer(dataDir);
      return { peer: new HttpPeer({ url: server.url, dataDir }), server, pids: () => [server.pid] };
    }
  }
}
