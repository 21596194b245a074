import { mkdirSync } from "node:fs";
import type { Assertion } from "../model/index.ts";
import type { LogAssertion } from "./assertion-codec.ts";
import type { ApplyOutcome, Located } from "./assertion-plan.ts";
import { fsyncStoreFile, markStore } from "./boot-state.ts";
import { commitFailure } from "./commit-failure.ts";
import { DEFAULT_CACHED_ASSERTIONS, DecodedPairs } from "./decoded-pairs.ts";
import { HashIndex } from "./hash-index.ts";
import { IdDirectory } from "./id-directory.ts";
import {
  HASH_KEY,
  HASH_PREFIX,
  idTime,
  idTimeRange,
  prefixRange,
  readU64,
  sourcePrefix,
  timelineHash,
} from "./index-keys.ts";
import { openKeyspaces, type Keyspaces } from "./keyspaces.ts";
import { PairCatalog, type Pair } from "./pair-catalog.ts";
import { planBatch, type BatchPlan } from "./plan-batch.ts";
import { ShieldState } from "./shield-state.ts";
import { SideRecords } from "./side-records.ts";
import { QueryAudit } from "./query-audit.ts";
import { withIdentity, type TimelineKey } from "./timeline-entries.ts";

export type { ApplyOutcome } from "./assertion-plan.ts";
export type { Pair } from "./pair-catalog.ts";

/** Batches of at most this many records commit on the event loop's thread (`apply`). */
const SYNC_COMMIT_MAX = 8;

/** A record of the log, as ingest hands it to the store. */
export interface LogEntry {
  readonly seq: number;
  readonly type: number;
  readonly payload: Uint8Array;
  /** The appender's decoded form (`LogAssertion` plus the assertion), when it came from this process. */
  readonly carry?: unknown;
}

/** What the write path hands along with an assertion's WAL record, so ingest need not decode it. */
export interface AssertionCarry extends LogAssertion {
  readonly assertion: Assertion;
}

export interface TimeRange {
  /** Inclusive lower bound, Unix ms. */
  readonly fromMs?: number;
  /** Exclusive upper bound, Unix ms. */
  readonly toMs?: number;
  /** Newest first. */
  readonly reverse?: boolean;
}

/**
 * The Lattice: assertions and their indexes in an LMDB environment (`keyspaces.ts`). Everything
 * here is derived from the WAL; the store also records the last WAL sequence it applied, in the
 * same transaction as the data, so replay after a crash resumes exactly where the store stopped.
 */
export class LmdbStore {
  readonly dir: string;
  readonly #ks: Keyspaces;
  readonly #pairs: PairCatalog;
  readonly #agents: IdDirectory;
  /** Decoded assertions of recently read pairs (`pairAssertions`). */
  readonly #decodedPairs: DecodedPairs;
  /** Votes, epochs, sources, retractions and trust; also the query engine's `Evidence`. */
  readonly side: SideRecords;
  /** Writes held in quarantine, API keys and agent policies. */
  readonly shield: ShieldState;
  /** Which assertions, with which weights, produced each answer. */
  readonly audit: QueryAudit;
  readonly #byHash: HashIndex;
  #appliedSeq: number;
  #assertionCount: number;
  #closed = false;

