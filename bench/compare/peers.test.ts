import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { StemeDb } from "../../src/db/steme-db.ts";
import type { LensName, Resolution } from "../../src/lens/index.ts";
import { parseQuerySpec } from "../../src/query/query-spec.ts";
import { runQuery } from "../../src/query/run-query.ts";
import { toBenchClaim, valueJson } from "./bench-claim.ts";
import { LENS_QUERY_NAMES, readsWholeTable, type ExplainTarget, type LensPlans } from "./explain.ts";
import type { Dialect } from "./lens-sql.ts";
import type { LensAnswer, Peer, SkepticShare } from "./peer.ts";
import { PostgresPeer } from "./postgres-peer.ts";
import { startPostgres, type PostgresServer } from "./postgres-server.ts";
import { SqlitePeer } from "./sqlite-peer.ts";
import { NOW_MS, makeClaimSet, type TestPair } from "./test-claims.ts";

/** A SQL peer with the extras a benchmark run uses around its timed parts. */
interface SqlPeer extends Peer {
  analyze(): Promise<void>;
  explain(target: ExplainTarget): Promise<LensPlans>;
}

const TOLERANCE = 1e-9;
const claimSet = makeClaimSet({ seed: 0x5eed, filler: 10_000 });
const claims = claimSet.assertions.map(toBenchClaim);
const PREFIXES = ["bench/g1", "bench/g10", "bench/g1/deep", "bench", "bench/g2/c3", "nothing/here"];

// Removed in `after` once everything in it is closed.
const dir = mkdtempSync(join(tmpdir(), "stemedb-bench-compare-"));
let stemedb: StemeDb | undefined;
let server: PostgresServer | undefined;
const peers = new Map<Dialect, SqlPeer>();

before(async () => {
  stemedb = await StemeDb.open({ walDir: join(dir, "wal"), dbDir: join(dir, "db") });
  await stemedb.appendMany(claimSet.assertions);
  server = await startPostgres();
  const postgres = await PostgresPeer.open(server);
  peers.set("postgres", postgres);
  const sqlite = SqlitePeer.open(join(dir, "claims.sqlite"));
  peers.set("sqlite", sqlite);
  // Two transactions whose claims overlap by 100: already stored claims must be skipped, not fail.
  const half = Math.floor(claims.length / 2) + 7;
  for (const peer of peers.values()) {
    await peer.ingest(claims.slice(0, half));
    await peer.ingest(claims.slice(half - 100));
    await peer.analyze();
  }
});

