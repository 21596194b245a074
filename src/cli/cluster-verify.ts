import { setTimeout as sleep } from "node:timers/promises";
import type { ClusterDigest, ClusterMember } from "../client/api-types.ts";
import { compareDigests, type ShardDisagreement } from "../cluster/digest-majority.ts";
import { describeCliError } from "./cli-error.ts";
import { counted, knownMembers, memberHealths, nodeClient } from "./cluster-members.ts";
import { renderTable } from "./table.ts";

/** How `stemedb cluster verify` runs. */
export interface VerifyOptions {
  /** The node asked for the members. */
  readonly url: string;
  /** How many times the digests are taken while the members' applied sequences differ. */
  readonly attempts: number;
  /** The pause between two attempts, ms. */
  readonly pauseMs: number;
  /** With it, the shards a member is outvoted on are replayed on that member, then verified again. */
  readonly repairToken?: string;
  /** Where the report goes, line by line. */
  readonly write: (text: string) => void;
}

/** A digest read takes about a second per million records; a lagging node waits for `min_seq` too. */
const DIGEST_TIMEOUT_MS = 120_000;

/** The members' digests taken at one position, as close to one as writes allowed. */
interface Snapshot {
  readonly alone: boolean;
  readonly members: readonly ClusterMember[];
  readonly digests: readonly { readonly member: ClusterMember; readonly digest: ClusterDigest }[];
  /** Members that gave no digest, and why. */
  readonly missing: readonly { readonly member: ClusterMember; readonly error: string }[];
  readonly disagreements: readonly ShardDisagreement[];
}

/**
 * Compares every member's convergence digest, shard by shard (the majority's value wins), and
 * with a repair token replays on each member the shards it is outvoted on, then compares again.
 * Resolves `true` when every member answered and all agree (after the repair).
 */
export async function verifyCluster(options: VerifyOptions): Promise<boolean> {
  const first = await snapshot(options);
  const agreed = report(first, options.write);
  if (agreed || options.repairToken === undefined) return agreed;
  const repairs = first.disagreements.flatMap((d) =>
    d.kind === "outvoted" ? d.outvoted.map((m) => ({ member: m.member, shard: d.shard })) : [],
  );
  if (repairs.length === 0) return false;
  for (const { member: id, shard } of repairs) {
    const member = first.members.find((m) => m.id === id);
    if (member === undefined) continue;
    try {
      const admin = nodeClient(member.url, {
        adminToken: options.repairToken,
        retries: 1,
        timeoutMs: 0,
      }).admin;
      const result = await admin.repairShard(shard);
      options.write(
        `Repaired shard ${shard} on ${id}: ${counted(result.replayed)} records replayed, ${counted(result.restored)} restored\n`,
      );
    } catch (error) {
      options.write(`Cannot repair shard ${shard} on ${id}: ${describeCliError(error)}\n`);
    }
  }
  options.write("Verifying again after the repair\n");
  return report(await snapshot(options), options.write);
}

/**
 * Takes every member's digest at the highest sequence any member has applied (`min_seq`), again
 * while their applied sequences differ (writes going on, or a member behind), at most
 * `attempts` times; then compares what it has.
 */
