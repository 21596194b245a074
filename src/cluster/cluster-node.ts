import type { StemeDb } from "../db/steme-db.ts";
import { silentLogger, type Logger } from "../logger.ts";
import type { ClusterConfig } from "../ops/cluster-config.ts";
import { RecordType } from "../store/record-type.ts";
import type { JetStreamLog } from "./jetstream-log.ts";
import { Membership, type Member } from "./membership.ts";

/** What `/v1/health` and `/metrics` say of this node's place in the cluster. */
export interface ClusterHealth {
  readonly engine: "connected" | "disconnected";
  readonly stream: string;
  readonly applied_seq: number;
  /** The stream's last sequence when last asked; `null` before the first answer. */
  readonly stream_last_seq: number | null;
  readonly lag_records: number | null;
  /** How old the oldest record not applied yet is; 0 when caught up. */
  readonly lag_seconds: number | null;
  /** The node has applied the whole stream at least once since it started. */
  readonly caught_up: boolean;
  /** Why the node should be out of the load balancer's rotation now; absent when it should not. */
  readonly reason?: string;
}

export interface ClusterNodeOptions {
  readonly config: ClusterConfig;
  readonly nodeId: string;
  readonly version: string;
  readonly db: StemeDb;
  readonly log: JetStreamLog;
  readonly logger?: Logger;
  /** How often the node refreshes its membership entry and measures its lag. */
  readonly tickMs?: number;
}

/** The records a shard's repair replays: content, not the Shield's control records. */
const REPLAYED_TYPES = new Set<number>([
  RecordType.assertion,
  RecordType.vote,
  RecordType.epoch,
  RecordType.source,
  RecordType.retraction,
]);
const MEMBER_LIST_EVERY_TICKS = 5;

/**
 * A StemeDB node's part in the cluster, beside its database: it announces itself in the
 * membership bucket, measures how far behind the stream it is, and replays a shard the
 * convergence digest found different. Writes and ingest go through the database's log; nothing here is on
 * their path.
 */
export class ClusterNode {
  readonly #options: ClusterNodeOptions;
  readonly #membership: Membership;
  readonly #logger: Logger;
  readonly #startedAt = new Date().toISOString();
  #timer: NodeJS.Timeout | undefined;
  #ticking: Promise<void> | undefined;
  #ticks = 0;
  /** What catching up means: the stream's last sequence (or a member's, if higher) at start. */
  #catchUpTarget: number | undefined;
  #caughtUp = false;
  #streamLastSeq: number | undefined;
  #lagSeconds: number | undefined;
  /** When the stream last answered (ms); a node cut off longer than the lag limit is stale. */
  #lastContactMs = Date.now();
  /**
   * Set once the node has been cut off longer than the lag limit: health stays 503 until a peer,
   * asked over HTTP, has confirmed a position and this node has applied it (the server it reads
   * from may still show the stream as it was at the cut).
   */
  #outage: { peerTarget: number | undefined; readonly sinceMs: number } | undefined;
  /** The members as last listed: their URLs stay valid through an outage. */
  #members: readonly Member[] = [];
  /** Since when this node has been behind what the stream or the members show (ms). */
  #behindSince: number | undefined;
  #unreachableSince: number | undefined;
  #stopped = false;

  private constructor(options: ClusterNodeOptions, membership: Membership) {
    this.#options = options;
    this.#membership = membership;
    this.#logger = options.logger ?? silentLogger;
  }

