import { mkdirSync } from "node:fs";
import type { Database } from "lmdb";
import type { Assertion } from "../model/index.ts";
import { decodeBody, decodeLogAssertion, encodeBody } from "./assertion-codec.ts";
import { fsyncStoreFile, markStore } from "./boot-state.ts";
import { IdDirectory, idKey } from "./id-directory.ts";
import {
  pairKey,
  prefixRange,
  sourceKey,
  sourcePrefix,
  splitPairKey,
  timelineHash,
  timelineKey,
  timelineRange,
} from "./index-keys.ts";
import { openKeyspaces, type Keyspaces } from "./keyspaces.ts";
import { mergeSignatures } from "./merge-signatures.ts";
import { RecordType } from "./record-type.ts";

/** A record of the log, as ingest hands it to the store. */
export interface LogEntry {
  readonly seq: number;
  readonly type: number;
  readonly payload: Uint8Array;
}

/** What applying one record did. */
export type ApplyOutcome = "created" | "exists" | "cosigned";

/** A (concept path, predicate) pair and the id its assertions are clustered under. */
export interface Pair {
  readonly id: number;
  readonly conceptPath: string;
  readonly predicate: string;
}

export interface TimeRange {
  /** Inclusive lower bound, Unix ms. */
  readonly fromMs?: number;
  /** Exclusive upper bound, Unix ms. */
  readonly toMs?: number;
  /** Newest first. */
  readonly reverse?: boolean;
}

const EMPTY = Buffer.alloc(0);

type Write = readonly [Database<Buffer, Buffer>, Buffer, Buffer];

interface Plan {
  readonly writes: Write[];
  readonly outcomes: ApplyOutcome[];
  readonly created: number;
}

/**
 * The Lattice: assertions and their indexes in an LMDB environment. Everything here is derived
 * from the WAL; the store also records the last WAL sequence it applied, in the same transaction
 * as the data, so replay after a crash resumes exactly where the store stopped.
 */
export class LmdbStore {
  readonly dir: string;
  readonly #ks: Keyspaces;
  readonly #pairs: IdDirectory;
  readonly #agents: IdDirectory;
  readonly #pairCache = new Map<number, Pair>();
  #appliedSeq: number;
  #assertionCount: number;
  #closed = false;

  private constructor(dir: string, ks: Keyspaces) {
    this.dir = dir;
    this.#ks = ks;
    this.#pairs = new IdDirectory(ks.pairs, ks.pairIds, ks.meta.get("nextPairId") ?? 1);
    this.#agents = new IdDirectory(ks.agents, undefined, ks.meta.get("nextAgentNum") ?? 1);
    this.#appliedSeq = ks.meta.get("appliedSeq") ?? 0;
    this.#assertionCount = ks.meta.get("assertionCount") ?? 0;
  }

  static open(options: { dir: string; durableCommits?: boolean }): LmdbStore {
    mkdirSync(options.dir, { recursive: true });
    const store = new LmdbStore(options.dir, openKeyspaces(options));
    markStore(options.dir, true);
    return store;
  }

  /** Sequence number of the last WAL record applied. */
  get appliedSeq(): number {
    return this.#appliedSeq;
  }

  get assertionCount(): number {
    return this.#assertionCount;
  }

