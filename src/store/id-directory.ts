import type { Database } from "lmdb";
import { GenerationalCache } from "./generational-cache.ts";
import type { Write } from "./write-batch.ts";

/** Names kept in memory, each way, by a directory: about 40 MB at most for pair names. */
export const CACHED_NAMES = 1 << 18;

/**
 * Interns names (a concept path and predicate pair, an agent id) as dense u32 ids, so that
 * per-assertion index keys stay small whatever the name's length. Recently used names are cached
 * in memory both ways, keyed by the JavaScript string so a cache hit allocates nothing; the caches
 * are bounded (`CACHED_NAMES`), so a store of tens of millions of pairs does not keep them all,
 * and a miss reads LMDB. New ids are handed out while a batch is planned and kept apart from the
 * caches until it commits; if its transaction fails, `forgetUncommitted` drops them so the retry
 * hands them out again and ids stay dense and deterministic.
 */
export class IdDirectory {
  readonly #forward: Database<Buffer, Buffer>;
  readonly #reverse: Database<Buffer, Buffer> | undefined;
  readonly #ids: GenerationalCache<string, number>;
  readonly #names: GenerationalCache<number, string>;
  /** Ids handed out by the batch being planned, by name and by id, until it commits or fails. */
  #uncommitted = new Map<string, number>();
  #uncommittedNames = new Map<number, string>();
  #nextId: number;

  constructor(
    forward: Database<Buffer, Buffer>,
    reverse: Database<Buffer, Buffer> | undefined,
    nextId: number,
    cachedNames = CACHED_NAMES,
  ) {
    this.#forward = forward;
    this.#reverse = reverse;
    this.#nextId = nextId;
    this.#ids = new GenerationalCache({ maxWeight: cachedNames, weigh: one });
    this.#names = new GenerationalCache({ maxWeight: cachedNames, weigh: one });
  }

  /** The id the next new name gets; kept in the store's meta with every batch. */
  get nextId(): number {
    return this.#nextId;
  }

  find(name: string): number | undefined {
    const cached = this.#ids.get(name) ?? this.#uncommitted.get(name);
    if (cached !== undefined) return cached;
    const raw = this.#forward.getBinaryFast(Buffer.from(name));
    if (raw === undefined) return undefined;
    const id = raw.readUInt32BE(0);
    this.#ids.set(name, id);
    return id;
  }

  /** Whether `id` was handed out by a committed batch (not by the batch being planned, which may fail). */
  isCommitted(id: number): boolean {
    return id < this.#nextId && !this.#uncommittedNames.has(id);
  }

  /** The name of an id (only for directories with a reverse keyspace). */
  nameOf(id: number): string | undefined {
    const cached = this.#names.get(id) ?? this.#uncommittedNames.get(id);
    if (cached !== undefined) return cached;
    const raw = this.#reverse?.getBinaryFast(idKey(id));
    if (raw === undefined) return undefined;
    const name = raw.toString("utf8");
    this.#names.set(id, name);
    return name;
  }

  /** Finds or creates the id; a new one comes with the rows that record it. */
  intern(name: string, writes: Write[]): number {
    const found = this.find(name);
    if (found !== undefined) return found;
    const id = this.#nextId++;
    this.#uncommitted.set(name, id);
    this.#uncommittedNames.set(id, name);
    const bytes = Buffer.from(name);
    writes.push([this.#forward, bytes, idKey(id)]);
    if (this.#reverse !== undefined) writes.push([this.#reverse, idKey(id), bytes]);
    return id;
  }

  /** The batch committed: its new names are ordinary cached names now. */
  commit(): void {
    for (const [name, id] of this.#uncommitted) {
      this.#ids.set(name, id);
      this.#names.set(id, name);
    }
    this.#uncommitted = new Map();
    this.#uncommittedNames = new Map();
  }

  forgetUncommitted(): void {
    // The first id handed out in the batch is the smallest: the next batch starts from it again.
    const first = this.#uncommittedNames.keys().next();
    if (first.done !== true) this.#nextId = first.value;
    this.#uncommitted = new Map();
    this.#uncommittedNames = new Map();
  }
}

const one = (): number => 1;

export function idKey(id: number): Buffer {
  const key = Buffer.allocUnsafe(4);
  key.writeUInt32BE(id, 0);
  return key;
}