  /** Joins the membership bucket and starts measuring; resolves after the first measure. */
  static async start(options: ClusterNodeOptions): Promise<ClusterNode> {
    const membership = await Membership.open(options.log.connection, {
      stream: options.config.stream,
      replicas: options.config.replicas,
    });
    const node = new ClusterNode(options, membership);
    await node.#tick();
    node.#timer = setInterval(() => {
      node.#ticking ??= node.#tick().finally(() => {
        node.#ticking = undefined;
      });
    }, options.tickMs ?? 1_000);
    node.#timer.unref();
    return node;
  }

  /** The node has applied everything the stream held when it started (it serves only then). */
  get caughtUp(): boolean {
    return this.#caughtUp;
  }

  get memberCount(): number {
    return this.#members.length;
  }

  get health(): ClusterHealth {
    const applied = this.#options.db.store.appliedSeq;
    // Asked once a tick; what this node or another member has applied is in the stream too (a
    // server that was cut off answers with the stream as it was then).
    const last =
      this.#streamLastSeq === undefined
        ? undefined
        : Math.max(this.#streamLastSeq, this.#highestMemberSeq, applied);
    const lagRecords = last === undefined ? null : Math.max(0, last - applied);
    const body = {
      engine: this.#options.log.connected ? ("connected" as const) : ("disconnected" as const),
      stream: this.#options.config.stream,
      applied_seq: applied,
      stream_last_seq: last ?? null,
      lag_records: lagRecords,
      lag_seconds: this.#lagSeconds ?? null,
      caught_up: this.#caughtUp,
    };
    const reason = this.#unhealthyReason(applied);
    return reason === undefined ? body : { ...body, reason };
  }

  /** Every node whose membership entry is live. */
  members(): Promise<Member[]> {
    return this.#membership.list();
  }

  /**
   * Replays one shard (`ab`) from the stream into the store: every assertion, vote, epoch, source
   * and retraction whose hash starts with it. What the store still has changes nothing; what it
   * lost comes back. Returns how many records were read and how many were missing.
   */
  async repair(shard: string): Promise<{ readonly replayed: number; readonly restored: number }> {
    const { subjectPrefix } = this.#options.log.stream;
    const records = [
      ...(await this.#options.log.readSubject(`${subjectPrefix}.a.${shard}`)),
      ...(await this.#options.log.readSubject(`${subjectPrefix}.r.${shard}`)),
    ]
      .filter((record) => REPLAYED_TYPES.has(record.type))
      .sort((a, b) => a.seq - b.seq);
    if (records.length === 0) return { replayed: 0, restored: 0 };
    const outcomes = await this.#options.db.reapply(records);
    const restored = outcomes.filter((outcome) => outcome === "created").length;
    this.#logger.info(
      { shard, replayed: records.length, restored },
      `Repaired shard ${shard} from the cluster log`,
    );
    return { replayed: records.length, restored };
  }

  /** Stops refreshing and leaves the membership bucket (a clean stop drops out at once). */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#ticking;
    await this.#membership.leave(this.#options.nodeId).catch((error: unknown) => {
      this.#logger.warn({ err: error }, "Cannot remove this node from the membership bucket");
    });
  }

  #unhealthyReason(applied: number): string | undefined {
    const { maxLagSeconds } = this.#options.config;
    if (!this.#caughtUp) {
      const target = this.#catchUpTarget === undefined ? "the stream's end" : String(this.#catchUpTarget);
      return `Catching up with the cluster log: applied ${applied} of ${target}`;
    }
    const cutOffSeconds = (Date.now() - this.#lastContactMs) / 1000;
    if (cutOffSeconds > maxLagSeconds) {
      return `Cut off from the cluster log for ${Math.round(cutOffSeconds)} s (limit ${maxLagSeconds} s): reads may be stale`;
    }
    if (this.#outage !== undefined) {
      const target = this.#outage.peerTarget;
      return target === undefined
        ? `Back from an outage of the cluster log: waiting for another member to confirm how far the log goes (applied ${applied})`
        : `Catching up with the cluster log after an outage: applied ${applied} of ${target}`;
    }
    if ((this.#lagSeconds ?? 0) > maxLagSeconds) {
      return `${this.#lagSeconds?.toFixed(1)} s behind the cluster log (limit ${maxLagSeconds} s)`;
    }
    return undefined;
  }

  async #tick(): Promise<void> {
    if (this.#stopped) return;
    this.#ticks += 1;
    const { db, log } = this.#options;
    try {
      const last = await log.lastSeq();
      this.#streamLastSeq = last;
      this.#lastContactMs = Date.now();
      if (this.#unreachableSince !== undefined) this.#rejoin();
      const target = Math.max(last, this.#highestMemberSeq);
      this.#catchUpTarget ??= target;
      const applied = db.store.appliedSeq;
      if (!this.#caughtUp && applied >= this.#catchUpTarget) {
        this.#caughtUp = true;
        this.#logger.info({ appliedSeq: applied }, "Caught up with the cluster log; serving");
      }
      await this.#confirmWithPeers(applied);
      const oldestUnapplied = applied < last ? await log.storedAt(applied + 1) : undefined;
      // Behind for a while with no record to date it by (the server this node reads from was cut
      // off and does not have it yet): the lag is at least how long it has been behind.
      if (applied >= target) this.#behindSince = undefined;
      else this.#behindSince ??= Date.now();
      const behindSeconds = this.#behindSince === undefined ? 0 : (Date.now() - this.#behindSince) / 1000;
      const recordAge = oldestUnapplied === undefined ? 0 : (Date.now() - oldestUnapplied) / 1000;
      this.#lagSeconds = Math.max(0, recordAge, behindSeconds);
    } catch (error) {
      if (this.#unreachableSince !== undefined && Date.now() - this.#unreachableSince > this.#maxLagMs) {
        this.#outage ??= { peerTarget: undefined, sinceMs: Date.now() };
      }
      // Once per outage, not every second.
      if (this.#unreachableSince === undefined) {
        this.#unreachableSince = Date.now();
        this.#logger.warn(
          { err: error },
          "Cannot read the cluster log's state; health reports it after the lag limit",
        );
      }
    }
    try {
      await this.#membership.announce(this.#entry());
      if (this.#ticks % MEMBER_LIST_EVERY_TICKS === 1) this.#members = await this.members();
    } catch {
      // The stream's state above fails the same way and says so; the entry comes back next tick.
    }
  }

  /** Back in touch after an outage; one longer than the lag limit must be confirmed by a peer. */
  #rejoin(): void {
    const cutOffMs = Date.now() - (this.#unreachableSince ?? Date.now());
    this.#unreachableSince = undefined;
    this.#logger.info({ cutOffMs }, "The cluster log answers again");
    if (cutOffMs > this.#maxLagMs) this.#outage ??= { peerTarget: undefined, sinceMs: Date.now() };
  }

  /**
   * After an outage: asks the other members over HTTP (not through NATS, whose server here may be
   * stale) how far they have applied, once one answers, and ends the outage when this node has
   * applied that much.
   */
  async #confirmWithPeers(applied: number): Promise<void> {
    const outage = this.#outage;
    if (outage === undefined) return;
    if (outage.peerTarget === undefined) {
      const answers = await Promise.all(this.#peers.map((peer) => appliedSeqOf(peer.url)));
      const answered = answers.filter((seq): seq is number => seq !== undefined);
      if (answered.length > 0 || this.#peers.length === 0) {
        outage.peerTarget = Math.max(0, ...answered);
      } else if (Date.now() - outage.sinceMs > 3 * this.#maxLagMs) {
        // No peer answers over HTTP (down, or TLS this node cannot verify): the stream's own view
        // is all there is, rather than staying out of rotation for good.
        this.#logger.warn(
          {},
          "No other member answers over HTTP; trusting the stream's view after the outage",
        );
        outage.peerTarget = this.#streamLastSeq ?? applied;
      } else {
        return;
      }
    }
    if (applied >= outage.peerTarget) {
      this.#outage = undefined;
      this.#logger.info({ appliedSeq: applied }, "Caught up with the other members after the outage");
    }
  }

  get #maxLagMs(): number {
    return this.#options.config.maxLagSeconds * 1000;
  }

  /** The other members, as last listed. */
  get #peers(): readonly Member[] {
    return this.#members.filter((m) => m.id !== this.#options.nodeId);
  }

  /** The highest sequence another member said it applied, as last listed. */
  get #highestMemberSeq(): number {
    return Math.max(0, ...this.#peers.map((m) => m.applied_seq));
  }

  #entry(): Member {
    return {
      id: this.#options.nodeId,
      url: this.#options.config.advertiseUrl,
      version: this.#options.version,
      applied_seq: this.#options.db.store.appliedSeq,
      started_at: this.#startedAt,
      updated_at: new Date().toISOString(),
    };
  }
}

/** A peer's applied sequence from its health, or `undefined` when it does not answer within a second. */
async function appliedSeqOf(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(1_000) });
    const body = (await response.json()) as { applied_seq?: unknown };
    return typeof body.applied_seq === "number" ? body.applied_seq : undefined;
  } catch {
    return undefined;
  }
}
