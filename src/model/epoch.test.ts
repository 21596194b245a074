import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { SignatureError } from "../errors.ts";
import {
  EPOCH_DESCRIPTION_MAX_BYTES,
  EPOCH_NAME_MAX_BYTES,
  epochContentObject,
  epochHash,
  epochToJson,
  normalizeEpoch,
  type Epoch,
} from "./epoch.ts";
import { canonicalize } from "./jcs.ts";
import { signHash, verifyAll } from "./signature.ts";
import { anything, hex32, hex64 } from "./test-arbitraries.ts";
import {
  assertInvalid,
  freeText,
  label,
  layout,
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

const base = {
  name: "post-2024-guidelines",
  description: "ADA 2024 standards of care\nreplace the 2019 ones",
  supersedes: [hex("b"), hex("a")],
  timestamp: "2026-02-11T14:30:00Z",
} as const;
const normalize = (input: unknown, agentId?: string): Epoch =>
  normalizeEpoch(input, agentId === undefined ? { nowMs } : { nowMs, agentId });

describe("normalizeEpoch accepts", () => {
  it("an epoch, with supersedes sorted and the content object of the contract", () => {
    const e = normalize(base);
    assert.deepEqual(e, {
      hash: e.hash,
      name: "post-2024-guidelines",
      description: "ADA 2024 standards of care\nreplace the 2019 ones",
      supersedes: [hex("a"), hex("b")],
      timestampMs: 1770820200000,
      signatures: [],
      agentId: "anonymous",
    });
    assert.deepEqual(epochContentObject(e), {
      v: 1,
      kind: "epoch",
      name: "post-2024-guidelines",
      description: "ADA 2024 standards of care\nreplace the 2019 ones",
      supersedes: [hex("a"), hex("b")],
      timestamp_ms: 1770820200000,
    });
    assert.equal(e.hash, epochHash(e));
  });

  it("a minimal epoch: no description, supersedes [], timestamp now", () => {
    const e = normalize({ name: "genesis" });
    assert.deepEqual([e.supersedes, e.timestampMs, "description" in e], [[], nowMs, false]);
    assert.deepEqual(epochContentObject(e).supersedes, []);
    assert.equal(normalize({ name: "genesis", supersedes: [] }).hash, e.hash);
  });

  it("supersedes in any order and case, with one hash", () => {
    const e = normalize(base);
    assert.equal(normalize({ ...base, supersedes: [hex("A"), hex("B")] }).hash, e.hash);
    // An epoch built by hand in another order hashes the same too.
    assert.equal(epochHash({ ...e, supersedes: [hex("b"), hex("a")] }), e.hash);
  });

  it("a name and description kept as sent (no NFC), up to their limits", () => {
    assert.equal(normalize({ name: "cafe\u0301" }).name, "cafe\u0301");
    assert.notEqual(normalize({ name: "cafe\u0301" }).hash, normalize({ name: "caf\u00e9" }).hash);
    normalize({
      name: "n".repeat(EPOCH_NAME_MAX_BYTES),
      description: "d".repeat(EPOCH_DESCRIPTION_MAX_BYTES),
    });
  });

  it("signatures, attributing to the first signer, that verifyAll checks", () => {
    const unsigned = normalize(base, "key:ops");
    const signature = signHash(unsigned.hash, seed);
    const e = normalize(
      { ...base, signatures: [{ agent_id: agent, signature }], agent_id: agent },
      "key:ops",
    );
    assert.equal(e.hash, unsigned.hash);
    assert.equal(e.agentId, agent);
    verifyAll(e.hash, e.signatures);
    assert.throws(() => {
      verifyAll(normalize({ ...base, name: "other", signatures: [{ agent_id: agent, signature }] }).hash, [
        { agentId: agent, signature, timestampMs: 0 },
      ]);
    }, SignatureError);
  });

  it("null as absent, and the correct hash", () => {
    const e = normalize(base);
    const nulls = { description: null, supersedes: null, signatures: null, agent_id: null, hash: null };
    assert.equal(normalize({ name: base.name, timestamp: base.timestamp, ...nulls }).supersedes.length, 0);
    assert.equal(normalize({ ...base, hash: e.hash.toUpperCase() }).hash, e.hash);
  });
});

describe("normalizeEpoch rejects", () => {
  const sparse: unknown[] = [hex("a")];
  sparse[2] = hex("b");
  // [what, input, field, reason]
  const rejected: readonly [string, unknown, string, string][] = [
    ["a string", "epoch", "", "wrong_type"],
    ["an unknown field", { ...base, supersession_type: "Replaces" }, "supersession_type", "unknown_field"],
    ["a missing name", { supersedes: [] }, "name", "required"],
    ["an empty name", { name: "" }, "name", "empty"],
    ["a name with a newline", { name: "a\nb" }, "name", "control_character"],
    ["a name too long", { name: "n".repeat(257) }, "name", "too_long"],
    ["a name with a lone surrogate", { name: "a\ud800" }, "name", "bad_unicode"],
    ["a numeric name", { name: 2024 }, "name", "wrong_type"],
    ["an empty description", { name: "n", description: "" }, "description", "empty"],
    ["a description too long", { name: "n", description: "d".repeat(4097) }, "description", "too_long"],
    ["supersedes not an array", { name: "n", supersedes: hex("a") }, "supersedes", "wrong_type"],
    ["a bad superseded hash", { name: "n", supersedes: [hex("a"), "abc"] }, "supersedes[1]", "bad_hex"],
    ["a sparse supersedes", { name: "n", supersedes: sparse }, "supersedes[1]", "wrong_type"],
    [
      "an epoch superseded twice, in two cases",
      { name: "n", supersedes: [hex("a"), hex("c"), hex("A")] },
      "supersedes[2]",
      "duplicate_value",
    ],
    [
      "65 superseded epochs",
      { name: "n", supersedes: Array.from({ length: 65 }, (_, i) => i.toString(16).padStart(64, "0")) },
      "supersedes",
      "too_many",
    ],
    ["a bad timestamp", { name: "n", timestamp: true }, "timestamp", "wrong_type"],
    ["signatures not an array", { name: "n", signatures: {} }, "signatures", "wrong_type"],
    [
      "an agent_id other than the first signer",
      { name: "n", signatures: [{ agent_id: hex("a"), signature: hex("0") + hex("0") }], agent_id: hex("b") },
      "agent_id",
      "agent_mismatch",
    ],
    ["a wrong hash", { ...base, hash: hex("0") }, "hash", "hash_mismatch"],
  ];
  for (const [what, input, field, reason] of rejected) {
    it(`${what} (${field || "body"}: ${reason})`, () => {
      assertInvalid(() => normalize(input), field, reason);
    });
  }

  it("with messages that say what is wrong and what to do", () => {
    assert.throws(() => normalize({ name: "n", supersedes: [hex("a"), hex("a")] }), {
      message: `supersedes[1] ${hex("a")} is listed twice: list each superseded epoch once`,
    });
    assert.throws(() => normalize({ ...base, label: "x" }), {
      message:
        "label is not an epoch field: use only name, description, supersedes, timestamp, signatures, hash, agent_id",
    });
  });
});

describe("epochToJson", () => {
  it("prints the API's output shape, description only where present", () => {
    const e = normalize({
      ...base,
      signatures: [{ agent_id: agent, signature: hex("e") + hex("e"), timestamp: 1 }],
    });
    assert.deepEqual(epochToJson(e), {
      hash: e.hash,
      name: base.name,
      description: base.description,
      supersedes: [hex("a"), hex("b")],
      timestamp: "2026-02-11T14:30:00.000Z",
      agent_id: agent,
      signatures: [
        { agent_id: agent, signature: hex("e") + hex("e"), timestamp: "1970-01-01T00:00:01.000Z" },
      ],
    });
    assert.deepEqual(Object.keys(epochToJson(normalize({ name: "n" }))), [
      "hash",
      "name",
      "supersedes",
      "timestamp",
      "agent_id",
      "signatures",
    ]);
  });
});

interface EpochModel {
  readonly name: string;
  readonly description: string | undefined;
  readonly supersedes: readonly string[] | undefined;
  readonly timestampMs: number;
}

const model: fc.Arbitrary<EpochModel> = fc.record({
  name: label(EPOCH_NAME_MAX_BYTES),
  description: fc.option(freeText, { nil: undefined }),
  supersedes: fc.option(fc.uniqueArray(hex32, { maxLength: 6 }), { nil: undefined }),
  timestampMs,
});

function spell(m: EpochModel, s: Spelling, shuffle: readonly number[] = []): Record<string, unknown> {
  const body: Record<string, unknown> = { name: m.name };
  if (m.description !== undefined) body["description"] = m.description;
  else if (s.nulls) body["description"] = null;
  if (m.supersedes !== undefined) {
    // Another order of the same list: rotate by the first shuffle number.
    const k = m.supersedes.length === 0 ? 0 : (shuffle[0] ?? 0) % m.supersedes.length;
    body["supersedes"] = [...m.supersedes.slice(k), ...m.supersedes.slice(0, k)].map((h) => spellHex(h, s));
  } else if (s.alias) body["supersedes"] = []; // `[]` spelled out means the same as absent
  body["timestamp"] = spellTime(m.timestampMs, s);
  return body;
}

const options = { nowMs, agentId: "key:ops" };
const signatures = fc.uniqueArray(
  fc.record({ agent_id: hex32, signature: hex64, timestamp: fc.nat({ max: 2e9 }) }),
  {
    maxLength: 3,
    selector: (s) => s.agent_id,
  },
);

describe("normalizeEpoch properties", () => {
  it("gives one hash for every spelling, supersedes order, key order and whitespace", () => {
    fc.assert(
      fc.property(model, spelling, spelling, layout, (m, s1, s2, l) => {
        const a = normalizeEpoch(spell(m, s1), options);
        const b = normalizeEpoch(respell(spell(m, s2, l.order), l), options);
        assert.deepEqual(b, a);
      }),
      { numRuns: 300 },
    );
  });

  const fields = ["name", "description", "supersedes", "timestampMs"] as const;

  it("changes the hash when any content field changes, and only then", () => {
    fc.assert(
      fc.property(model, model, fc.constantFrom(...fields), spelling, (m1, m2, field, s) => {
        const a = normalizeEpoch(spell(m1, s), options);
        const b = normalizeEpoch(spell({ ...m1, [field]: m2[field] }, s), options);
        const same = canonicalize(epochContentObject(a)) === canonicalize(epochContentObject(b));
        assert.equal(a.hash === b.hash, same, `${field}: hashes agree exactly when contents do`);
      }),
      { numRuns: 500 },
    );
  });

  it("changes the hash for a minimal change of each content field", () => {
    fc.assert(
      fc.property(model, spelling, (m, s) => {
        const base = normalizeEpoch(spell(m, s), options);
        const variants: EpochModel[] = [
          { ...m, name: m.name + "x" },
          { ...m, description: m.description === undefined ? "d" : undefined },
          {
            ...m,
            supersedes: [...(m.supersedes ?? []).slice(1), ...(m.supersedes?.length ? [] : [hex("0")])],
          },
          { ...m, timestampMs: m.timestampMs === 0 ? 1 : m.timestampMs - 1 },
        ];
        for (const variant of variants) {
          assert.notEqual(
            normalizeEpoch(spell(variant, s), options).hash,
            base.hash,
            JSON.stringify(variant),
          );
        }
      }),
      { numRuns: 200 },
    );
  });

  it("does not change the hash when signatures are added", () => {
    fc.assert(
      fc.property(model, spelling, signatures, (m, s, sigs) => {
        const signed = normalizeEpoch({ ...spell(m, s), signatures: sigs }, options);
        assert.equal(signed.hash, normalizeEpoch(spell(m, s), options).hash);
        assert.equal(signed.agentId, sigs[0]?.agent_id ?? "key:ops");
      }),
    );
  });

  it("round-trips through the API output form", () => {
    fc.assert(
      fc.property(model, spelling, signatures, (m, s, sigs) => {
        const a = normalizeEpoch({ ...spell(m, s), signatures: sigs }, options);
        const b = normalizeEpoch(JSON.parse(JSON.stringify(epochToJson(a))), options);
        assert.deepEqual(b, a);
      }),
      { numRuns: 300 },
    );
  });

  it("throws only ValidationError for any value, any JSON and any broken field", () => {
    fc.assert(
      fc.property(anything, (input) => {
        onlyValidationErrors(() => normalizeEpoch(input, options));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.json(), (text) => {
        onlyValidationErrors(() => normalizeEpoch(JSON.parse(text), options));
      }),
      { numRuns: 500 },
    );
    const keys = fc.constantFrom(
      "name",
      "description",
      "supersedes",
      "timestamp",
      "signatures",
      "hash",
      "agent_id",
      "__proto__",
      "extra",
    );
    fc.assert(
      fc.property(model, spelling, keys, anything, fc.boolean(), (m, s, key, junk, drop) => {
        onlyValidationErrors(() => normalizeEpoch(withField(spell(m, s), key, junk, drop), options));
      }),
      { numRuns: 1000 },
    );
  });
});
