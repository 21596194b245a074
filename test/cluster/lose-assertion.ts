import { hashKey } from "../../src/store/index-keys.ts";
import { openKeyspaces } from "../../src/store/keyspaces.ts";

/**
 * Deletes one assertion's row from a stopped node's store, as a damaged disk or a bad restore
 * would: its timeline entry and its hash, with the count; its other index entries stay.
 */
export async function loseAssertion(dbDir: string, hash: string): Promise<void> {
  const ks = openKeyspaces({ dir: dbDir });
  try {
    const key = hashKey(hash);
    const located = ks.hashes.get(key);
    if (located === undefined) throw new Error(`The store in ${dbDir} has no assertion ${hash}`);
    // The timeline key is the hash index's value (pair id and time) followed by the whole hash.
    const timelineKey = Buffer.concat([located, Buffer.from(hash, "hex")]);
    await ks.env.transaction(() => {
      void ks.hashes.remove(key);
      void ks.timeline.remove(timelineKey);
      void ks.meta.put("assertionCount", (ks.meta.get("assertionCount") ?? 1) - 1);
    });
  } finally {
    await ks.env.close();
  }
}
