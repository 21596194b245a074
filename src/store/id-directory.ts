import type { Database } from "lmdb";
import type { Write } from "./write-batch.ts";

/**
 * Interns names (a concept path and predicate pair, an agent id) as dense u32 ids, so that
 * per-assertion index keys stay small whatever the name's length. Cached in memory in both
 * directions, keyed by the JavaScript string so a cache hit allocates nothing. New ids are handed
 * out while a batch is planned; if that batch's transaction fails, `forgetUncommitted` drops them
 * so the retry hands them out again and ids stay dense and deterministic.
 */
export class IdDirectory {
  readonly #forward: Database<Buffer, Buffer>;
  readonly #reverse: Database<Buffer, Buffer> | undefined;
  readonly #ids = new Map<string, number>();
  readonly #names = new Map<number, string>();
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

  find(name: string): number | undefined {
    const cached = this.#ids.get(name);
    if (cached !== undefined) return cached;
    const raw = this.#forward.getBinaryFast(Buffer.from(name));
    if (raw === undefined) return undefined;
    const id = raw.readUInt32BE(0);
    this.#ids.set(name, id);
    return id;
  }

  /** The name of an id (only for directories with a reverse keyspace). */
  nameOf(id: number): string | undefined {
    const cached = this.#names.get(id);
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
    this.#ids.set(name, id);
    this.#names.set(id, name);
    this.#uncommitted.push({ name, id });
    const bytes = Buffer.from(name);
    writes.push([this.#forward, bytes, idKey(id)]);
    if (this.#reverse !== undefined) writes.push([this.#reverse, idKey(id), bytes]);
    return id;
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
