import assert from "node:assert/strict";
import { test } from "node:test";
import { testApp } from "../support/test-app.ts";

const NFC = "caf\u00e9/x";
const NFD = "cafe\u0301/x";

interface QueryJson {
  readonly assertions: readonly {
    readonly hash: string;
    readonly concept_path: string;
    readonly predicate: string;
  }[];
}

test("two spellings of one path land on one concept, through every API that names paths", async (t) => {
  const { app, db } = await testApp({ STEMEDB_QUARANTINE_ENABLED: "false" });
  assert.notEqual(NFC, NFD, "the spellings differ as strings");
  assert.equal(NFC, NFD.normalize("NFC"), "and are one path after NFC");

  const write = async (conceptPath: string, predicate: string, value: string): Promise<string> => {
    const res = await app.inject({
      method: "POST",
      url: "/v1/assert",
      payload: { concept_path: conceptPath, predicate, value, confidence: 0.8, authority_tier: "expert" },
    });
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json<{ hash: string; assertion: { concept_path: string; predicate: string } }>();
    assert.equal(body.assertion.concept_path, NFC, "stored under the NFC spelling");
    return body.hash;
  };
  // The predicate too: "größe" with a combining diaeresis, and precomposed.
  const one = await write(NFC, "gr\u00f6\u00dfe", "one");
  const two = await write(NFD, "gro\u0308\u00dfe", "two");
  assert.notEqual(one, two, "two assertions (different values)");

  await t.test("GET /v1/query with either spelling returns both", async () => {
    for (const path of [NFC, NFD]) {
      const res = await app.inject({
        method: "GET",
        url: `/v1/query?concept_path=${encodeURIComponent(path)}`,
      });
      assert.equal(res.statusCode, 200, res.body);
      const hashes = res.json<QueryJson>().assertions.map((a) => a.hash);
      assert.deepEqual(new Set(hashes), new Set([one, two]), `${JSON.stringify(path)} finds both`);
    }
  });

  await t.test("POST /v1/query and a subtree with either spelling return both", async () => {
    for (const path of [NFC, NFD, "cafe\u0301/*"]) {
      const res = await app.inject({ method: "POST", url: "/v1/query", payload: { concept_path: path } });
      assert.equal(res.statusCode, 200, res.body);
      const hashes = res.json<QueryJson>().assertions.map((a) => a.hash);
      assert.deepEqual(new Set(hashes), new Set([one, two]), `${JSON.stringify(path)} finds both`);
      const pairs = new Set(res.json<QueryJson>().assertions.map((a) => `${a.concept_path}|${a.predicate}`));
      assert.equal(pairs.size, 1, "one (concept, predicate) pair, not two");
    }
  });

  await t.test("the concept tree and the skeptic see one concept", async () => {
    const tree = await app.inject({ method: "GET", url: "/v1/concepts" });
    const children = tree.json<{ children: { name: string; assertion_count: number }[] }>().children;
    assert.deepEqual(children, [{ ...children[0], name: "caf\u00e9", assertion_count: 2 }], tree.body);
    const skeptic = await app.inject({
      method: "GET",
      url: `/v1/skeptic?concept_path=${encodeURIComponent(NFD)}&predicate=${encodeURIComponent("gro\u0308\u00dfe")}`,
    });
    assert.equal(skeptic.statusCode, 200, skeptic.body);
    assert.equal(skeptic.json<{ candidates_count: number }>().candidates_count, 2, skeptic.body);
  });

  assert.equal(db.store.assertionCount, 2);
});

test("paths with dot segments, control or invisible characters are refused with 400 naming the field", async () => {
  const { app, db } = await testApp();
  const bad: readonly (readonly [string, string])[] = [
    ["..", "bad_path"],
    [".", "bad_path"],
    ["a/../b", "bad_path"],
    ["./a", "bad_path"],
    ["a/.", "bad_path"],
    ["a//b", "bad_path"],
    ["/a", "bad_path"],
    ["a\u0000b", "control_character"],
    ["a\u001b[2Jb", "control_character"],
    ["a\u007fb", "control_character"],
    ["a\u0080b", "control_character"],
    ["a\u0085b", "control_character"],
    ["a\u009bb", "control_character"],
    ["drug/\u202eefas", "invisible_character"],
    ["drug/\u2067x\u2069", "invisible_character"],
    ["ca\u200bfe/x", "invisible_character"],
  ];
  for (const [path, reason] of bad) {
    const label = JSON.stringify(path);
    const write = await app.inject({
      method: "POST",
      url: "/v1/assert",
      payload: { concept_path: path, predicate: "p", value: "v", confidence: 0.5 },
    });
    assert.equal(write.statusCode, 400, `${label}: ${write.body}`);
    const body = write.json<{ error: string; field: string; reason: string }>();
    assert.deepEqual(
      [body.error, body.field, body.reason],
      ["validation_failed", "concept_path", reason],
      label,
    );

    const alias = await app.inject({
      method: "POST",
      url: "/v1/assert",
      payload: { subject: path, predicate: "p", object: "v", confidence: 0.5 },
    });
    assert.equal(alias.statusCode, 400, `${label} as subject: ${alias.body}`);

    const read = await app.inject({
      method: "GET",
      url: `/v1/query?concept_path=${encodeURIComponent(path)}`,
    });
    assert.equal(read.statusCode, 400, `${label} in a query: ${read.body}`);
    assert.match(read.json<{ field: string }>().field, /concept_path/, `${label} in a query names the field`);
  }
  assert.equal(db.store.assertionCount, 0, "nothing was stored");
});
