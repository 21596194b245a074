import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { test } from "node:test";
import { Packr } from "msgpackr";
import { tempDir } from "../../test/support/temp-dir.ts";
import { openKeyspaces } from "./keyspaces.ts";
import { QueryAudit, type QueryAuditRecord } from "./query-audit.ts";

function entry(queryId: string, atMs: number, agentId = "agent-a"): QueryAuditRecord {
  return { queryId, atMs, agentId, lens: "recency", parameters: { concept_path: "a/b" }, pairs: [] };
}

test("a query id starts with the query's time, so later queries have larger ids", () => {
  const first = QueryAudit.newQueryId(1_700_000_000_000);
  const second = QueryAudit.newQueryId(1_700_000_000_001);
  assert.match(first, /^[0-9a-f]{64}$/);
  assert.equal(Number(BigInt(`0x${first.slice(0, 16)}`)), 1_700_000_000_000);
  assert.ok(first < second);
});

test("a record is found by its id alone, and listed by time and by agent", async () => {
  const ks = openKeyspaces({ dir: tempDir() });
  const audit = new QueryAudit(ks.env, "store");
  const atMs = Date.UTC(2026, 0, 1);
  const ids = [atMs, atMs + 10, atMs + 20].map((t) => QueryAudit.newQueryId(t));
  ids.forEach((id, i) => {
    audit.record(entry(id, atMs + i * 10, i === 1 ? "agent-b" : "agent-a"));
  });
  await audit.flush();
  assert.deepEqual(
    ids.map((id) => audit.get(id)?.queryId),
    ids,
  );
  assert.deepEqual(
    audit.list({ limit: 10 }).map((r) => r.queryId),
    [...ids].reverse(),
  );
  assert.deepEqual(
    audit.list({ agentId: "agent-a", limit: 10 }).map((r) => r.queryId),
    [ids[2], ids[0]],
  );
  assert.equal(audit.get(QueryAudit.newQueryId(atMs)), undefined, "an id never recorded");
  assert.equal(audit.get("abcd"), undefined, "an id of the wrong length");
  await ks.env.close();
});

test("a record is found by id and listed at once, before its batch commits, and after", async () => {
  const ks = openKeyspaces({ dir: tempDir() });
  const audit = new QueryAudit(ks.env, "store");
  const atMs = Date.UTC(2026, 0, 1);
  const older = QueryAudit.newQueryId(atMs);
  audit.record(entry(older, atMs));
  await audit.flush();
  const newer = QueryAudit.newQueryId(atMs + 5);
  const otherAgent = QueryAudit.newQueryId(atMs + 7);
  audit.record(entry(newer, atMs + 5));
  audit.record(entry(otherAgent, atMs + 7, "agent-b"));
  // Nothing awaited: the two newest are not committed yet.
  assert.equal(new QueryAudit(ks.env, "store").get(newer), undefined, "not in the store yet");
  assert.equal(audit.get(newer)?.queryId, newer);
  assert.deepEqual(
    audit.list({ limit: 10 }).map((r) => r.queryId),
    [otherAgent, newer, older],
  );
  assert.deepEqual(
    audit.list({ limit: 2 }).map((r) => r.queryId),
    [otherAgent, newer],
  );
  assert.deepEqual(
    audit.list({ agentId: "agent-a", limit: 10 }).map((r) => r.queryId),
    [newer, older],
  );
  assert.deepEqual(
    audit.list({ toMs: atMs + 7, limit: 10 }).map((r) => r.queryId),
    [newer, older],
    "up to, not including, toMs",
  );
  await audit.flush();
  const fresh = new QueryAudit(ks.env, "store");
  assert.deepEqual(
    fresh.list({ limit: 10 }).map((r) => r.queryId),
    [otherAgent, newer, older],
    "committed",
  );
  assert.deepEqual(
    fresh.list({ toMs: atMs + 7, limit: 10 }).map((r) => r.queryId),
    [newer, older],
    "committed, up to, not including, toMs",
  );
  assert.deepEqual(
    audit.list({ limit: 10 }).map((r) => r.queryId),
    [otherAgent, newer, older],
    "listed once each",
  );
  await ks.env.close();
});

test("a record written under a random id (before ids carried their time) is still found", async () => {
  const ks = openKeyspaces({ dir: tempDir() });
  const id = randomBytes(32);
  const atMs = Date.UTC(2025, 5, 1);
  const key = Buffer.alloc(40);
  key.writeUInt32BE(Math.floor(atMs / 4_294_967_296), 0);
  key.writeUInt32BE(atMs >>> 0, 4);
  id.copy(key, 8);
  // The old layout: the record by time, and the id's key in audit-by-id.
  const byTime = ks.env.openDB<Buffer, Buffer>({
    name: "audit-by-time",
    keyEncoding: "binary",
    encoding: "binary",
  });
  const byId = ks.env.openDB<Buffer, Buffer>({
    name: "audit-by-id",
    keyEncoding: "binary",
    encoding: "binary",
  });
  const packr = new Packr({ useRecords: false, mapsAsObjects: true });
  byTime.putSync(key, packr.pack(entry(id.toString("hex"), atMs)));
  byId.putSync(id, key);
  const audit = new QueryAudit(ks.env, "store");
  assert.equal(audit.get(id.toString("hex"))?.atMs, atMs);
  await ks.env.close();
});
