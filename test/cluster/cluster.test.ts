import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { join } from "node:path";
import { startNatsCluster, streamState, type NatsCluster } from "../support/nats-cluster.ts";
import { stemedb } from "../support/cli-process.ts";
import {
  CLUSTER_ADMIN_TOKEN,
  startStemeCluster,
  type StemeCluster,
  type StemeNode,
} from "../support/steme-cluster.ts";
import {
  adminCall,
  assertOn,
  claim,
  converged,
  digestOf,
  eventually,
  getFrom,
  healthOf,
  readableOn,
  sameDigests,
  type WriteAnswer,
} from "./cluster-client.ts";
import { loseAssertion } from "./lose-assertion.ts";

describe("three StemeDB nodes on three nats-servers", { timeout: 900_000 }, () => {
  let nats: NatsCluster;
  let cluster: StemeCluster;
  let nodes: readonly StemeNode[];
  const node = (i: number): StemeNode => {
    const found = nodes[i];
    if (found === undefined) throw new Error(`no node ${i}`);
    return found;
  };

  before(async () => {
    nats = await startNatsCluster(3);
    cluster = await startStemeCluster(nats);
    nodes = cluster.nodes;
  });
  after(async () => {
    await cluster.stop();
    await nats.stop();
  });

  it("a write on one node is read on every other with min_seq, and every node lists the three", async () => {
    const written = await assertOn(node(0), claim("basic", 1));
    assert.equal(written.status, 201, JSON.stringify(written));
    assert.ok(written.seq !== undefined && written.seq > 0);
    for (const n of nodes) await readableOn(n, [written.hash ?? ""], written.seq);
    for (const other of nodes) {
      const health = await healthOf(other);
      assert.equal(health.status, 200, JSON.stringify(health));
      assert.equal(health.cluster.caught_up, true);
      assert.equal(health.cluster.engine, "connected");
    }
    const members = await getFrom(node(2), "/v1/cluster/members");
    assert.deepEqual(
      (members.body as { members: { id: string; url: string }[] }).members.map((m) => [m.id, m.url]),
      nodes.map((n) => [n.id, n.url]),
    );
  });

  it("one write sent to two nodes at once is stored once", async () => {
    await converged(nodes);
    const before = (await streamState(nats)).lastSeq;
    const counts = (await Promise.all(nodes.map(healthOf))).map((h) => h.assertion_count);
    const body = claim("duplicate", 1);
    const [a, b] = await Promise.all([assertOn(node(1), body), assertOn(node(2), body)]);
    assert.ok([200, 201].includes(a.status) && [200, 201].includes(b.status), JSON.stringify([a, b]));
    assert.equal(a.hash, b.hash);
    assert.equal(a.seq, b.seq, "the second publish was answered with the first copy's sequence");
    assert.equal((await streamState(nats)).lastSeq, before + 1, "one record was added to the stream");
    await converged(nodes, a.seq);
    const after = (await Promise.all(nodes.map(healthOf))).map((h) => h.assertion_count);
    assert.deepEqual(
      after,
      counts.map((c) => c + 1),
    );
  });

  it("an agent's hourly quota and a key's revocation hold on every node", async () => {
    const agent = "quota-agent";
    const policy = await adminCall(node(0), "PUT", `/v1/admin/agents/${agent}`, { quota_per_hour: 100 });
    assert.equal(policy.status, 200, JSON.stringify(policy.body));
    const asAgent = { "x-agent-id": agent };
    await converged(nodes);
    // Each write costs 10 units plus 1 per started KiB: 11.
    for (let i = 0; i < 5; i++) {
      const answer = await assertOn(node(0), claim("quota", i), asAgent);
      assert.equal(answer.status, 201, JSON.stringify(answer));
    }
    // Nodes report what they charged every 200 ms.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const probe = await assertOn(node(1), claim("quota", 0), asAgent);
    assert.equal(
      probe.quotaRemaining,
      100 - 5 * 11 - 11,
      "node 1 counted what node 0 charged, then this write",
    );

    const created = await adminCall(node(0), "POST", "/v1/admin/api-keys", { name: "cluster test" });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const { id, key } = created.body as { id: string; key: string };
    const withKey = { authorization: `Bearer ${key}` };
    await eventually(
      "node 2 knows the key",
      async () => (await assertOn(node(2), claim("key", 1), withKey)).status === 201,
      10_000,
    );
    const revoked = await adminCall(node(1), "DELETE", `/v1/admin/api-keys/${id}`);
    assert.ok([200, 204].includes(revoked.status), JSON.stringify(revoked.body));
    const revokedAt = Date.now();
    await eventually(
      "node 2 refuses the revoked key",
      async () => (await assertOn(node(2), claim("key", 2), withKey)).status === 403,
      5_000,
    );
    console.log(`a revocation made on node 1 was enforced on node 2 after ${Date.now() - revokedAt} ms`);
  });

  it("killing the stream's leader under a write load loses no acknowledged write", async () => {
    const { leader } = await streamState(nats);
    const acknowledged: string[] = [];
    const ackTimes: number[] = [];
    let highestSeq = 0;
    /** Why writes were refused during the failover, with counts: what the outage was made of. */
    const refusals = new Map<string, number>();
    let stop = false;
    let next = 0;
    const writer = async (worker: number): Promise<void> => {
      while (!stop) {
        const i = next++;
        const answer: WriteAnswer = await assertOn(node((i + worker) % 3), claim("failover", i));
        if (answer.status === 201 || answer.status === 200) {
          acknowledged.push(answer.hash ?? "");
          ackTimes.push(Date.now());
          highestSeq = Math.max(highestSeq, answer.seq ?? 0);
        } else if (answer.status === 503 || answer.status === 0) {
          const why = (answer.message ?? answer.error ?? "").replace(/\d+/g, "N").slice(0, 90);
          refusals.set(why, (refusals.get(why) ?? 0) + 1);
        } else {
          assert.fail(`write ${i} answered ${answer.status}: ${JSON.stringify(answer)}`);
        }
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const killedAt = Date.now();
    await leader.kill();
    try {
      // Until the writers have been served again for a while (a new leader is elected in 4 to
      // 9 s on nats-server 2.9), or 60 s.
      const served = (): boolean => ackTimes.filter((t) => t > killedAt).length >= 200;
      const deadline = killedAt + 60_000;
      while (!served() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    } finally {
      stop = true;
      await Promise.all(writers);
      await leader.restart();
    }
    // The longest time without an acknowledged write, from the kill on: the outage writers saw.
    const after = [killedAt, ...ackTimes.filter((t) => t >= killedAt).sort((a, b) => a - b)];
    const outageMs = Math.max(...after.slice(1).map((t, i) => t - (after[i] ?? t)));
    console.log(
      `leader ${leader.name} killed: ${acknowledged.length} writes acknowledged, longest gap ${outageMs} ms; ` +
        `refused: ${JSON.stringify(Object.fromEntries(refusals))}`,
    );
    assert.ok(
      ackTimes.some((t) => t > killedAt + 1_000),
      "writes went on after the leader died",
    );
    const last = await converged(nodes, highestSeq);
    for (const n of nodes) await readableOn(n, acknowledged, last);
    await sameDigests(nodes, last);
  });

  it("a row lost on one node is found by the digest and repaired from the stream", async () => {
    const written = await assertOn(node(0), claim("repair", 1));
    assert.equal(written.status, 201, JSON.stringify(written));
    const hash = written.hash ?? "";
    const victim = node(1);
    await converged(nodes, written.seq);
    await victim.stop();
    await loseAssertion(join(victim.dataDir, "db"), hash);
    await victim.start();
    const last = await converged(nodes);
    assert.equal((await getFrom(victim, `/v1/assertions/${hash}`)).status, 404, "the row is gone");

    const found = await stemedb(["cluster", "verify", "--url", node(0).url]);
    assert.equal(found.code, 1, found.stdout + found.stderr);
    assert.match(found.stdout, new RegExp(`${hash.slice(0, 2)}\\s+${victim.id}`));

    const repaired = await stemedb([
      "cluster",
      "verify",
      "--url",
      node(0).url,
      "--repair",
      "--admin-token",
      CLUSTER_ADMIN_TOKEN,
    ]);
    assert.equal(repaired.code, 0, repaired.stdout + repaired.stderr);
    assert.equal((await getFrom(victim, `/v1/assertions/${hash}`)).status, 200, "the row is back");
    await sameDigests([node(0), victim], last);
    assert.equal((await healthOf(victim)).assertion_count, (await healthOf(node(0))).assertion_count);
  });

  it("a StemeDB node killed with SIGKILL resumes from its applied sequence", async () => {
    const victim = node(1);
    const appliedBefore = (await healthOf(victim)).cluster.applied_seq;
    await victim.kill();
    const written: string[] = [];
    for (let i = 0; i < 30; i++) {
      const answer = await assertOn(node(i % 2 === 0 ? 0 : 2), claim("restart", i));
      assert.equal(answer.status, 201, JSON.stringify(answer));
      written.push(answer.hash ?? "");
    }
    await victim.start();
    assert.match(victim.output(), new RegExp(`"appliedSeq":(\\d+).*Following the cluster log`));
    const resumedFrom = Number(
      /"appliedSeq":(\d+)[^\n]*Following the cluster log/.exec(victim.output())?.[1],
    );
    assert.ok(resumedFrom >= appliedBefore, `resumed from ${resumedFrom}, had applied ${appliedBefore}`);
    const last = await converged(nodes);
    await readableOn(victim, written, last);
  });

  it("a node restored from a backup resumes the stream after the backup's position", async () => {
    const victim = node(2);
    const backups = join(victim.dataDir, "backups");
    const backup = await adminCall(victim, "POST", "/v1/admin/backup", { to: backups });
    assert.equal(backup.status, 201, JSON.stringify(backup.body));
    const { path, wal_position: backupSeq } = backup.body as { path: string; wal_position: number };
    const written: string[] = [];
    for (let i = 0; i < 20; i++) {
      const answer = await assertOn(node(0), claim("after-backup", i));
      assert.equal(answer.status, 201, JSON.stringify(answer));
      written.push(answer.hash ?? "");
    }
    await victim.stop();
    const restored = await stemedb([
      "restore",
      path,
      "--no-wal-archive",
      "--db-dir",
      join(victim.dataDir, "db"),
      "--wal-dir",
      join(victim.dataDir, "wal"),
    ]);
    assert.equal(restored.code, 0, restored.stdout + restored.stderr);
    await victim.start();
    const resumedFrom = Number(
      /"appliedSeq":(\d+)[^\n]*Following the cluster log/.exec(victim.output())?.[1],
    );
    assert.equal(resumedFrom, backupSeq, "the restored store starts from the backup's position");
    const last = await converged(nodes);
    await readableOn(victim, written, last);
    await sameDigests([node(0), victim], last);
  });

  it("a wiped node rebuilds from the stream and serves only once caught up", async () => {
    const victim = node(2);
    await victim.stop();
    victim.wipe();
    await victim.start();
    await eventually("the wiped node is healthy", async () => (await healthOf(victim)).status === 200);
    const last = await converged(nodes);
    const [reference, rebuilt] = await Promise.all([digestOf(node(0), last), digestOf(victim, last)]);
    assert.ok(rebuilt.count > 0);
    assert.deepEqual(rebuilt.shards, reference.shards);
    assert.equal((await healthOf(victim)).assertion_count, (await healthOf(node(0))).assertion_count);
  });
});
