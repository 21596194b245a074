import { open, type Database, type RootDatabase } from "lmdb";
import { openTimelineEntries, type TimelineValue } from "./timeline-entries.ts";

/**
 * The LMDB environment and its named keyspaces. Binary keys are laid out in `index-keys.ts`.
 *
 * | keyspace   | key                                  | value                              |
 * |------------|--------------------------------------|------------------------------------|
 * | timeline   | pairId · time · hash (44 bytes)      | the assertion body (primary copy)  |
 * | hashes     | hash (32 bytes)                      | pairId · time (12 bytes)           |
 * | pairs      | conceptPath 0x00 predicate           | pairId (u32)                       |
 * | pairIds    | pairId (u32)                         | conceptPath 0x00 predicate         |
 * | predicates | predicate 0x00 conceptPath           | pairId (u32)                       |
 * | agents     | agent id (utf8)                      | agentNum (u32)                     |
 * | byAgent    | agentNum · time · hash (44 bytes)    | pairId (u32)                       |
 * | bySource   | source prefix · hash                 | pairId · time (12 bytes)           |
 * | byParent   | parent hash · child hash (64 bytes)  | empty                              |
 * | records    | record hash (32)                     | kind · msgpack of its JSON form    |
 * | votes      | assertion hash (32) · voter (utf8)   | weight · time · vote hash          |
 * | supersede  | superseded epoch (32) · epoch (32)   | time (u64)                         |
 * | retracted  | source hash (32) · retraction (32)   | time (u64)                         |
 * | trust      | agent id (utf8)                      | score · time                       |
 * | meta       | name (string)                        | number                             |
 * | quarantine | assertion hash (32)                  | msgpack: state, reason, assertion  |
 * | heldByTime | held at (u64) · hash (32)            | empty                              |
 * | apiKeys    | key id (utf8)                        | msgpack of the key record          |
 * | policies   | agent id (utf8)                      | msgpack of the agent's policy      |
 *
 * Assertions are clustered by (concept path, predicate) and time, so the common query, one pair
 * in time order, reads one contiguous range with no second lookup.
 *
 * lmdb-js stays on 2.9, the last line with LMDB's own free-page allocator. 3.x walks the free list
 * across transactions instead, and under sustained writes with restarts that walk reads free-list
 * records that are being rewritten: commits fail ("Invalid null txn id", "mdb_page_alloc error"),
 * a restart can fail to replay the WAL, and now and then the process dies of SIGSEGV. Our kill -9
 * test hit that in 5 of 15 runs under load on 3.5.6, and 0 of 40 on 2.9.4; lmdb-js's author
 * reports the same family of failures (HarperFast/harper#685, #686, #689). The file format is the
 * same, so a store written by 3.x opens as it is. 2.9.4 was also faster here: durable ingest
 * with 256 writers 47–48k → 54–56k assertions/s, batches of 1,000 51.5k → 65–66k.
 */
export interface Keyspaces {
  readonly env: RootDatabase;
  readonly timeline: Database<Buffer, Buffer>;
  /** The timeline again, decoded in place as it is read (`timeline-entries.ts`). */
  readonly timelineEntries: Database<TimelineValue, Buffer>;
  readonly hashes: Database<Buffer, Buffer>;
  readonly pairs: Database<Buffer, Buffer>;
  readonly pairIds: Database<Buffer, Buffer>;
  readonly predicates: Database<Buffer, Buffer>;
  readonly agents: Database<Buffer, Buffer>;
  readonly byAgent: Database<Buffer, Buffer>;
  readonly bySource: Database<Buffer, Buffer>;
  readonly byParent: Database<Buffer, Buffer>;
  readonly records: Database<Buffer, Buffer>;
  readonly votes: Database<Buffer, Buffer>;
  readonly supersede: Database<Buffer, Buffer>;
  readonly retracted: Database<Buffer, Buffer>;
  readonly trust: Database<Buffer, Buffer>;
  readonly meta: Database<number, string>;
  readonly quarantine: Database<Buffer, Buffer>;
  readonly heldByTime: Database<Buffer, Buffer>;
  readonly apiKeys: Database<Buffer, Buffer>;
  readonly policies: Database<Buffer, Buffer>;
}

export interface KeyspaceOptions {
  readonly dir: string;
  /** Wait for the disk at every commit. Off by default: the WAL is what makes writes durable. */
  readonly durableCommits?: boolean;
}

export function openKeyspaces(options: KeyspaceOptions): Keyspaces {
  const env = open({
    path: options.dir,
    // Always a directory, even when its name has a dot (lmdb-js guesses "file" from an extension).
    noSubdir: false,
    noSync: options.durableCommits !== true,
    // No write map: LMDB would write through a shared mapping of a sparse file, and when the disk
    // is full the kernel answers a write to an unallocated page with SIGBUS, which kills the
    // server. Without it, pages are written with pwrite and a full disk fails the commit instead.
    useWritemap: false,
    // lmdb-js's event-turn batch holds a commit promise of its own that nobody can await; when a
    // commit fails (disk full) it rejects unhandled and Node exits. Writes that belong together
    // are grouped explicitly with `env.batch` instead.
    eventTurnBatching: false,
    maxDbs: 32,
    // A reader left open by a crashed process must not pin old pages forever.
    maxReaders: 256,
  });
  const binary = (name: string): Database<Buffer, Buffer> =>
    env.openDB<Buffer, Buffer>({ name, keyEncoding: "binary", encoding: "binary" });
  return {
    env,
    timeline: binary("timeline"),
    timelineEntries: openTimelineEntries(env),
    hashes: binary("hashes"),
    pairs: binary("pairs"),
    pairIds: binary("pair-ids"),
    predicates: binary("predicates"),
    agents: binary("agents"),
    byAgent: binary("by-agent"),
    bySource: binary("by-source"),
    byParent: binary("by-parent"),
    records: binary("records"),
    votes: binary("votes"),
    supersede: binary("supersede"),
    retracted: binary("retracted"),
    trust: binary("trust"),
    meta: env.openDB<number, string>({ name: "meta" }),
    quarantine: binary("quarantine"),
    heldByTime: binary("held-by-time"),
    apiKeys: binary("api-keys"),
    policies: binary("policies"),
  };
}
