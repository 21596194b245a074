import type { KV, NatsConnection } from "nats";

/** One node as it announces itself in the membership bucket. */
export interface Member {
  readonly id: string;
  /** How to reach its API (`STEMEDB_CLUSTER_ADVERTISE_URL`). */
  readonly url: string;
  readonly version: string;
  /** The last log sequence it applied, as of `updated_at`. */
  readonly applied_seq: number;
  readonly started_at: string;
  readonly updated_at: string;
}

/** How long an entry lives without being refreshed: a node gone this long drops out. */
export const MEMBER_TTL_MS = 15_000;

/**
 * The cluster's members, in a JetStream key-value bucket whose entries expire: each node puts
 * its own entry every few seconds, and one that stops (crashed, cut off) drops out after
 * `MEMBER_TTL_MS`. Only plain puts and reads: Debian's nats-server 2.9.10 loses updates made with
 * compare-and-set under replication, and nothing here needs it (each node writes only its key).
 */
export class Membership {
  readonly #kv: KV;

  private constructor(kv: KV) {
    this.#kv = kv;
  }

  /** Opens the bucket `<stream>_MEMBERS`, creating it on the cluster's first start. */
  static async open(
    connection: NatsConnection,
    options: { stream: string; replicas: number },
  ): Promise<Membership> {
    const kv = await connection.jetstream().views.kv(`${options.stream}_MEMBERS`, {
      history: 1,
      ttl: MEMBER_TTL_MS,
      replicas: options.replicas,
    });
    return new Membership(kv);
  }

  /** Puts (or refreshes) a node's entry. */
  async announce(member: Member): Promise<void> {
    await this.#kv.put(memberKey(member.id), JSON.stringify(member));
  }

  /** Removes a node's entry (a clean stop), so it drops out at once rather than after the TTL. */
  async leave(id: string): Promise<void> {
    await this.#kv.delete(memberKey(id));
  }

  /** Every node whose entry has not expired, by id. */
  async list(): Promise<Member[]> {
    const keys: string[] = [];
    for await (const key of await this.#kv.keys()) keys.push(key);
    const members: Member[] = [];
    for (const key of keys) {
      const entry = await this.#kv.get(key);
      if (entry === null || entry.operation !== "PUT" || entry.length === 0) continue;
      members.push(entry.json<Member>());
    }
    return members.sort((a, b) => a.id.localeCompare(b.id));
  }
}

/** A node id as a key: keys take letters, digits and `-_=./`; anything else becomes `_`. */
function memberKey(id: string): string {
  return id.replace(/[^A-Za-z0-9_=./-]/g, "_").replace(/^\.+|\.+$/g, "_");
}
