import type { Database, RootDatabase } from "lmdb";
import { decodeAuditRecord, encodeAuditRecord } from "./audit-codec.ts";
import { commitFailure } from "./commit-failure.ts";
import { RandomPool } from "./random-pool.ts";

/** What one query answered, and with which weights: the audit trail of an answer. */
export interface QueryAuditRecord {
  readonly queryId: string;
  readonly atMs: number;
  /** Who asked: the caller's agent id or "anonymous". */
  readonly agentId: string;
  readonly lens: string;
  /** The query's parameters as validated. */
  readonly parameters: Record<string, unknown>;
  readonly pairs: readonly {
    readonly conceptPath: string;
    readonly predicate: string;
    readonly winner: string | null;
    readonly conflictScore: number;
    readonly candidatesCount: number;
    /** The strongest candidates and the weight the lens gave each, at most `MAX_WEIGHTS`. */
    readonly weights: readonly (readonly [hash: string, weight: number])[];
  }[];
}

/** Candidates kept per pair in an audit record: enough to explain the answer, bounded in size. */
export const MAX_WEIGHTS = 50;
const TWO_32 = 4_294_967_296;
const randomPool = new RandomPool();

/** A query id's bytes: the time of the query (8 bytes, big-endian ms), then 24 random bytes. */
const ID_BYTES = 32;

function timeKey(atMs: number, id: Buffer): Buffer {
  const key = Buffer.allocUnsafe(8 + id.length);
  key.writeUInt32BE(Math.floor(atMs / TWO_32), 0);
  key.writeUInt32BE(atMs >>> 0, 4);
  id.copy(key, 8);
  return key;
}

/**
 * The query audit trail, in its own LMDB keyspaces. Audit records are operational data, not
 * claims: they are written without waiting (lmdb-js batches them off the event loop), are not in
 * the WAL, and are pruned after a retention period.
 *
 * A query id starts with the query's time, so a record is found from its id alone in the
 * time-ordered keyspace, and every key a query writes comes after the previous query's: appends
 * at the right edge of each B-tree. (An index by a random id cost a random LMDB insert per query,
 * some 15 µs of the writer thread, and competed with ingest.) `audit-by-id` is only read, for
 * records written before ids carried their time.
 */
export class QueryAudit {
  readonly #env: RootDatabase;
  /** The store's directory, to name it when a write fails. */
  readonly #dir: string;
  readonly #byTime: Database<Buffer, Buffer>;
  readonly #byId: Database<Buffer, Buffer>;
  readonly #byAgent: Database<Buffer, Buffer>;
  /** Records of this turn of the event loop, written together by `flush`. */
  #pending: QueryAuditRecord[] = [];
  /**
   * Records queued or being written, by query id: reads find them here until their batch has
   * committed, so a client that asks for a query's audit right after the answer gets it.
   */
  readonly #unwritten = new Map<string, QueryAuditRecord>();

  constructor(env: RootDatabase, dir: string) {
    const binary = (name: string): Database<Buffer, Buffer> =>
      env.openDB<Buffer, Buffer>({ name, keyEncoding: "binary", encoding: "binary" });
    this.#env = env;
    this.#dir = dir;
    this.#byTime = binary("audit-by-time");
    this.#byId = binary("audit-by-id");
    this.#byAgent = binary("audit-by-agent");
  }

  /** A new id for a query asked at `atMs`: its time and 24 random bytes, as 64 hex characters. */
  static newQueryId(atMs: number): string {
    return timeKey(atMs, randomPool.take(ID_BYTES - 8)).toString("hex");
  }

  /**
   * Records a query whose `queryId` was made by `newQueryId(entry.atMs)`. The records of one turn
   * of the event loop are written together, in one LMDB batch: starting a write transaction costs
   * some 20 µs, more than the rest of a cached query.
   */
  record(entry: QueryAuditRecord): void {
    this.#unwritten.set(entry.queryId, entry);
    this.#pending.push(entry);
    if (this.#pending.length === 1) {
      setImmediate(() => {
        void this.flush();
      });
    }
  }

