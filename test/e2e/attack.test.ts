import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { generateAgentKey } from "../../src/model/index.ts";
import { startServer } from "../support/server-process.ts";
import { tempDir } from "../support/temp-dir.ts";

const ADMIN_TOKEN = "attack-test-admin-token-0123456789";
const ATTACK_MS = 3_000;
const WRITES_PER_SECOND = 20;

interface Outcome {
  readonly status: number;
  readonly error?: string;
}

/**
 * A simulated attack on the real server with every protection on: one honest agent writes and
 * reads steadily while a spammer floods, a forger sends broken signatures, a poisoner sends
 * garbage and blocked content, and a swarm without credentials pushes a false claim. The honest
 * agent must be served throughout, and the store must hold exactly what should be readable.
 */
test("under attack the honest agent is served; spam is limited, forgers broken, poison held, sybils shut out", async () => {
  const root = tempDir();
  const server = await startServer({
    STEMEDB_WAL_DIR: join(root, "wal"),
    STEMEDB_DB_DIR: join(root, "db"),
    STEMEDB_AUTH_ENABLED: "true",
    STEMEDB_ADMIN_TOKEN: ADMIN_TOKEN,
    STEMEDB_RATE_LIMIT_WRITES: `${WRITES_PER_SECOND}:${WRITES_PER_SECOND}`,
    STEMEDB_QUOTA_PER_HOUR: "1500",
    STEMEDB_QUARANTINE_PATTERNS: '["casino"]',
  });
  const call = async (method: string, path: string, auth: string | undefined, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        ...(auth !== undefined ? { authorization: `Bearer ${auth}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await response.json()) as Record<string, unknown>;
    return { status: response.status, json };
  };
  const keyFor = async (agentId: string): Promise<string> => {
    const created = await call("POST", "/v1/admin/api-keys", ADMIN_TOKEN, { agent_id: agentId });
    assert.equal(created.status, 201, JSON.stringify(created.json));
    return String(created.json["key"]);
  };
  const [honestKey, spamKey, forgerKey, poisonKey] = await Promise.all(
    ["honest", "spammer", "forger", "poisoner"].map(keyFor),
  );
  const until = Date.now() + ATTACK_MS;
  const record = (outcomes: Outcome[]) => (r: { status: number; json: Record<string, unknown> }) => {
    outcomes.push({
      status: r.status,
      ...(typeof r.json["error"] === "string" ? { error: r.json["error"] } : {}),
    });
    return r;
  };

  const honest: Outcome[] = [];
  const honestReads: Outcome[] = [];
  const honestHashes: string[] = [];
  const honestLoop = async (): Promise<void> => {
    for (let i = 0; Date.now() < until; i += 1) {
      const written = await call("POST", "/v1/assert", honestKey, {
        concept_path: `reactor/unit-${i}`,
        predicate: "coolant_temperature_c",
        value: 280 + i / 10,
        confidence: 0.8,
        authority_tier: "expert",
      }).then(record(honest));
      if (written.status === 201) honestHashes.push(String(written.json["hash"]));
      await call("GET", `/v1/query?concept_path=reactor/unit-${i}`, honestKey).then(record(honestReads));
      await new Promise((done) => setTimeout(done, 40));
    }
  };

  const spam: Outcome[] = [];
  const spamLoop = async (worker: number): Promise<void> => {
    for (let i = 0; Date.now() < until; i += 1) {
      await call("POST", "/v1/assert", spamKey, {
        concept_path: `ads/w${worker}/n${i}`,
        predicate: "best_product",
        value: `product number ${worker * 100_000 + i} is the best`,
        confidence: 0.6,
      }).then(record(spam));
    }
  };

  const forged: Outcome[] = [];
  const victim = generateAgentKey();
  const forgerLoop = async (): Promise<void> => {
    for (let i = 0; Date.now() < until; i += 1) {
      await call("POST", "/v1/assert", forgerKey, {
        concept_path: "drugs/semaglutide",
        predicate: "approved_for",
        value: `forged claim ${i}`,
        confidence: 0.9,
        signatures: [{ agent_id: victim.agentId, signature: "ab".repeat(64) }],
      }).then(record(forged));
      await new Promise((done) => setTimeout(done, 50));
    }
  };

  const poison: Outcome[] = [];
  const poisonLoop = async (): Promise<void> => {
    for (let i = 0; Date.now() < until; i += 1) {
      const garbage =
        i % 2 === 0
          ? {
              concept_path: `x://${"z".repeat(8)}${i}`,
              predicate: "zzzz",
              value: "z".repeat(24),
              confidence: 0.5,
            }
          : {
              concept_path: `games/site-${i}`,
              predicate: "review",
              value: `best casino ${i}`,
              confidence: 0.5,
            };
      await call("POST", "/v1/assert", poisonKey, garbage).then(record(poison));
      await new Promise((done) => setTimeout(done, 50));
    }
  };

  const sybils: Outcome[] = [];
  const sybilLoop = async (): Promise<void> => {
    for (let i = 0; Date.now() < until; i += 1) {
      const fake = generateAgentKey();
      await fetch(`${server.url}/v1/assert`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-agent-id": fake.agentId },
        body: JSON.stringify({
          concept_path: "drugs/semaglutide",
          predicate: "safe",
          value: true,
          confidence: 0.99,
        }),
      }).then(async (r) =>
        record(sybils)({ status: r.status, json: (await r.json()) as Record<string, unknown> }),
      );
    }
  };

  await Promise.all([
    honestLoop(),
    ...[0, 1, 2, 3, 4, 5, 6, 7].map(spamLoop),
    forgerLoop(),
    poisonLoop(),
    sybilLoop(),
    sybilLoop(),
  ]);

  const count = (outcomes: Outcome[], status: number, error?: string): number =>
    outcomes.filter((o) => o.status === status && (error === undefined || o.error === error)).length;
  assert.ok(honest.length >= 5, `the honest agent kept writing (${honest.length} writes)`);
  assert.equal(
    count(honest, 201),
    honest.length,
    `every honest write stored: ${JSON.stringify(honest.filter((o) => o.status !== 201))}`,
  );
  assert.equal(count(honestReads, 200), honestReads.length, "every honest read answered");

  const spamStored = count(spam, 201);
  // The bucket holds WRITES_PER_SECOND and refills at that rate; the quota may stop it sooner.
  const spamBudget = WRITES_PER_SECOND + WRITES_PER_SECOND * (ATTACK_MS / 1000 + 1);
  assert.ok(spamStored <= spamBudget, `spam stored ${spamStored}, at most ${spamBudget}`);
  assert.ok(count(spam, 429) > 0, `the flood was refused (${count(spam, 429)} × 429 of ${spam.length})`);
  // Near-identical ads stamped on many concepts are also held as near-duplicates.
  assert.equal(
    count(spam, 201) + count(spam, 202) + count(spam, 429),
    spam.length,
    "spam got only 201, 202 or 429",
  );

  assert.equal(count(forged, 201) + count(forged, 202), 0, "no forged write stored");
  assert.ok(count(forged, 400, "invalid_signature") >= 5, "forgeries were refused as invalid signatures");
  assert.ok(count(forged, 429, "circuit_open") > 0, "then the forger's breaker opened");

  assert.equal(
    count(poison, 202),
    poison.length,
    `every poisoned write held: ${JSON.stringify(poison.slice(0, 3))}`,
  );
  assert.equal(count(sybils, 401), sybils.length, "credential-less writers are shut out");

  const health = await call("GET", "/v1/health", undefined);
  assert.equal(
    health.json["assertion_count"],
    honest.length + spamStored,
    "the store holds exactly the accepted writes",
  );
  for (const hash of honestHashes.slice(0, 10)) {
    assert.equal(
      (await call("GET", `/v1/assertions/${hash}`, honestKey)).status,
      200,
      `honest ${hash} readable`,
    );
  }
  const held = await call("GET", "/v1/admin/quarantine?limit=10000", ADMIN_TOKEN);
  assert.equal(
    held.json["pending_count"],
    poison.length + count(spam, 202),
    "the quarantine holds the poison for review",
  );
  const breakers = await call("GET", "/v1/admin/circuit_breakers", ADMIN_TOKEN);
  const states = (breakers.json["circuit_breakers"] as { agent_id: string; state: string }[]).map((b) => [
    b.agent_id,
    b.state,
  ]);
  assert.deepEqual(
    states,
    [["forger", "OPEN"]],
    "only the forger is broken; the victim it impersonated is not",
  );
  const victimProfile = await call("GET", `/v1/agents/${victim.agentId}`, honestKey);
  assert.equal((victimProfile.json["circuit_breaker"] as { state: string }).state, "CLOSED");
});
