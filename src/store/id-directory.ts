import type { Database } from "lmdb";

/**
 * Interns binary names (a pair key, an agent id) as dense u32 ids so that per-assertion index
 * keys stay small whatever the name's length. Cached in memory in both directions. New ids are
 * handed out while a batch is planned; if that batch's transaction fails, `forgetUncommitted`
 * drops them so the retry hands them out again and ids stay dense and deterministic.
 */
export class IdDirectory {
  readonly #forward: Database<Buffer, Buffer>;
  readonly #reverse: Database<Buffer, Buffer> | undefined;
  readonly #ids = new Map<string, number>();
  readonly #names = new Map<number, Buffer>();
  #uncommitted: { name: string; id: number }[] = [];
  #nextId: number;

  constructor(
    forward: Database<Buffer, Buffer>,
    reverse: Database<Buffer, Buffer> | undefined,
    nextId: number,
  ) {
    this.#forward = forward;
    this.#reverse = reverse;
    this.#nextId = nextId;
  }

  /** The id the next new name gets; kept in the store's meta with every batch. */
  get nextId(): number {
    return this.#nextId;
  }

  find(name: Buffer): number | undefined {
    const cacheKey = name.toString("latin1");
    const cached = this.#ids.get(cacheKey);
    if (cached !== undefined) return cached;
    const raw = this.#forward.getBinaryFast(name);
    if (raw === undefined) return undefined;
    const id = raw.readUInt32BE(0);
    this.#ids.set(cacheKey, id);
    return id;
  }

  /** The name of an id (only for directories with a reverse keyspace). */
  nameOf(id: number): Buffer | undefined {
    const cached = this.#names.get(id);
    if (cached !== undefined) return cached;
    const raw = this.#reverse?.getBinary(idKey(id));
    if (raw === undefined) return undefined;
    this.#names.set(id, raw);
    return raw;
  }

  /** Finds or creates the id; `created` tells the caller to write the directory rows. */
  intern(name: Buffer): { id: number; created: boolean } {
    const found = this.find(name);
    if (found !== undefined) return { id: found, created: false };
    const id = this.#nextId++;
    const cacheKey = name.toString("latin1");
    this.#ids.set(cacheKey, id);
    this.#names.set(id, name);
    this.#uncommitted.push({ name: cacheKey, id });
    return { id, created: true };
  }

  /** The rows that record a new id: forward always, reverse where kept. */
  rows(name: Buffer, id: number): [Database<Buffer, Buffer>, Buffer, Buffer][] {
    const rows: [Database<Buffer, Buffer>, Buffer, Buffer][] = [[this.#forward, name, idKey(id)]];
    if (this.#reverse !== undefined) rows.push([this.#reverse, idKey(id), name]);
    return rows;
  }

  commit(): void {
    this.#uncommitted = [];
  }

  forgetUncommitted(): void {
    for (const { name, id } of this.#uncommitted) {
      this.#ids.delete(name);
      this.#names.delete(id);
    }
    const first = this.#uncommitted[0];
    if (first !== undefined) this.#nextId = first.id;
    this.#uncommitted = [];
  }
}

export function idKey(id: number): Buffer {
  const key = Buffer.allocUnsafe(4);
  key.writeUInt32BE(id, 0);
  return key;
}
