import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { canonicalize } from "./jcs.ts";
import {
  RETRACTION_REASON_MAX_BYTES,
  normalizeRetraction,
  retractionContentObject,
  retractionHash,
  retractionToJson,
  type Retraction,
  type RetractionOptions,
} from "./retraction.ts";
import { signHash, verifyAll } from "./signature.ts";
import { anything, hex32, hex64 } from "./test-arbitraries.ts";
import {
  assertInvalid,
  freeText,
  layout,
  omit,
  onlyValidationErrors,
  respell,
  spellHex,
  spellTime,
  spelling,
  timestampMs,
  withField,
  type Spelling,
} from "./test-records.ts";

const nowMs = 1_770_820_200_000;
const seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const agent = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const hex = (c: string) => c.repeat(64);
const source = "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262";

const base = { source, reason: "paper withdrawn by its authors", timestamp: "2026-02-11T14:30:00Z" } as const;
const normalize = (input: unknown, extra: Partial<RetractionOptions> = {}): Retraction =>
  normalizeRetraction(input, { nowMs, ...extra });

describe("normalizeRetraction accepts", () => {
  it("a retraction, with the content object of the contract", () => {
    const r = normalize(base);
    assert.deepEqual(r, {
      hash: r.hash,
      source,
      reason: "paper withdrawn by its authors",
      timestampMs: 1770820200000,
      signatures: [],
      agentId: "anonymous",
    });
    assert.deepEqual(retractionContentObject(r), {
      v: 1,
      kind: "retraction",
      source,
      reason: "paper withdrawn by its authors",
      timestamp_ms: 1770820200000,
    });
    assert.equal(r.hash, retractionHash(r));
  });

  it("the source from the URL, alone or repeated in the body in another case, with one hash", () => {
    const r = normalize(base);
    const rest = omit(base, "source");
    assert.equal(normalize(rest, { source }).hash, r.hash);
    assert.equal(normalize(rest, { source: source.toUpperCase() }).hash, r.hash);
    assert.equal(normalize({ ...base, source: source.toUpperCase() }, { source }).hash, r.hash);
  });

  it("a minimal retraction: no reason, timestamp now, attributed to the caller", () => {
    const r = normalize({}, { source, agentId: "key:ops" });
    assert.deepEqual([r.timestampMs, r.agentId, "reason" in r], [nowMs, "key:ops", false]);
  });

  it("a reason of free text up to 4 KiB", () => {
    normalize({ ...base, reason: "line 1\n\tline 2" });
    normalize({ ...base, reason: "r".repeat(RETRACTION_REASON_MAX_BYTES) });
  });

  it("signatures, attributing to the first signer, that verifyAll checks", () => {
    const signature = signHash(normalize(base).hash, seed);
    const r = normalize({ ...base, signatures: [{ agent_id: agent, signature }] }, { agentId: "key:ops" });
    assert.equal(r.agentId, agent);
    verifyAll(r.hash, r.signatures);
  });

  it("null as absent, and the correct hash", () => {
    const r = normalize(base);
    const nulls = { signatures: null, agent_id: null };
    assert.equal(normalize({ ...base, ...nulls, hash: r.hash.toUpperCase() }).hash, r.hash);
    assert.equal(normalize({ source, reason: null, timestamp: base.timestamp }).reason, undefined);
  });
});

describe("normalizeRetraction rejects", () => {
  // [what, input, options, field, reason]
  const rejected: readonly [string, unknown, Partial<RetractionOptions>, string, string][] = [
    ["an array", [], {}, "", "wrong_type"],
    ["an unknown field", { ...base, assertion: hex("a") }, {}, "assertion", "unknown_field"],
    ["no source anywhere", { reason: "x" }, {}, "source", "required"],
    ["a bad source in the body", { source: "abc" }, {}, "source", "bad_hex"],
    ["a bad source in the URL", {}, { source: "not-a-hash" }, "source", "bad_hex"],
    ["a body source other than the URL's", base, { source: hex("b") }, "source", "source_mismatch"],
    ["a bad body source next to the URL's", { source: 1 }, { source }, "source", "wrong_type"],
    ["an empty reason", { ...base, reason: "" }, {}, "reason", "empty"],
    ["a reason too long", { ...base, reason: "r".repeat(4097) }, {}, "reason", "too_long"],
    ["a reason as an array", { ...base, reason: ["x"] }, {}, "reason", "wrong_type"],
    ["a bad timestamp", { ...base, timestamp: "2026-13-01T00:00:00Z" }, {}, "timestamp", "out_of_range"],
    [
      "a duplicate signer",
      {
        ...base,
        signatures: [
          { agent_id: agent, signature: hex("0") + hex("0") },
          { agent_id: agent, signature: hex("1") + hex("1") },
        ],
      },
      {},
      "signatures[1].agent_id",
      "duplicate_signer",
    ],
    ["a wrong hash", { ...base, hash: hex("0") }, {}, "hash", "hash_mismatch"],
  ];
  for (const [what, input, extra, field, reason] of rejected) {
    it(`${what} (${field || "body"}: ${reason})`, () => {
      assertInvalid(() => normalize(input, extra), field, reason);
    });
  }

  it("with messages that say what is wrong and what to do", () => {
    assert.throws(() => normalize(base, { source: hex("b") }), {
      message:
        `source ${source} in the body is not the source ${hex("b")} named by the URL: ` +
        "send the same hash or omit source from the body",
    });
  });
});

