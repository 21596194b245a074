import assert from "node:assert/strict";
import { test } from "node:test";
import { ValidationError } from "../errors.ts";
import { buildAssertion } from "./build-assertion.ts";
import { buildEpoch } from "./build-epoch.ts";
import { buildRetraction } from "./build-retraction.ts";
import { buildSource } from "./build-source.ts";
import { buildVote } from "./build-vote.ts";
import { hashSource } from "./hash-records.ts";
import { referenceValue } from "./reference-value.ts";

const HASH = "AB".repeat(32);

test("buildAssertion spells an assertion canonically and stamps its time", () => {
  const before = Date.now();
  const draft = buildAssertion({
    concept_path: "cafe\u0301/menu",
    predicate: "opens_at",
    value: "08:00",
    confidence: 1,
    authority_tier: 3,
    source: { uri: "https://example.org/menu", hash: HASH },
    epoch: HASH,
  });
  assert.equal(draft.concept_path, "caf\u00e9/menu", "NFC");
  assert.deepEqual(draft.value, { type: "text", value: "08:00" });
  assert.equal(draft.authority_tier, "expert");
  assert.deepEqual(draft.source, { uri: "https://example.org/menu", hash: HASH.toLowerCase() });
  assert.equal(draft.epoch, HASH.toLowerCase());
  assert.equal("lifecycle" in draft, false, "the default is left out");
  const stamped = Date.parse(draft.timestamp);
  assert.ok(stamped >= before && stamped <= Date.now(), "now, by default");

  const cases: [Parameters<typeof buildAssertion>[0]["value"], unknown][] = [
    [true, { type: "boolean", value: true }],
    [1.15, { type: "number", value: 1.15 }],
    [referenceValue("drugs/aspirin"), { type: "reference", value: "drugs/aspirin" }],
  ];
  for (const [value, tagged] of cases) {
    assert.deepEqual(
      buildAssertion({ concept_path: "a/b", predicate: "p", value, confidence: 0.5 }).value,
      tagged,
    );
  }
  const dated = buildAssertion({
    concept_path: "a/b",
    predicate: "p",
    value: 1,
    confidence: 0.5,
    lifecycle: "approved",
    timestamp: new Date("2026-02-11T14:30:00+01:00"),
  });
  assert.equal(dated.timestamp, "2026-02-11T13:30:00.000Z");
  assert.equal(dated.lifecycle, "approved");
  assert.equal(buildAssertion({ ...dated, timestamp: 1_770_820_200 }).timestamp, "2026-02-11T14:30:00.000Z");
});

test("builders throw the server's ValidationError, naming the field", () => {
  const cases: [() => unknown, string][] = [
    [() => buildAssertion({ concept_path: "a//b", predicate: "p", value: 1, confidence: 1 }), "concept_path"],
    [
      () => buildAssertion({ concept_path: "a/b", predicate: "p", value: Number.NaN, confidence: 1 }),
      "value",
    ],
    [
      () => buildAssertion({ concept_path: "a/b", predicate: "p", value: 1, confidence: 1, parent: "x" }),
      "parent",
    ],
    [() => buildVote({ assertion: HASH, weight: 1.5 }), "weight"],
    [() => buildVote({ assertion: "short" }), "assertion"],
    [() => buildEpoch({ name: "" }), "name"],
    [() => buildEpoch({ name: "e", supersedes: [HASH, HASH.toLowerCase()] }), "supersedes[1]"],
    [() => buildRetraction({ source: "nope" }), "source"],
  ];
  for (const [build, field] of cases) {
    assert.throws(build, (error) => error instanceof ValidationError && error.field === field, field);
  }
});

test("buildVote, buildEpoch and buildRetraction: canonical and stamped", () => {
  const vote = buildVote({ assertion: HASH, timestamp: "2026-02-11T15:00:00Z" });
  assert.deepEqual(vote, { assertion: HASH.toLowerCase(), weight: 1, timestamp: "2026-02-11T15:00:00.000Z" });
  const epoch = buildEpoch({ name: "guidelines-2026", supersedes: ["ff".repeat(32), HASH] });
  assert.deepEqual(epoch.supersedes, [HASH.toLowerCase(), "ff".repeat(32)], "sorted, as hashed");
  assert.ok(!Number.isNaN(Date.parse(epoch.timestamp)));
  const retraction = buildRetraction({ source: HASH, reason: "withdrawn" });
  assert.equal(retraction.source, HASH.toLowerCase());
  assert.equal(retraction.reason, "withdrawn");
});

test("buildSource computes the source's identity from its content", () => {
  const text = buildSource({ uri: "https://example.org/a", content: "évidence" });
  assert.equal(text.hash, hashSource(new TextEncoder().encode("évidence")));
  assert.equal(text.content, "évidence");
  const bytes = buildSource({ content: new Uint8Array([0, 255, 1]) });
  assert.equal(bytes.content_base64, "AP8B");
  assert.equal(bytes.hash, hashSource(new Uint8Array([0, 255, 1])));
  assert.equal(buildSource({ hash: HASH }).hash, HASH.toLowerCase());
  assert.throws(() => buildSource({ content: "a", hash: HASH }), TypeError);
  assert.throws(() => buildSource({ uri: "https://example.org" }), TypeError);
});
