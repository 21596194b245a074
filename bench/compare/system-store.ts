/**
 * One system's store on a data directory of the run, open for the timed rows: the peers its
 * clients use, how to measure its memory and disk, and (for the SQL systems) the DBA's steps.
 * The embedded systems run in the process that measures them; the servers are processes of
 * their own, started here.
 */
import { join } from "node:path";
import { allocatedBytes } from "./disk-usage.ts";
import type { ExplainTarget, LensPlans } from "./explain.ts";
import { HttpPeer } from "./http-peer.ts";
import type { Peer } from "./peer.ts";
import { openPostgresStore } from "./postgres-store.ts";
import type { SystemId } from "./rows.ts";
import { RssMeter } from "./rss-meter.ts";
import { SqlitePeer } from "./sqlite-peer.ts";
import { startStemeDbServer } from "./stemedb-server.ts";

/** Open for the timed rows. */
export interface SystemStore {
  /** The peer each of `count` concurrent clients uses (one shared peer in process). */
  clients(count: number): Promise<readonly Peer[]>;
  readonly meter: RssMeter;
  bytesOnDisk(): Promise<number>;
  /** The SQL systems' statistics refresh and plans, which a DBA runs after a bulk load. */
  readonly sql?: {
    analyze(): Promise<void>;
    explain(target: ExplainTarget): Promise<LensPlans>;
  };
  /** Closes cleanly and keeps the data, for the cold-start and recovery rows. */
  close(): Promise<void>;
}

export interface StoreOptions {
  /** Bytes the measuring process itself holds now (its claims), taken off the in-process peaks. */
  readonly harnessBytes: () => number;
  /** Told the PID of each server started, so that it can be killed if this process dies. */
  readonly onServer: (pid: number) => void;
}

/**
 * Opens `system` on `dir` (created empty by the caller, or holding an earlier run's data).
 *
 * @example
 * ```ts
 * const store = await openSystemStore("postgres", dir, { harnessBytes: () => 0, onServer: () => {} });
 * ```
 */
export async function openSystemStore(
  system: SystemId,
  dir: string,
  options: StoreOptions,
): Promise<SystemStore> {
  switch (system) {
    case "stemedb": {
      // Loaded here only: the workers of the other systems start without StemeDB's store.
      const { StemeDbPeer } = await import("./stemedb-peer.ts");
      const peer = await StemeDbPeer.open({ walDir: join(dir, "wal"), dbDir: join(dir, "db") });
      return inProcess(peer, dir, options);
    }
    case "sqlite": {
      const peer = SqlitePeer.open(join(dir, "claims.sqlite"));
      return { ...inProcess(peer, dir, options), sql: peer };
    }
    case "postgres":
      return openPostgresStore(dir, options);
    case "http": {
      const server = await startStemeDbServer(dir);
      options.onServer(server.pid);
      const peers: HttpPeer[] = [];
      const peerOf = (client: number): HttpPeer => {
        peers[client] ??= new HttpPeer({ url: server.url, dataDir: dir, client });
        return peers[client];
      };
      return {
        clients: async (count) => Array.from({ length: count }, (_, client) => peerOf(client)),
        meter: new RssMeter(() => [server.pid]),
        bytesOnDisk: async () => allocatedBytes(dir),
        close: async () => {
          for (const peer of peers) await peer.close();
          await server.shutDown();
        },
      };
    }
  }
}

function inProcess(peer: Peer, dir: string, options: StoreOptions): SystemStore {
  return {
    clients: async (count) => Array.from({ length: count }, () => peer),
    meter: new RssMeter(() => [process.pid], options.harnessBytes),
    // The whole directory: database, WAL and shared-memory index files.
    bytesOnDisk: async () => allocatedBytes(dir),
    close: () => peer.close(),
  };
}