async function snapshot(options: VerifyOptions): Promise<Snapshot> {
  const { alone, members } = await knownMembers(options.url);
  if (members.length === 0) throw new Error(`${options.url} lists no live members of its cluster`);
  const healths = await memberHealths(members);
  let minSeq = Math.max(0, ...healths.flatMap((h) => (h.kind === "answered" ? [h.health.applied_seq] : [])));
  for (let attempt = 1; ; attempt++) {
    const results = await Promise.all(members.map((member) => digestOf(member, minSeq)));
    const digests = results.flatMap((r) => (r.kind === "digest" ? [r] : []));
    const missing = results.flatMap((r) => (r.kind === "missing" ? [r] : []));
    const seqs = new Set(digests.map((d) => d.digest.applied_seq));
    if ((missing.length === 0 && seqs.size <= 1) || attempt >= options.attempts) {
      if (seqs.size > 1) {
        const applied = digests.map((d) => `${d.member.id} ${counted(d.digest.applied_seq)}`).join(", ");
        options.write(
          `The members' applied sequences still differ after ${attempt} ${attempt === 1 ? "attempt" : "attempts"} (${applied}): writes are going on or a member is behind; comparing anyway\n`,
        );
      }
      const disagreements = compareDigests(
        digests.map((d) => ({ member: d.member.id, shards: d.digest.shards })),
      );
      return { alone, members, digests, missing, disagreements };
    }
    minSeq = Math.max(minSeq, ...seqs);
    await sleep(options.pauseMs);
  }
}

type DigestResult =
  | { readonly kind: "digest"; readonly member: ClusterMember; readonly digest: ClusterDigest }
  | { readonly kind: "missing"; readonly member: ClusterMember; readonly error: string };

async function digestOf(member: ClusterMember, minSeq: number): Promise<DigestResult> {
  try {
    const client = nodeClient(member.url, { retries: 1, timeoutMs: DIGEST_TIMEOUT_MS });
    return { kind: "digest", member, digest: await client.clusterDigest({ minSeq }) };
  } catch (error) {
    return { kind: "missing", member, error: describeCliError(error) };
  }
}

/** Writes what a snapshot shows; `true` when every member answered and all agree. */
function report(snap: Snapshot, write: (text: string) => void): boolean {
  if (snap.alone) write("The node runs alone (cluster mode is off): it is the only member\n");
  for (const { member, error } of snap.missing) {
    write(`${member.id} (${member.url}) gave no digest: ${error}\n`);
  }
  const [first] = snap.digests;
  if (snap.disagreements.length === 0) {
    if (first === undefined) {
      write("No member gave its digest: nothing to compare\n");
      return false;
    }
    const n = snap.digests.length;
    const seqs = snap.digests.map((d) => d.digest.applied_seq);
    const low = Math.min(...seqs);
    const high = Math.max(...seqs);
    const at = low === high ? `sequence ${counted(low)}` : `sequences ${counted(low)}–${counted(high)}`;
    const shards = Object.keys(first.digest.shards).length;
    write(
      `${n} ${n === 1 ? "member agrees" : "members agree"} on ${counted(first.digest.count)} ${first.digest.count === 1 ? "hash" : "hashes"} in ${counted(shards)} shards at ${at}` +
        `${snap.missing.length > 0 ? ` (${snap.missing.length} of ${snap.members.length} members not compared)` : ""}\n`,
    );
    return snap.missing.length === 0;
  }
  write(renderTable(["shard", "member", "count", "majority count", "difference"], differenceRows(snap)));
  const differing = new Set(snap.disagreements.map((d) => d.shard)).size;
  write(
    `${differing} ${differing === 1 ? "shard differs" : "shards differ"} among ${snap.digests.length} members\n`,
  );
  const split = snap.disagreements.filter((d) => d.kind === "split").map((d) => d.shard);
  if (split.length > 0) {
    write(
      `No majority in shard${split.length === 1 ? "" : "s"} ${split.join(", ")}: not repaired; find which member is right by hand\n`,
    );
  }
  return false;
}

function differenceRows(snap: Snapshot): string[][] {
  return snap.disagreements.flatMap((d) =>
    d.kind === "outvoted"
      ? d.outvoted.map((m) => [
          d.shard,
          m.member,
          counted(m.sum.count),
          counted(d.majority.count),
          difference(m.sum.count - d.majority.count),
        ])
      : d.sums.map((m) => [d.shard, m.member, counted(m.sum.count), "-", "no majority"]),
  );
}

function difference(delta: number): string {
  if (delta < 0) return `lacks ${counted(-delta)}`;
  if (delta > 0) return `${counted(delta)} extra`;
  return "other hashes";
}