describe("retractionToJson", () => {
  it("prints the API's output shape, reason only where present", () => {
    const r = normalize(base, { agentId: "key:ops" });
    assert.deepEqual(retractionToJson(r), {
      hash: r.hash,
      source,
      reason: base.reason,
      timestamp: "2026-02-11T14:30:00.000Z",
      agent_id: "key:ops",
      signatures: [],
    });
    assert.deepEqual(Object.keys(retractionToJson(normalize({ source }))), [
      "hash",
      "source",
      "timestamp",
      "agent_id",
      "signatures",
    ]);
  });
});

interface RetractionModel {
  readonly source: string;
  readonly reason: string | undefined;
  readonly timestampMs: number;
}

const model: fc.Arbitrary<RetractionModel> = fc.record({
  source: hex32,
  reason: fc.option(freeText, { nil: undefined }),
  timestampMs,
});

/** A body; with `s.alias` the source is left to the URL (see `optionsFor`). */
function spell(m: RetractionModel, s: Spelling): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (!s.alias) body["source"] = spellHex(m.source, s);
  if (m.reason !== undefined) body["reason"] = m.reason;
  else if (s.nulls) body["reason"] = null;
  body["timestamp"] = spellTime(m.timestampMs, s);
  return body;
}

const optionsFor = (m: RetractionModel, s: Spelling): RetractionOptions =>
  s.alias ? { nowMs, agentId: "key:ops", source: m.source } : { nowMs, agentId: "key:ops" };
const signatures = fc.uniqueArray(
  fc.record({ agent_id: hex32, signature: hex64, timestamp: fc.nat({ max: 2e9 }) }),
  { maxLength: 3, selector: (s) => s.agent_id },
);

describe("normalizeRetraction properties", () => {
  it("gives one hash for every spelling, source from body or URL, key order and whitespace", () => {
    fc.assert(
      fc.property(model, spelling, spelling, layout, (m, s1, s2, l) => {
        const a = normalizeRetraction(spell(m, s1), optionsFor(m, s1));
        const b = normalizeRetraction(respell(spell(m, s2), l), optionsFor(m, s2));
        assert.deepEqual(b, a);
      }),
      { numRuns: 300 },
    );
  });

  const fields = ["source", "reason", "timestampMs"] as const;

  it("changes the hash when any content field changes, and only then", () => {
    fc.assert(
      fc.property(model, model, fc.constantFrom(...fields), spelling, (m1, m2, field, s) => {
        const changed = { ...m1, [field]: m2[field] };
        const a = normalizeRetraction(spell(m1, s), optionsFor(m1, s));
        const b = normalizeRetraction(spell(changed, s), optionsFor(changed, s));
        const same = canonicalize(retractionContentObject(a)) === canonicalize(retractionContentObject(b));
        assert.equal(a.hash === b.hash, same, `${field}: hashes agree exactly when contents do`);
      }),
      { numRuns: 500 },
    );
  });

  it("changes the hash for a minimal change of each content field", () => {
    fc.assert(
      fc.property(model, spelling, (m, s) => {
        const base = normalizeRetraction(spell(m, s), optionsFor(m, s));
        const variants: RetractionModel[] = [
          { ...m, source: (m.source.startsWith("0") ? "1" : "0") + m.source.slice(1) },
          { ...m, reason: m.reason === undefined ? "r" : undefined },
          { ...m, timestampMs: m.timestampMs === 0 ? 1 : m.timestampMs - 1 },
        ];
        for (const variant of variants) {
          const other = normalizeRetraction(spell(variant, s), optionsFor(variant, s));
          assert.notEqual(other.hash, base.hash, JSON.stringify(variant));
        }
      }),
      { numRuns: 200 },
    );
  });

  it("does not change the hash when signatures are added; round-trips through the API output form", () => {
    fc.assert(
      fc.property(model, spelling, signatures, (m, s, sigs) => {
        const a = normalizeRetraction({ ...spell(m, s), signatures: sigs }, optionsFor(m, s));
        assert.equal(a.hash, normalizeRetraction(spell(m, s), optionsFor(m, s)).hash);
        const wire: unknown = JSON.parse(JSON.stringify(retractionToJson(a)));
        assert.deepEqual(normalizeRetraction(wire, optionsFor(m, s)), a);
      }),
      { numRuns: 300 },
    );
  });

  it("throws only ValidationError for any value, any JSON and any broken field", () => {
    const options = { nowMs, source };
    fc.assert(
      fc.property(anything, (input) => {
        onlyValidationErrors(() => normalizeRetraction(input, options));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.json(), (text) => {
        onlyValidationErrors(() => normalizeRetraction(JSON.parse(text), { nowMs }));
      }),
      { numRuns: 500 },
    );
    const keys = fc.constantFrom(
      "source",
      "reason",
      "timestamp",
      "signatures",
      "hash",
      "agent_id",
      "__proto__",
      "extra",
    );
    fc.assert(
      fc.property(model, spelling, keys, anything, fc.boolean(), (m, s, key, junk, drop) => {
        onlyValidationErrors(() =>
          normalizeRetraction(withField(spell(m, s), key, junk, drop), optionsFor(m, s)),
        );
      }),
      { numRuns: 1000 },
    );
  });
});
