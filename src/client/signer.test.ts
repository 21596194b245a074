import assert from "node:assert/strict";
import { describe, it, test } from "node:test";
import fc from "fast-check";
import { ValidationError } from "../errors.ts";
import { normalizeAssertion } from "../model/normalize.ts";
import { agentIdFromSeed, signHash, verifyAll, verifySignature as modelVerify } from "../model/signature.ts";
import { signingMessage as modelSigningMessage } from "../model/signature.ts";
import { hashAssertion } from "./hash-assertion.ts";
import { PRIVATE_KEY_VARIABLE, Signer } from "./signer.ts";
import { signingMessage } from "./signing-message.ts";
import { vectorFiles } from "./test-vectors.ts";
import { verifySignature } from "./verify-signature.ts";

describe("Signer reproduces every signature of the test vectors", () => {
  for (const { file, agent, cosigner, cases } of vectorFiles()) {
    it(`${file}: agent ids from the seeds`, async () => {
      assert.equal((await Signer.fromHex(agent.seed_hex)).agentId, agent.agent_id);
      if (cosigner !== undefined)
        assert.equal((await Signer.fromHex(cosigner.seed_hex)).agentId, cosigner.agent_id);
    });
    for (const c of cases.filter((v) => v.signature !== undefined)) {
      it(`${file}: ${c.name}`, async () => {
        const signer = await Signer.fromHex(agent.seed_hex);
        assert.equal(await signer.signHash(c.hash), c.signature);
        assert.equal(
          await verifySignature(c.hash, { agent_id: agent.agent_id, signature: c.signature ?? "" }),
          true,
        );
      });
    }
  }
});

test("Signer and the model's node:crypto signatures agree for any key and hash", async () => {
  const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
  await fc.assert(
    fc.asyncProperty(hex, hex, async (seed, hash) => {
      const signer = await Signer.fromHex(seed);
      assert.equal(signer.agentId, agentIdFromSeed(seed));
      const signature = await signer.signHash(hash);
      assert.equal(signature, signHash(hash, seed), "Ed25519 is deterministic: the same bytes");
      assert.equal(modelVerify(hash, { agentId: signer.agentId, signature, timestampMs: 0 }), true);
      const other = hash.replace(/^./, (x) => (x === "0" ? "1" : "0"));
      assert.equal(await verifySignature(other, { agent_id: signer.agentId, signature }), false);
    }),
    { numRuns: 25 },
  );
  assert.equal(signingMessage("ab".repeat(32)), modelSigningMessage("ab".repeat(32)));
});

test("generate, export and fromEnv", async () => {
  const signer = await Signer.generate();
  assert.notEqual(signer.agentId, (await Signer.generate()).agentId);
  const again = await Signer.fromHex(signer.exportPrivateKeyHex());
  assert.equal(again.agentId, signer.agentId);
  const fromEnv = await Signer.fromEnv({
    [PRIVATE_KEY_VARIABLE]: signer.exportPrivateKeyHex().toUpperCase(),
  });
  assert.equal(fromEnv.agentId, signer.agentId);
  await assert.rejects(Signer.fromEnv({}), /STEMEDB_PRIVATE_KEY is not set/);
  await assert.rejects(Signer.fromHex("abc"), TypeError);
});

test("signAssertion stamps the time, signs the server's hash, and co-signs without changing it", async () => {
  const author = await Signer.generate();
  const cosigner = await Signer.generate();
  const untimed = {
    concept_path: "drugs/aspirin",
    predicate: "max_daily_dose_mg",
    value: 4000,
    confidence: 0.9,
  };
  const signed = await author.signAssertion(untimed);
  assert.equal(typeof signed.timestamp, "string", "stamped: the time is content");
  const both = await cosigner.signAssertion(signed);
  const stored = normalizeAssertion(both, { nowMs: Date.now() });
  assert.equal(stored.hash, hashAssertion(signed), "co-signing leaves the hash alone");
  assert.deepEqual(
    stored.signatures.map((s) => s.agentId),
    [author.agentId, cosigner.agentId],
  );
  assert.doesNotThrow(() => {
    verifyAll(stored.hash, stored.signatures);
  }, "the model's verifier accepts both");
  assert.deepEqual(await cosigner.signAssertion(both), both, "signing twice adds nothing");

  // The API's output form of an unsigned assertion names its attributed agent; signed, the signer is.
  const output = { ...signed, signatures: [], agent_id: "anonymous", hash: hashAssertion(signed) };
  const resigned = await author.signAssertion(output);
  assert.equal("agent_id" in resigned, false);
  assert.equal(normalizeAssertion(resigned, { nowMs: Date.now() }).agentId, author.agentId);
});

test("signing refuses content the server would refuse", async () => {
  const signer = await Signer.generate();
  await assert.rejects(
    signer.signAssertion({ concept_path: "a/b", predicate: "p", value: 1, confidence: 7 }),
    (error) => error instanceof ValidationError && error.field === "confidence",
  );
  await assert.rejects(signer.signHash("not a hash"), TypeError);
});
