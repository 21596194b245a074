import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { SignatureError } from "../errors.ts";
import { blake3Hex, canonicalBytes, contentHash } from "./content-hash.ts";
import { canonicalize } from "./jcs.ts";
import { epochContentObject, epochHash, normalizeEpoch } from "./epoch.ts";
import { normalizeAssertion } from "./normalize.ts";
import { recordCanonicalBytes } from "./record-hash.ts";
import { normalizeRetraction, retractionContentObject, retractionHash } from "./retraction.ts";
import { agentIdFromSeed, signHash, verifyAll, verifySignature } from "./signature.ts";
import { normalizeSource, sourceContentHash } from "./source-record.ts";
import { verifyVote } from "./vote-signature.ts";
import { normalizeVote, voteContentObject, voteHash } from "./vote.ts";

/** The kinds of record a vector may hold; a case without `kind` is an assertion. */
type VectorKind = "assertion" | "vote" | "epoch" | "source" | "retraction";

/** One vector: input as a client sends it → canonical bytes → hash → the agent's signature. */
interface VectorCase {
  readonly kind?: VectorKind;
  readonly name: string;
  readonly input: unknown;
  /** JCS of the content object; for a source, the content itself (its hash is the BLAKE3 of it). */
  readonly canonical: string;
  readonly hash: string;
  /** `agent.seed_hex`'s signature of the hash; absent for sources, which are not signed. */
  readonly signature?: string;
}

/** The shape of a test-vector file (`spec/vectors.json` and the project's own, in test/vectors). */
interface VectorFile {
  readonly agent: { readonly seed_hex: string; readonly agent_id: string };
  readonly cosigner?: { readonly seed_hex: string; readonly agent_id: string };
  readonly message_format: string;
  readonly cases: readonly VectorCase[];
}

const dir = new URL("../../test/vectors/", import.meta.url);
const files = readdirSync(dir).filter((name) => name.endsWith(".json"));
// A fixed "now": every vector states its timestamps, so it must never be used.
const options = { nowMs: 1 };
const utf8 = new TextEncoder();

describe("test vectors", () => {
  it("include the spec's vectors unchanged", () => {
    // The spec's vectors.json lives outside the repository, so a clone cannot read it: its
    // content is pinned instead, as the BLAKE3 of its RFC 8785 canonical JSON (computed from the
    // spec's file when the copy was made; any edit of the copy changes it).
    const copy: unknown = JSON.parse(readFileSync(new URL("spec-vectors.json", dir), "utf8"));
    assert.equal(
      blake3Hex(utf8.encode(canonicalize(copy))),
      "945d444969103d84d9457d9c7f5f67a9ff17243ba2931a29bc62a8bdf00b8934",
    );
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
          assert.equal(checkRecord(c), c.hash);
          if (c.kind === "source") return;
          assert.ok(c.signature !== undefined, `the ${c.kind ?? "assertion"} vector has a signature`);
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
        });
      }
    });
  }

  it("record-vectors.json covers every record kind, signed, co-signed and unsigned", () => {
    const records = JSON.parse(readFileSync(new URL("record-vectors.json", dir), "utf8")) as VectorFile;
    const kinds = new Set(records.cases.map((c) => c.kind));
    assert.deepEqual([...kinds].sort(), ["epoch", "retraction", "source", "vote"]);
    const signers = records.cases.map((c) => {
      const input = c.input as { signatures?: unknown[]; signature?: unknown };
      return input.signatures?.length ?? (input.signature === undefined ? 0 : 1);
    });
    assert.deepEqual(
      [0, 1, 2].map((n) => signers.includes(n)),
      [true, true, true],
      "0, 1 and 2 signers",
    );
  });

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

/**
 * Normalises a case's input as its kind, checks the canonical bytes and the hash, verifies the
 * signatures it carries, and returns the hash that was computed.
 */
function checkRecord(c: VectorCase): string {
  const canonical = utf8.encode(c.canonical);
  switch (c.kind ?? "assertion") {
    case "assertion": {
      const a = normalizeAssertion(c.input, options);
      assert.deepEqual(canonicalBytes(a), canonical);
      assert.equal(contentHash(a), c.hash);
      verifyAll(a.hash, a.signatures);
      return a.hash;
    }
    case "vote": {
      const v = normalizeVote(c.input, options);
      assert.deepEqual(recordCanonicalBytes(voteContentObject(v)), canonical);
      assert.equal(voteHash(v), c.hash);
      verifyVote(v);
      return v.hash;
    }
    case "epoch": {
      const e = normalizeEpoch(c.input, options);
      assert.deepEqual(recordCanonicalBytes(epochContentObject(e)), canonical);
      assert.equal(epochHash(e), c.hash);
      verifyAll(e.hash, e.signatures);
      return e.hash;
    }
    case "retraction": {
      const r = normalizeRetraction(c.input, options);
      assert.deepEqual(recordCanonicalBytes(retractionContentObject(r)), canonical);
      assert.equal(retractionHash(r), c.hash);
      verifyAll(r.hash, r.signatures);
      return r.hash;
    }
    case "source": {
      // A source's identity is the BLAKE3 of its content, which `canonical` holds.
      const s = normalizeSource(c.input, options);
      assert.equal(sourceContentHash(canonical), c.hash);
      if (s.content !== undefined) assert.deepEqual(s.content, canonical);
      assert.equal(c.signature, undefined, "sources are not signed: a source vector has no signature");
      return s.hash;
    }
  }
}
