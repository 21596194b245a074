import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { SignatureError } from "../errors.ts";
import { canonicalBytes, contentHash } from "./content-hash.ts";
import { normalizeAssertion } from "./normalize.ts";
import { agentIdFromSeed, signHash, verifyAll, verifySignature } from "./signature.ts";

/** The shape of a test-vector file (`spec/vectors.json` and the project's own, in test/vectors). */
interface VectorFile {
  readonly agent: { readonly seed_hex: string; readonly agent_id: string };
  readonly cosigner?: { readonly seed_hex: string; readonly agent_id: string };
  readonly message_format: string;
  readonly cases: readonly {
    readonly name: string;
    readonly input: unknown;
    readonly canonical: string;
    readonly hash: string;
    readonly signature: string;
  }[];
}

const dir = new URL("../../test/vectors/", import.meta.url);
const files = readdirSync(dir).filter((name) => name.endsWith(".json"));
// A fixed "now": every vector states its timestamps, so it must never be used.
const options = { nowMs: 1 };

describe("test vectors", () => {
  it("include the spec's vectors unchanged", () => {
    const spec = readFileSync(new URL("../../../shared/spec/vectors.json", import.meta.url), "utf8");
    assert.deepEqual(JSON.parse(readFileSync(new URL("spec-vectors.json", dir), "utf8")), JSON.parse(spec));
  });

  for (const file of files) {
    describe(file, () => {
      const vectors = JSON.parse(readFileSync(new URL(file, dir), "utf8")) as VectorFile;

      it("derive the agent ids from the seeds", () => {
        assert.equal(vectors.message_format, "stemedb:v1:<hash hex>");
        assert.equal(agentIdFromSeed(vectors.agent.seed_hex), vectors.agent.agent_id);
        if (vectors.cosigner)
          assert.equal(agentIdFromSeed(vectors.cosigner.seed_hex), vectors.cosigner.agent_id);
      });

      for (const c of vectors.cases) {
        it(c.name, () => {
          const a = normalizeAssertion(c.input, options);
          assert.deepEqual(canonicalBytes(a), new TextEncoder().encode(c.canonical));
          assert.equal(contentHash(a), c.hash);
          assert.equal(a.hash, c.hash);
          assert.equal(signHash(c.hash, vectors.agent.seed_hex), c.signature);
          const sig = { agentId: vectors.agent.agent_id, signature: c.signature, timestampMs: 0 };
          assert.equal(verifySignature(c.hash, sig), true);
          // Any other message must fail: the signature covers this hash only.
          assert.equal(
            verifySignature(
              c.hash.replace(/^./, (x) => (x === "0" ? "1" : "0")),
              sig,
            ),
            false,
          );
          verifyAll(a.hash, a.signatures);
        });
      }
    });
  }

  it("a tampered co-signature fails verifyAll naming its index and agent", () => {
    const more = JSON.parse(readFileSync(new URL("more-vectors.json", dir), "utf8")) as VectorFile;
    const signed = more.cases.find((c) => Array.isArray((c.input as { signatures?: unknown }).signatures));
    assert.ok(signed);
    const a = normalizeAssertion(signed.input, options);
    assert.equal(a.signatures.length, 2);
    const [author, cosigner] = a.signatures;
    const bad = { ...cosigner!, signature: author!.signature };
    assert.throws(
      () => {
        verifyAll(a.hash, [author!, bad]);
      },
      (error: unknown) =>
        error instanceof SignatureError &&
        error.field === "signatures[1].signature" &&
        error.agentId === more.cosigner?.agent_id,
    );
  });
});
