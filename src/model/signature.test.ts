import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { SignatureError } from "../errors.ts";
import {
  agentIdFromSeed,
  generateAgentKey,
  signHash,
  signingMessage,
  verifyAll,
  verifySignature,
} from "./signature.ts";

// RFC 8032 §7.1 TEST 1 and TEST 2 key pairs.
const seed1 = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const agent1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const seed2 = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
const agent2 = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
const hash = "6145fb09bb35bcfd49cc21b23289174e80abe4e484d57e2785ddb597a8caeb87";

describe("signatures", () => {
  it("derive RFC 8032 public keys from seeds", () => {
    assert.equal(agentIdFromSeed(seed1), agent1);
    assert.equal(agentIdFromSeed(seed2), agent2);
    assert.equal(agentIdFromSeed(seed1.toUpperCase()), agent1);
  });

  it("sign stemedb:v1:<hash> deterministically (spec vector 1)", () => {
    assert.equal(signingMessage(hash), `stemedb:v1:${hash}`);
    const signature = signHash(hash, seed1);
    assert.equal(
      signature,
      "b2ced2980a0626ab2ff59d1148d55402f5d5bbc5ab9f24c9f01efcad951f438b5fc19396016f2ba0dfeacdc110aa0430545914bc307707abb04cdd95576dc408",
    );
    assert.equal(signHash(hash, seed1), signature);
  });

  it("verify a good signature, in either hex case", () => {
    const signature = signHash(hash, seed2);
    assert.equal(verifySignature(hash, { agentId: agent2, signature, timestampMs: 0 }), true);
    assert.equal(
      verifySignature(hash, {
        agentId: agent2.toUpperCase(),
        signature: signature.toUpperCase(),
        timestampMs: 0,
      }),
      true,
    );
  });

  const signature = signHash(hash, seed1);
  const flipped = (hex: string, at: number) =>
    hex.slice(0, at) + (hex[at] === "0" ? "1" : "0") + hex.slice(at + 1);
  const refused: readonly [string, string, { agentId: string; signature: string; timestampMs: number }][] = [
    ["another agent's key", hash, { agentId: agent2, signature, timestampMs: 0 }],
    ["another hash", flipped(hash, 63), { agentId: agent1, signature, timestampMs: 0 }],
    ["a changed R", hash, { agentId: agent1, signature: flipped(signature, 0), timestampMs: 0 }],
    ["a changed S", hash, { agentId: agent1, signature: flipped(signature, 127), timestampMs: 0 }],
    ["a short signature", hash, { agentId: agent1, signature: signature.slice(2), timestampMs: 0 }],
    ["a non-hex agent", hash, { agentId: "zz".repeat(32), signature, timestampMs: 0 }],
    ["a short agent", hash, { agentId: agent1.slice(2), signature, timestampMs: 0 }],
    ["an upper-case hash", hash.toUpperCase(), { agentId: agent1, signature, timestampMs: 0 }],
  ];
  for (const [name, signedHash, sig] of refused) {
    it(`refuse ${name}`, () => {
      assert.equal(verifySignature(signedHash, sig), false);
    });
  }

  it("generate fresh keys that sign and verify", () => {
    const { seedHex, agentId } = generateAgentKey();
    assert.match(seedHex, /^[0-9a-f]{64}$/);
    assert.equal(agentIdFromSeed(seedHex), agentId);
    assert.notEqual(generateAgentKey().seedHex, seedHex);
    assert.equal(
      verifySignature(hash, { agentId, signature: signHash(hash, seedHex), timestampMs: 0 }),
      true,
    );
  });

  it("verifyAll accepts all-good signatures and names the first bad one", () => {
    const good1 = { agentId: agent1, signature: signHash(hash, seed1), timestampMs: 0 };
    const good2 = { agentId: agent2, signature: signHash(hash, seed2), timestampMs: 0 };
    verifyAll(hash, []);
    verifyAll(hash, [good1, good2]);
    const bad = { ...good2, signature: good1.signature };
    assert.throws(
      () => {
        verifyAll(hash, [good1, bad, bad]);
      },
      (error: unknown) =>
        error instanceof SignatureError &&
        error.field === "signatures[1].signature" &&
        error.agentId === agent2 &&
        error.message.includes(`stemedb:v1:${hash}`) &&
        !error.message.endsWith("."),
    );
  });

  it("throw TypeError on misuse: a bad seed or a hash that is not 64 lowercase hex", () => {
    assert.throws(() => signHash(hash, "abc"), TypeError);
    assert.throws(() => signHash("abc", seed1), TypeError);
    assert.throws(() => agentIdFromSeed("zz".repeat(32)), TypeError);
  });
});
