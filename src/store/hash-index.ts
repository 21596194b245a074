import { decodeBody } from "./assertion-codec.ts";
import type { Located } from "./assertion-plan.ts";
import { HashFilter, fillFromIndex } from "./hash-filter.ts";
import { hashKey, readU64, timelineKey } from "./index-keys.ts";
import type { Keyspaces } from "./keyspaces.ts";
import type { Pair } from "./pair-catalog.ts";
import type { Write } from "./write-batch.ts";

/**
 * Assertions found by content hash: the hash index gives a hash's pair and time, and the timeline
 * its body there. A filter of the hashes held (`HashFilter`) answers most misses without a read,
 * as every new assertion's existence checks are.
 */
export class HashIndex {
  readonly #ks: Keyspaces;
  readonly #pair: (pairId: number) => Pair | undefined;
  readonly #filter: HashFilter;
  readonly #stopFilling: () => void;

  /** `held`: about how many assertions the store holds, to size the filter. */
  constructor(ks: Keyspaces, held: number, pair: (pairId: number) => Pair | undefined) {
    this.#ks = ks;
    this.#pair = pair;
    this.#filter = new HashFilter(held);
    this.#stopFilling = fillFromIndex(this.#filter, (start, limit) =>
      ks.hashes.getKeys(start === undefined ? { limit } : { start, limit }),
    );
  }

  /** Whether an assertion with this hash is stored: two key lookups, nothing decoded. */
  has(hash: string): boolean {
    if (!this.#filter.mayHold(hash)) return false;
    const location = this.#ks.hashes.getBinaryFast(hashKey(hash));
    if (location === undefined) return false;
    const key = timelineKey(location.readUInt32BE(0), readU64(location, 4), hash);
    return this.#ks.timeline.doesExist(key);
  }

  /** The stored assertion; `collision` when another assertion holds the indexed hash prefix. */
  lookup(hash: string): Located | "absent" | "collision" {
    if (!this.#filter.mayHold(hash)) return "absent";
    const location = this.#ks.hashes.getBinaryFast(hashKey(hash));
    if (location === undefined) return "absent";
    const pairId = location.readUInt32BE(0);
    const timestampMs = readU64(location, 4);
    // The pair first: getBinaryFast returns a buffer that the next read overwrites.
    const pair = this.#pair(pairId);
    if (pair === undefined) return "absent";
    const body = this.#ks.timeline.getBinaryFast(timelineKey(pairId, timestampMs, hash));
    if (body === undefined) return "collision";
    const identity = { hash, conceptPath: pair.conceptPath, predicate: pair.predicate, timestampMs };
    return { assertion: decodeBody(identity, body), pairId };
  }

  /**
   * Takes note of the hashes a planned batch stores, before it commits: the filter must never say
   * "absent" of what a read could find. A batch that then fails leaves only false positives.
   */
  planned(writes: readonly Write[]): void {
    for (const [db, key] of writes) if (db === this.#ks.hashes) this.#filter.addKey(key);
  }

  /** Stops filling the filter (the store is closing). */
  close(): void {
    this.#stopFilling();
  }
}
