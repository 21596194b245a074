import assert from "node:assert/strict";
import { describe, it, test } from "node:test";
import { buildSource } from "./build-source.ts";
import { hashAssertion } from "./hash-assertion.ts";
import { hashEpoch, hashRetraction, hashSource, hashVote } from "./hash-records.ts";
import type { AssertionInput, EpochInput } from "./api-types.ts";
import { vectorFiles, type VectorCase } from "./test-vectors.ts";

/** The hash the SDK computes for a vector's input, by the vector's kind. */
function sdkHash(c: VectorCase): string {
  switch (c.kind ?? "assertion") {
    case "assertion":
      return hashAssertion(c.input as AssertionInput);
    case "vote":
      return hashVote(c.input);
    case "epoch":
      return hashEpoch(c.input as EpochInput);
    case "retraction":
      return hashRetraction(String(c.input["source"]), c.input);
    case "source": {
      const { content, content_base64: base64, hash, uri, title } = c.input;
      const bytes =
        typeof base64 === "string" ? Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0)) : undefined;
      const source = buildSource({
        ...(typeof content === "string" ? { content } : bytes !== undefined ? { content: bytes } : {}),
        ...(typeof hash === "string" ? { hash } : {}),
        ...(typeof uri === "string" ? { uri } : {}),
        ...(typeof title === "string" ? { title } : {}),
      });
      if (content !== undefined || bytes !== undefined) assert.equal(hashSource(c.canonical), source.hash);
      return source.hash;
    }
  }
}

describe("the SDK's content hashes equal the test vectors'", () => {
  for (const { file, cases } of vectorFiles()) {
    for (const c of cases) {
      it(`${file}: ${c.name}`, () => {
        assert.equal(sdkHash(c), c.hash);
      });
    }
  }
});

test("hashes need a timestamp: the server would stamp its own", () => {
  assert.throws(
    () => hashAssertion({ concept_path: "a/b", predicate: "p", value: 1, confidence: 1 }),
    TypeError,
  );
  assert.throws(() => hashVote({ assertion: "0".repeat(64) }), TypeError);
  assert.throws(() => hashEpoch({ name: "e" }), TypeError);
  assert.throws(() => hashRetraction("0".repeat(64), {}), TypeError);
});