  /**
   * Queues this turn's records for writing now (the store calls it before closing). Resolves once
   * they are committed, or dropped: a batch that cannot be written (disk full) is not retried, as
   * the answers were already given and a read must not fail for its audit trail.
   */
  async flush(): Promise<void> {
    const entries = this.#pending;
    if (entries.length === 0) return;
    this.#pending = [];
    try {
      await this.#env.batch(() => {
        for (const entry of entries) {
          const id = Buffer.from(entry.queryId, "hex");
          const key = timeKey(entry.atMs, id);
          void this.#byTime.put(key, encodeAuditRecord(entry));
          void this.#byAgent.put(Buffer.concat([Buffer.from(entry.agentId), Buffer.from([0]), key]), id);
        }
      });
    } catch (error) {
      await commitFailure(error, this.#dir);
    } finally {
      for (const entry of entries) this.#unwritten.delete(entry.queryId);
    }
  }

  get(queryId: string): QueryAuditRecord | undefined {
    const unwritten = this.#unwritten.get(queryId);
    if (unwritten !== undefined) return unwritten;
    const id = Buffer.from(queryId, "hex");
    if (id.length !== ID_BYTES) return undefined;
    const timed = timeKey(Number(id.readBigUInt64BE(0)), id);
    const key = this.#byTime.doesExist(timed) ? timed : this.#byId.getBinary(id);
    const raw = key === undefined ? undefined : this.#byTime.getBinary(key);
    return key === undefined || raw === undefined ? undefined : decodeAuditRecord(key, raw);
  }

  /** Newest first, from `fromMs` up to (not including) `toMs`, optionally for one agent. */
  list(options: { agentId?: string; fromMs?: number; toMs?: number; limit: number }): QueryAuditRecord[] {
    const from = options.fromMs ?? 0;
    const to = options.toMs ?? Number.MAX_SAFE_INTEGER;
    const unwritten = [...this.#unwritten.values()].filter(
      (r) =>
        (options.agentId === undefined || r.agentId === options.agentId) && r.atMs >= from && r.atMs < to,
    );
    const written = this.#listWritten(options.agentId, from, to, options.limit, (id) =>
      this.#unwritten.has(id),
    );
    if (unwritten.length === 0) return written;
    return [...unwritten, ...written].sort(newestFirst).slice(0, options.limit);
  }

  /** Up to `limit` committed records, newest first, leaving out those `skip` says. */
  #listWritten(
    agentId: string | undefined,
    from: number,
    to: number,
    limit: number,
    skip: (queryId: string) => boolean,
  ): QueryAuditRecord[] {
    const found: QueryAuditRecord[] = [];
    if (agentId !== undefined) {
      const prefix = Buffer.concat([Buffer.from(agentId), Buffer.from([0])]);
      const range = {
        start: Buffer.concat([prefix, timeKey(to, Buffer.alloc(0))]),
        end: Buffer.concat([prefix, timeKey(from, Buffer.alloc(0))]),
        reverse: true,
      };
      for (const { value } of this.#byAgent.getRange(range)) {
        const queryId = value.toString("hex");
        const record = skip(queryId) ? undefined : this.get(queryId);
        if (record !== undefined) found.push(record);
        if (found.length >= limit) break;
      }
      return found;
    }
    for (const { key, value } of this.#byTime.getRange({
      start: timeKey(to, Buffer.alloc(0)),
      end: timeKey(from, Buffer.alloc(0)),
      reverse: true,
    })) {
      const record = decodeAuditRecord(key, value);
      if (!skip(record.queryId)) found.push(record);
      if (found.length >= limit) break;
    }
    return found;
  }

  /** Deletes records older than `beforeMs`; returns how many. */
  async prune(beforeMs: number): Promise<number> {
    // Queued first, so that the records of queries already answered are pruned in order with them.
    void this.flush();
    let removed = 0;
    try {
      await this.#env.batch(() => {
        for (const { key, value } of this.#byTime.getRange({ end: timeKey(beforeMs, Buffer.alloc(0)) })) {
          const entry = decodeAuditRecord(key, value);
          const id = key.subarray(8);
          void this.#byTime.remove(key);
          void this.#byId.remove(id);
          void this.#byAgent.remove(Buffer.concat([Buffer.from(entry.agentId), Buffer.from([0]), key]));
          removed += 1;
        }
      });
    } catch (error) {
      throw await commitFailure(error, this.#dir);
    }
    return removed;
  }
}

/** By time, newest first, then by id as the keys are ordered. */
function newestFirst(a: QueryAuditRecord, b: QueryAuditRecord): number {
  if (a.atMs !== b.atMs) return b.atMs - a.atMs;
  return a.queryId < b.queryId ? 1 : a.queryId > b.queryId ? -1 : 0;
}