after(async () => {
  try {
    for (const peer of peers.values()) await peer.close();
    await stemedb?.close();
  } finally {
    // PostgreSQL is stopped by its PID whatever else failed.
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

function db(): StemeDb {
  assert.ok(stemedb !== undefined, "StemeDB is open");
  return stemedb;
}

function resolve(lens: LensName, pair: TestPair): Resolution | undefined {
  const spec = parseQuerySpec({ concept_path: pair.conceptPath, predicate: pair.predicate, lens }, "body");
  return runQuery(db().store, db().evidence, spec, { nowMs: NOW_MS }).pairs[0]?.resolution;
}

function expectedAnswer(lens: LensName, pair: TestPair): LensAnswer | undefined {
  const r = resolve(lens, pair);
  if (r?.value == null || r.resolutionConfidence === null) return undefined;
  return { valueJson: valueJson(r.value), resolutionConfidence: r.resolutionConfidence };
}

function expectedShares(pair: TestPair): SkepticShare[] {
  return (resolve("skeptic", pair)?.values ?? []).map((v) => ({
    valueJson: valueJson(v.value),
    share: v.share,
    supporters: v.supporters,
  }));
}

function assertAnswer(actual: LensAnswer | undefined, expected: LensAnswer | undefined, where: string): void {
  if (expected === undefined) {
    assert.equal(actual, undefined, where);
    return;
  }
  assert.ok(actual !== undefined, `${where}: no answer`);
  assert.equal(actual.valueJson, expected.valueJson, `${where}: value`);
  assert.ok(
    Math.abs(actual.resolutionConfidence - expected.resolutionConfidence) <= TOLERANCE,
    `${where}: resolution confidence ${actual.resolutionConfidence}, StemeDB ${expected.resolutionConfidence}`,
  );
}

test("the claim set has ties, future claims and enough rows for the planners", () => {
  assert.ok(claims.length >= 10_000, `${claims.length} claims`);
  assert.ok(claims.some((c) => c.timestampMs > NOW_MS));
  assert.ok(claimSet.pairs.length >= 50);
  assert.equal(new Set(claims.map((c) => c.hash)).size, claims.length);
});

for (const dialect of ["postgres", "sqlite"] as const) {
  describe(`the ${dialect} peer`, () => {
    const peer = (): SqlPeer => {
      const p = peers.get(dialect);
      assert.ok(p !== undefined, `the ${dialect} peer is open`);
      return p;
    };
    const lensOf = {
      recency: (p: TestPair) => peer().recency(p.conceptPath, p.predicate, NOW_MS),
      consensus: (p: TestPair) => peer().consensus(p.conceptPath, p.predicate, NOW_MS),
      authority: (p: TestPair) => peer().authority(p.conceptPath, p.predicate, NOW_MS),
    } as const;

    for (const lens of ["recency", "consensus", "authority"] as const) {
      test(`answers ${lens} as StemeDB does on every pair`, async () => {
        for (const pair of claimSet.pairs) {
          const where = `${lens} ${pair.conceptPath} ${pair.predicate}`;
          assertAnswer(await lensOf[lens](pair), expectedAnswer(lens, pair), where);
        }
        assert.equal(await lensOf[lens]({ conceptPath: "no/such", predicate: "p0" }), undefined);
      });
    }

    test("answers skeptic as StemeDB does on every pair", async () => {
      for (const pair of claimSet.pairs) {
        const actual = await peer().skeptic(pair.conceptPath, pair.predicate, NOW_MS);
        const expected = expectedShares(pair);
        const where = `skeptic ${pair.conceptPath} ${pair.predicate}`;
        assert.deepEqual(
          actual.map((s) => [s.valueJson, s.supporters]),
          expected.map((s) => [s.valueJson, s.supporters]),
          where,
        );
        actual.forEach((s, i) => {
          const share = expected[i]?.share ?? NaN;
          assert.ok(Math.abs(s.share - share) <= TOLERANCE, `${where}: share ${s.share}, StemeDB ${share}`);
        });
      }
      assert.deepEqual(await peer().skeptic("no/such", "p0", NOW_MS), []);
    });

    test("counts the pairs of a subtree as StemeDB does", async () => {
      for (const prefix of PREFIXES) {
        const spec = parseQuerySpec({ concept_path: `${prefix}/*`, lens: "recency", limit: 10_000 }, "body");
        const answer = runQuery(db().store, db().evidence, spec, { nowMs: NOW_MS });
        assert.equal(answer.truncated, false);
        assert.equal(await peer().prefixRecency(prefix, NOW_MS), answer.pairs.length, prefix);
      }
    });

    test("plans every lens query with the pair index, not a scan of the table", async (t) => {
      const pair = claimSet.pairs.find((p) => p.conceptPath === "bench/g2/c3") ?? claimSet.pairs[0]!;
      const plans = await peer().explain({ ...pair, prefix: "bench/g1", nowMs: NOW_MS });
      for (const name of LENS_QUERY_NAMES) {
        t.diagnostic(`${name}:\n${plans[name]}`);
        assert.ok(plans[name].includes("claims_pair_newest"), `${name} uses the pair index:\n${plans[name]}`);
        assert.equal(
          readsWholeTable(dialect, plans[name]),
          false,
          `${name} reads the whole table:\n${plans[name]}`,
        );
      }
    });

    test("reports its bytes on disk", async () => {
      assert.ok((await peer().bytesOnDisk()) > 100_000);
    });
  });
}

test("the PostgreSQL server runs as its own process and counts its whole directory", async () => {
  assert.ok(server !== undefined);
  assert.ok(server.pid > 0);
  assert.ok((await server.bytesOnDisk()) > 1_000_000);
});
