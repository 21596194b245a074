import { PostgresPeer } from "./postgres-peer.ts";
import { startPostgres } from "./postgres-server.ts";
import { processTree } from "./process-tree.ts";
import { RssMeter } from "./rss-meter.ts";
import type { StoreOptions, SystemStore } from "./system-store.ts";

/**
 * PostgreSQL opened for the timed rows: the cluster in `dir` (made there if new), and a pool of
 * exactly one connection per client of the row running, as that many application threads would
 * hold. A pool is replaced when a row has another number of clients, so that the idle backends
 * of an earlier row (64 of them after the single writes) do not count in a later row's memory.
 *
 * @example
 * ```ts
 * const store = await openPostgresStore(dir, { harnessBytes: () => 0, onServer: () => {} });
 * ```
 */
export async function openPostgresStore(dir: string, options: StoreOptions): Promise<SystemStore> {
  const server = await startPostgres({ root: dir });
  options.onServer(server.pid);
  let pool: { readonly connections: number; readonly peer: PostgresPeer } | undefined;
  const peerWith = async (connections: number): Promise<PostgresPeer> => {
    if (pool?.connections !== connections) {
      await pool?.peer.close();
      pool = undefined;
      const peer = await PostgresPeer.open(server, { connections });
      await peer.connectAll();
      pool = { connections, peer };
    }
    return pool.peer;
  };
  try {
    await peerWith(1);
  } catch (error) {
    await server.shutDown();
    throw error;
  }
  return {
    clients: async (count) => {
      const peer = await peerWith(count);
      return Array.from({ length: count }, () => peer);
    },
    meter: new RssMeter(() => processTree(server.pid)),
    bytesOnDisk: () => server.bytesOnDisk(),
    sql: {
      analyze: async () => (await peerWith(1)).analyze(),
      explain: async (target) => (await peerWith(1)).explain(target),
    },
    close: async () => {
      await pool?.peer.close();
      await server.shutDown();
    },
  };
}
