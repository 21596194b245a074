import { GenerationalCache } from "./generational-cache.ts";
import { CACHED_NAMES, IdDirectory } from "./id-directory.ts";
import { pairName, prefixRange, splitPairName, type KeyRange } from "./index-keys.ts";
import type { Keyspaces } from "./keyspaces.ts";

/**
 * The most predicates of one concept path found by name without their joined name: a path with
 * more is rare, and copying its map for each new one would grow with their number.
 */
const PREDICATES_BY_NAME = 64;

/** A (concept path, predicate) pair and the dense id its claims are keyed by. */
export interface Pair {
  readonly id: number;
  readonly conceptPath: string;
  readonly predicate: string;
}

/**
 * The store's pairs, by id and by name: the directory that interns a pair's name as its id
 * (`IdDirectory`), the pairs named recently (a bounded cache, `CACHED_NAMES`), and the scans of the
 * pair directory a query's selector makes: one concept path, a subtree, one predicate.
 *
 * @example
 * ```ts
 * const pairs = new PairCatalog(ks);
 * pairs.find("drug/aspirin", "max_dose_mg"); // { id: 7, conceptPath: "drug/aspirin", predicate: "max_dose_mg" }
 * [...pairs.under("drug")]; // every pair of drug and below, in name order
 * ```
 */
export class PairCatalog {
  /** Interns names while a batch is planned; its ids are committed with the batch. */
  readonly directory: IdDirectory;
  readonly #ks: Keyspaces;
  readonly #byId = new GenerationalCache<number, Pair>({ maxWeight: CACHED_NAMES, weigh: () => 1 });
  /**
   * Pairs found by name, by concept path and then predicate, weighed by their count: a lookup
   * hashes the two strings the caller has (a hash V8 keeps with each string) instead of building
   * their joined name, whose copy and hash took 0.2 µs, 5 % of a hot query. Each path's map is
   * replaced, not changed, when a predicate joins it, so its weight stays what the cache counted.
   */
  readonly #byName = new GenerationalCache<string, ReadonlyMap<string, Pair>>({
    maxWeight: CACHED_NAMES,
    weigh: (predicates) => predicates.size,
  });

  constructor(ks: Keyspaces) {
    this.#ks = ks;
    this.directory = new IdDirectory(ks.pairs, ks.pairIds, ks.meta.get("nextPairId") ?? 1);
  }

  /** The pair of an id, or undefined for an id never handed out. */
  pair(id: number): Pair | undefined {
    const cached = this.#byId.get(id);
    if (cached !== undefined) return cached;
    const name = this.directory.nameOf(id);
    if (name === undefined) return undefined;
    // A pair of the batch being planned is not kept: if the batch fails, its id may name another.
    if (!this.directory.isCommitted(id)) return pairOf(id, name);
    return this.#remember(id, name);
  }

  find(conceptPath: string, predicate: string): Pair | undefined {
    const named = this.#byName.get(conceptPath);
    const known = named?.get(predicate);
    if (known !== undefined) return known;
    const id = this.directory.find(pairName(conceptPath, predicate));
    if (id === undefined) return undefined;
    const seen = this.#byId.get(id);
    // A pair met once (a cold pair, asked once) is not worth the copy of its path's map; one met
    // again is. `#byId` holds pairs of committed batches only.
    if (seen === undefined) return this.pair(id);
    if ((named?.size ?? 0) < PREDICATES_BY_NAME) {
      this.#byName.set(conceptPath, new Map(named).set(predicate, seen));
    }
    return seen;
  }

  /** Pairs of one concept path, every predicate, in predicate order. */
  *ofPath(conceptPath: string): Generator<Pair> {
    yield* this.#scan(prefixRange(Buffer.from(conceptPath + "\u0000")));
  }

  /**
   * Pairs of a concept path and its whole subtree (`drug/aspirin` covers `drug/aspirin` and
   * `drug/aspirin/safety`, not `drug/aspirin2`); every pair for the empty prefix.
   */
  *under(prefix: string): Generator<Pair> {
    if (prefix === "") {
      yield* this.#scan({});
      return;
    }
    yield* this.ofPath(prefix);
    yield* this.#scan(prefixRange(Buffer.from(`${prefix}/`)));
  }

  /** Pairs with one predicate, in concept path order. */
  *ofPredicate(predicate: string): Generator<Pair> {
    for (const { value } of this.#ks.predicates.getRange(prefixRange(Buffer.from(predicate + "\u0000")))) {
      const pair = this.pair(value.readUInt32BE(0));
      if (pair !== undefined) yield pair;
    }
  }

  *#scan(range: Partial<KeyRange>): Generator<Pair> {
    // The key is the pair's name: no second lookup of it by id.
    for (const { key, value } of this.#ks.pairs.getRange(range)) {
      const id = value.readUInt32BE(0);
      yield this.#byId.get(id) ?? this.#remember(id, key.toString("utf8"));
    }
  }

  #remember(id: number, name: string): Pair {
    const pair = pairOf(id, name);
    this.#byId.set(id, pair);
    return pair;
  }
}

function pairOf(id: number, name: string): Pair {
  const [conceptPath, predicate] = splitPairName(name);
  return { id, conceptPath, predicate };
}