  /**
   * Applies log records in one transaction, together with the new applied position. Resolves when
   * the transaction is committed and visible to reads. The LMDB work runs on lmdb-js's writer
   * thread, so the event loop keeps serving meanwhile.
   */
  async apply(entries: readonly LogEntry[]): Promise<ApplyOutcome[]> {
    const plan = this.#plan(entries);
    const lastSeq = entries.at(-1)?.seq ?? this.#appliedSeq;
    try {
      await this.#ks.env.batch(() => {
        for (const [db, key, value] of plan.writes) void db.put(key, value);
        for (const [name, value] of this.#metaAfter(lastSeq, plan.created))
          void this.#ks.meta.put(name, value);
      });
    } catch (error) {
      this.#pairs.forgetUncommitted();
      this.#agents.forgetUncommitted();
      throw error;
    }
    this.#committed(lastSeq, plan.created);
    return plan.outcomes;
  }

  /** The same as `apply`, synchronously: for replay at start, when nothing else runs. */
  applySync(entries: readonly LogEntry[]): ApplyOutcome[] {
    const plan = this.#plan(entries);
    const lastSeq = entries.at(-1)?.seq ?? this.#appliedSeq;
    try {
      this.#ks.env.transactionSync(() => {
        for (const [db, key, value] of plan.writes) db.putSync(key, value);
        for (const [name, value] of this.#metaAfter(lastSeq, plan.created))
          this.#ks.meta.putSync(name, value);
      });
    } catch (error) {
      this.#pairs.forgetUncommitted();
      this.#agents.forgetUncommitted();
      throw error;
    }
    this.#committed(lastSeq, plan.created);
    return plan.outcomes;
  }

  /** Counts one more start of a server on this store and returns the count (1 on the first). */
  recordStart(): number {
    const starts = (this.#ks.meta.get("starts") ?? 0) + 1;
    this.#ks.meta.putSync("starts", starts);
    return starts;
  }

  has(hash: string): boolean {
    return this.#ks.hashes.doesExist(Buffer.from(hash, "hex"));
  }

  get(hash: string): Assertion | undefined {
    return this.#read(hash)?.assertion;
  }

  /** The pair of an id, or undefined for an id never handed out. */
  pair(id: number): Pair | undefined {
    const cached = this.#pairCache.get(id);
    if (cached !== undefined) return cached;
    const name = this.#pairs.nameOf(id);
    if (name === undefined) return undefined;
    const [conceptPath, predicate] = splitPairKey(name);
    const pair = { id, conceptPath, predicate };
    this.#pairCache.set(id, pair);
    return pair;
  }

  findPair(conceptPath: string, predicate: string): Pair | undefined {
    const id = this.#pairs.find(pairKey(conceptPath, predicate));
    return id === undefined ? undefined : this.pair(id);
  }

  /** Pairs of one concept path, every predicate, in predicate order. */
  *pairsOfPath(conceptPath: string): Generator<Pair> {
    const prefix = Buffer.concat([Buffer.from(conceptPath), Buffer.from([0])]);
    yield* this.#pairsIn(...prefixRange(prefix));
  }

  /**
   * Pairs of a concept path and its whole subtree (`drug/aspirin` covers `drug/aspirin` and
   * `drug/aspirin/safety`, not `drug/aspirin2`); every pair for the empty prefix.
   */
  *pairsUnder(prefix: string): Generator<Pair> {
    if (prefix === "") {
      yield* this.#pairsIn(undefined, undefined);
      return;
    }
    yield* this.pairsOfPath(prefix);
    yield* this.#pairsIn(...prefixRange(Buffer.from(`${prefix}/`)));
  }

  /** Pairs with one predicate, in concept path order. */
  *pairsOfPredicate(predicate: string): Generator<Pair> {
    const prefix = Buffer.concat([Buffer.from(predicate), Buffer.from([0])]);
    for (const { value } of this.#ks.predicates.getRange({ start: prefix, end: prefixRange(prefix)[1] })) {
      const pair = this.pair(value.readUInt32BE(0));
      if (pair !== undefined) yield pair;
    }
  }

  /** One pair's assertions in time order (ties by hash). */
  *scanPair(pair: Pair, range: TimeRange = {}): Generator<Assertion> {
    const [from, to] = timelineRange(pair.id, range.fromMs, range.toMs);
    const options =
      range.reverse === true ? { start: to, end: from, reverse: true } : { start: from, end: to };
    for (const { key, value } of this.#ks.timeline.getRange(options)) {
      yield decodeBody(
        {
          hash: timelineHash(key),
          conceptPath: pair.conceptPath,
          predicate: pair.predicate,
          timestampMs: Number(key.readBigUInt64BE(4)),
        },
        value,
      );
    }
  }

  /** Assertions attributed to one agent, in time order. */
  *scanAgent(agentId: string, range: TimeRange = {}): Generator<Assertion> {
    const agentNum = this.#agents.find(Buffer.from(agentId));
    if (agentNum === undefined) return;
    const [from, to] = timelineRange(agentNum, range.fromMs, range.toMs);
    const options =
      range.reverse === true ? { start: to, end: from, reverse: true } : { start: from, end: to };
    for (const key of this.#ks.byAgent.getKeys(options)) {
      const found = this.get(timelineHash(key));
      if (found !== undefined) yield found;
    }
  }

  /** Assertions citing a source, by its content hash or its URI. */
  *scanSource(source: { readonly hash: string } | { readonly uri: string }): Generator<Assertion> {
    const prefix = sourcePrefix(source);
    for (const key of this.#ks.bySource.getKeys({ start: prefix, end: prefixRange(prefix)[1] })) {
      const found = this.get(key.subarray(key.length - 32).toString("hex"));
      if (found !== undefined) yield found;
    }
  }

  /** Assertions that name `hash` as their parent (corrections, refinements, lifecycle moves). */
  *children(hash: string): Generator<Assertion> {
    const prefix = Buffer.from(hash, "hex");
    for (const key of this.#ks.byParent.getKeys({ start: prefix, end: prefixRange(prefix)[1] })) {
      const child = this.get(key.subarray(32).toString("hex"));
      if (child !== undefined) yield child;
    }
  }

  /** How many assertions one pair holds. */
  countPair(pair: Pair): number {
    const [start, end] = timelineRange(pair.id);
    return this.#ks.timeline.getCount({ start, end });
  }

  /** How many assertions are attributed to an agent. */
  countAgent(agentId: string): number {
    const agentNum = this.#agents.find(Buffer.from(agentId));
    if (agentNum === undefined) return 0;
    const [start, end] = timelineRange(agentNum);
    return this.#ks.byAgent.getCount({ start, end });
  }

  /** Every stored hash, in hash order: for verification against the log. */
  *hashes(): Generator<string> {
    for (const key of this.#ks.hashes.getKeys()) yield key.toString("hex");
  }

  /** Flushes the data file and marks the store closed cleanly. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#ks.env.close();
    fsyncStoreFile(this.dir);
    markStore(this.dir, false);
  }

  *#pairsIn(start: Buffer | undefined, end: Buffer | undefined): Generator<Pair> {
    const range = { ...(start ? { start } : {}), ...(end ? { end } : {}) };
    for (const { value } of this.#ks.pairs.getRange(range)) {
      const pair = this.pair(value.readUInt32BE(0));
      if (pair !== undefined) yield pair;
    }
  }

  #plan(entries: readonly LogEntry[]): Plan {
    const writes: Write[] = [];
    const outcomes: ApplyOutcome[] = [];
    const batch = new Map<string, { assertion: Assertion; pairId: number }>();
    let created = 0;
    for (const entry of entries) {
      if (entry.type !== RecordType.assertion) {
        throw new TypeError(
          `WAL record ${entry.seq} has type ${entry.type}, which this version cannot apply`,
        );
      }
      const a = decodeLogAssertion(entry.payload);
      const earlier = batch.get(a.hash) ?? this.#read(a.hash);
      if (earlier !== undefined) {
        const merged = mergeSignatures(earlier.assertion, a);
        if (merged === earlier.assertion) {
          outcomes.push("exists");
          continue;
        }
        writes.push([
          this.#ks.timeline,
          timelineKey(earlier.pairId, merged.timestampMs, a.hash),
          encodeBody(merged),
        ]);
        batch.set(a.hash, { assertion: merged, pairId: earlier.pairId });
        outcomes.push("cosigned");
        continue;
      }
      const pairName = pairKey(a.conceptPath, a.predicate);
      const pair = this.#pairs.intern(pairName);
      if (pair.created) {
        writes.push(...this.#pairs.rows(pairName, pair.id));
        writes.push([this.#ks.predicates, pairKey(a.predicate, a.conceptPath), idKey(pair.id)]);
      }
      const location = Buffer.allocUnsafe(12);
      location.writeUInt32BE(pair.id, 0);
      location.writeBigUInt64BE(BigInt(a.timestampMs), 4);
      writes.push([this.#ks.timeline, timelineKey(pair.id, a.timestampMs, a.hash), encodeBody(a)]);
      writes.push([this.#ks.hashes, Buffer.from(a.hash, "hex"), location]);

      const agentName = Buffer.from(a.agentId);
      const agent = this.#agents.intern(agentName);
      if (agent.created) writes.push(...this.#agents.rows(agentName, agent.id));
      writes.push([this.#ks.byAgent, timelineKey(agent.id, a.timestampMs, a.hash), idKey(pair.id)]);
      if (a.source?.hash !== undefined) {
        writes.push([this.#ks.bySource, sourceKey(sourcePrefix({ hash: a.source.hash }), a.hash), location]);
      }
      if (a.source?.uri !== undefined) {
        writes.push([this.#ks.bySource, sourceKey(sourcePrefix({ uri: a.source.uri }), a.hash), location]);
      }
      if (a.parent !== undefined) {
        writes.push([this.#ks.byParent, Buffer.from(a.parent + a.hash, "hex"), EMPTY]);
      }
      batch.set(a.hash, { assertion: a, pairId: pair.id });
      outcomes.push("created");
      created += 1;
    }
    return { writes, outcomes, created };
  }

  #read(hash: string): { assertion: Assertion; pairId: number } | undefined {
    const location = this.#ks.hashes.getBinaryFast(Buffer.from(hash, "hex"));
    if (location === undefined) return undefined;
    const pairId = location.readUInt32BE(0);
    const timestampMs = Number(location.readBigUInt64BE(4));
    // The pair first: getBinaryFast returns a buffer that the next read overwrites.
    const pair = this.pair(pairId);
    if (pair === undefined) return undefined;
    const body = this.#ks.timeline.getBinaryFast(timelineKey(pairId, timestampMs, hash));
    if (body === undefined) return undefined;
    const identity = { hash, conceptPath: pair.conceptPath, predicate: pair.predicate, timestampMs };
    return { assertion: decodeBody(identity, body), pairId };
  }

  /** The counters a batch commits together with its data. */
  #metaAfter(lastSeq: number, created: number): [string, number][] {
    return [
      ["appliedSeq", lastSeq],
      ["assertionCount", this.#assertionCount + created],
      ["nextPairId", this.#pairs.nextId],
      ["nextAgentNum", this.#agents.nextId],
    ];
  }

  #committed(lastSeq: number, created: number): void {
    this.#pairs.commit();
    this.#agents.commit();
    this.#appliedSeq = lastSeq;
    this.#assertionCount += created;
  }
}