  private constructor(dir: string, ks: Keyspaces, cachedAssertions: number) {
    this.dir = dir;
    this.#decodedPairs = new DecodedPairs(cachedAssertions, (pairId) => {
      const pair = this.pair(pairId);
      return pair === undefined ? [] : this.scanPair(pair);
    });
    this.#ks = ks;
    this.#pairs = new PairCatalog(ks);
    this.#agents = new IdDirectory(ks.agents, undefined, ks.meta.get("nextAgentNum") ?? 1);
    this.#appliedSeq = ks.meta.get("appliedSeq") ?? 0;
    this.#assertionCount = ks.meta.get("assertionCount") ?? 0;
    this.side = new SideRecords(ks);
    this.shield = new ShieldState(ks);
    this.audit = new QueryAudit(ks.env, dir);
    this.#byHash = new HashIndex(ks, this.#assertionCount, (pairId) => this.pair(pairId));
  }

  /**
   * `cachedAssertions` bounds the cache of decoded pairs the query engine reads through
   * (`pairAssertions`), in assertions; about half a kilobyte of memory each.
   */
  static open(options: { dir: string; durableCommits?: boolean; cachedAssertions?: number }): LmdbStore {
    mkdirSync(options.dir, { recursive: true });
    const cachedAssertions = options.cachedAssertions ?? DEFAULT_CACHED_ASSERTIONS;
    const store = new LmdbStore(options.dir, openKeyspaces(options), cachedAssertions);
    markStore(options.dir, true);
    return store;
  }

  /**
   * Writes a consistent snapshot of the store (LMDB's `mdb_env_copy` under one read transaction)
   * as `data.mdb` in `dir`, which must exist, while writes go on. `compact` leaves free pages out.
   */
  async copyTo(dir: string, options: { compact?: boolean } = {}): Promise<void> {
    await this.#ks.env.backup(dir, options.compact ?? false);
  }

  /** Sequence number of the last WAL record applied. */
  get appliedSeq(): number {
    return this.#appliedSeq;
  }

  /**
   * Every content hash the store holds, as its index keys: assertions visible to reads (their
   * first 16 bytes, which the index keeps unique), then votes, epochs, sources and retractions
   * (all 32). For the cluster's convergence digest; iterating in one
   * synchronous run reads one snapshot, as no commit becomes visible in between.
   */
  *contentHashes(): Generator<Buffer> {
    for (const key of this.#ks.hashes.getKeys()) yield key;
    for (const key of this.#ks.records.getKeys()) yield key;
  }

  get assertionCount(): number {
    return this.#assertionCount;
  }

  /**
   * Applies log records in one transaction, together with the new applied position. Resolves when
   * the transaction is committed and visible to reads. A batch of more than `SYNC_COMMIT_MAX`
   * records is written on lmdb-js's writer thread, so the event loop keeps serving meanwhile; a
   * smaller one commits on this thread, which is sooner than the hand-over to the writer thread and
   * back (one durable writer: 2.5-2.9k -> 3.0-3.5k writes/s) and blocks the loop for less time than
   * that hand-over costs. Rejects with `CommitFailure` (nothing of the batch applied) when the
   * transaction cannot commit, e.g. on a full disk.
   */
  async apply(entries: readonly LogEntry[]): Promise<ApplyOutcome[]> {
    const { writes, outcomes, created, afterCommit } = this.#plan(entries);
    const lastSeq = this.#positionAfter(entries);
    const meta = this.#metaAfter(lastSeq, created);
    try {
      if (entries.length <= SYNC_COMMIT_MAX) this.#commitSync(writes, meta);
      else
        await this.#ks.env.batch(() => {
          for (const [db, key, value] of writes) void db.put(key, value);
          for (const [name, value] of meta) void this.#ks.meta.put(name, value);
        });
    } catch (error) {
      this.#abandon();
      throw await commitFailure(error, this.dir);
    }
    this.#committed(lastSeq, created, writes);
    for (const remember of afterCommit) remember();
    return outcomes;
  }

  /** The same as `apply`, synchronously: for replay at start, when nothing else runs. */
  applySync(entries: readonly LogEntry[]): ApplyOutcome[] {
    const { writes, outcomes, created, afterCommit } = this.#plan(entries);
    const lastSeq = this.#positionAfter(entries);
    try {
      this.#commitSync(writes, this.#metaAfter(lastSeq, created));
    } catch (error) {
      this.#abandon();
      throw error;
    }
    this.#committed(lastSeq, created, writes);
    for (const remember of afterCommit) remember();
    return outcomes;
  }

  #commitSync(writes: BatchPlan["writes"], meta: readonly [string, number][]): void {
    this.#ks.env.transactionSync(() => {
      for (const [db, key, value] of writes) db.putSync(key, value);
      for (const [name, value] of meta) this.#ks.meta.putSync(name, value);
    });
  }

  /** Counts one more start of a server on this store and returns the count (1 on the first). */
  recordStart(): number {
    const starts = (this.#ks.meta.get("starts") ?? 0) + 1;
    this.#ks.meta.putSync("starts", starts);
    return starts;
  }

  /** Whether an assertion with this hash is stored: two key lookups, nothing decoded. */
  has(hash: string): boolean {
    return this.#byHash.has(hash);
  }

  get(hash: string): Assertion | undefined {
    return this.#locate(hash)?.assertion;
  }

  /** The pair of an id, or undefined for an id never handed out. */
  pair(id: number): Pair | undefined {
    return this.#pairs.pair(id);
  }

  findPair(conceptPath: string, predicate: string): Pair | undefined {
    return this.#pairs.find(conceptPath, predicate);
  }

  /** Pairs of one concept path, every predicate, in predicate order. */
  pairsOfPath(conceptPath: string): Generator<Pair> {
    return this.#pairs.ofPath(conceptPath);
  }

  /** Pairs of a concept path and its whole subtree; every pair for the empty prefix. */
  pairsUnder(prefix: string): Generator<Pair> {
    return this.#pairs.under(prefix);
  }

  /** Pairs with one predicate, in concept path order. */
  pairsOfPredicate(predicate: string): Generator<Pair> {
    return this.#pairs.ofPredicate(predicate);
  }

  /** One pair's assertions in time order (ties by hash), through the cache of decoded pairs. */
  pairAssertions(pair: Pair, range: Omit<TimeRange, "reverse"> = {}): readonly Assertion[] {
    return this.#decodedPairs.of(pair.id, range);
  }

  /**
   * One pair's assertions in time order (ties by hash), read from the store. An array rather than
   * a generator: every caller wants them all, and resuming a generator for each costs more than
   * reading and decoding most of them.
   */
  scanPair(pair: Pair, range: TimeRange = {}): Assertion[] {
    const [from, to] = idTimeRange(pair.id, range.fromMs, range.toMs);
    const options =
      range.reverse === true ? { start: to, end: from, reverse: true } : { start: from, end: to };
    const found: Assertion[] = [];
    for (const { key, value } of this.#ks.timelineEntries.getRange(options)) {
      found.push(withIdentity(value, key as unknown as TimelineKey, pair));
    }
    return found;
  }

  /** Assertions attributed to one agent, in time order. */
  *scanAgent(agentId: string, range: TimeRange = {}): Generator<Assertion> {
    const agentNum = this.#agents.find(agentId);
    if (agentNum === undefined) return;
    const [from, to] = idTimeRange(agentNum, range.fromMs, range.toMs);
    const options =
      range.reverse === true ? { start: to, end: from, reverse: true } : { start: from, end: to };
    for (const { key, value } of this.#ks.byAgent.getRange(options)) {
      const found = this.#readAt(value.readUInt32BE(0), readU64(key, 4), key.subarray(12));
      if (found !== undefined) yield found;
    }
  }

  /** Assertions citing a source, by its content hash or its URI. */
  *scanSource(source: { readonly hash: string } | { readonly uri: string }): Generator<Assertion> {
    const prefix = sourcePrefix(source);
    yield* this.#byLocation(this.#ks.bySource.getRange(prefixRange(prefix)));
  }

  /** Assertions that name `hash` as their parent (corrections, refinements, lifecycle moves). */
  *children(hash: string): Generator<Assertion> {
    const prefix = Buffer.from(hash, "hex");
    yield* this.#byLocation(this.#ks.byParent.getRange(prefixRange(prefix)));
  }

  /** How many assertions one pair holds. */
  countPair(pair: Pair): number {
    const [start, end] = idTimeRange(pair.id);
    return this.#ks.timeline.getCount({ start, end });
  }

  /** How many assertions are attributed to an agent. */
  countAgent(agentId: string): number {
    const agentNum = this.#agents.find(agentId);
    if (agentNum === undefined) return 0;
    const [start, end] = idTimeRange(agentNum);
    return this.#ks.byAgent.getCount({ start, end });
  }

  /** Every stored hash, in timeline order: for verification against the log. */
  *hashes(): Generator<string> {
    for (const key of this.#ks.timeline.getKeys()) yield timelineHash(key);
  }

  /** Flushes the data file and marks the store closed cleanly. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#byHash.close();
    await this.audit.flush();
    await this.#ks.env.close();
    fsyncStoreFile(this.dir);
    markStore(this.dir, false);
  }

  /** Follows index entries whose key ends with a hash prefix and whose value is (pairId, time). */
  *#byLocation(entries: Iterable<{ key: Buffer; value: Buffer }>): Generator<Assertion> {
    for (const { key, value } of entries) {
      const found = this.#readAt(
        value.readUInt32BE(0),
        readU64(value, 4),
        key.subarray(key.length - HASH_PREFIX),
      );
      if (found !== undefined) yield found;
    }
  }

  /** The assertion of a pair at a time whose hash starts with `hashPrefix`. */
  #readAt(pairId: number, timestampMs: number, hashPrefix: Uint8Array): Assertion | undefined {
    const prefix = Buffer.concat([idTime(pairId, timestampMs), hashPrefix]);
    for (const key of this.#ks.timeline.getKeys(prefixRange(prefix))) {
      return this.#locate(timelineHash(key))?.assertion;
    }
    return undefined;
  }

  #locate(hash: string): Located | undefined {
    const found = this.#byHash.lookup(hash);
    return found === "absent" || found === "collision" ? undefined : found;
  }

  #plan(entries: readonly LogEntry[]): BatchPlan {
    const plan = planBatch(entries, {
      ks: this.#ks,
      pairs: this.#pairs.directory,
      agents: this.#agents,
      side: this.side,
      shield: this.shield,
      locateForWrite: (hash) => this.#locateForWrite(hash),
      locate: (hash) => this.#locate(hash)?.assertion,
    });
    this.#byHash.planned(plan.writes);
    return plan;
  }

  /** As `#locate`, but a hash whose indexed prefix is taken by another assertion is an error. */
  #locateForWrite(hash: string): Located | undefined {
    const found = this.#byHash.lookup(hash);
    if (found === "collision") {
      throw new Error(`Cannot store assertion ${hash}: another assertion shares its first ${HASH_KEY} bytes`);
    }
    return found === "absent" ? undefined : found;
  }

  /**
   * The applied position after `entries`: the last one's, unless they were read again from
   * earlier in the log (a shard's repair), which never moves the position back.
   */
  #positionAfter(entries: readonly LogEntry[]): number {
    return Math.max(this.#appliedSeq, entries.at(-1)?.seq ?? 0);
  }

  /** The counters a batch commits together with its data. */
  #metaAfter(lastSeq: number, created: number): [string, number][] {
    return [
      ["appliedSeq", lastSeq],
      ["assertionCount", this.#assertionCount + created],
      ["nextPairId", this.#pairs.directory.nextId],
      ["nextAgentNum", this.#agents.nextId],
    ];
  }

  #committed(lastSeq: number, created: number, writes: BatchPlan["writes"]): void {
    this.#pairs.directory.commit();
    this.#agents.commit();
    this.#appliedSeq = lastSeq;
    this.#assertionCount += created;
    this.#forgetWritten(writes);
  }

  /** Drops what a committed batch changed from the caches reads go through. */
  #forgetWritten(writes: BatchPlan["writes"]): void {
    for (const [db, key] of writes) {
      if (db === this.#ks.timeline) this.#decodedPairs.forget(key.readUInt32BE(0));
      else if (db === this.#ks.trust) this.side.forgetTrust(key.toString());
    }
  }

  #abandon(): void {
    this.#pairs.directory.forgetUncommitted();
    this.#agents.forgetUncommitted();
  }
}
