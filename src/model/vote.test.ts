import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { SignatureError, ValidationError } from "../errors.ts";
import { canonicalize } from "./jcs.ts";
import { signHash } from "./signature.ts";
import { anything, hex32, hex64 } from "./test-arbitraries.ts";
import {
  assertInvalid,
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
import { verifyVote } from "./vote-signature.ts";
import { normalizeVote, voteContentObject, voteHash, voteToJson, type Vote } from "./vote.ts";

const nowMs = 1_770_820_200_000;
const seed = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
const agent = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
const hex = (c: string) => c.repeat(64);
const target = "6145fb09bb35bcfd49cc21b23289174e80abe4e484d57e2785ddb597a8caeb87";

const base = { assertion: target, weight: 0.85, timestamp: "2026-02-11T14:30:00Z" } as const;
const normalize = (input: unknown, agentId?: string): Vote =>
  normalizeVote(input, agentId === undefined ? { nowMs } : { nowMs, agentId });

/** A vote signed with the RFC 8032 TEST 1 key, as a client would build it. */
function signed(body: Record<string, unknown>): Record<string, unknown> {
  const unsigned = normalize({ ...body, agent_id: agent, signature: "00".repeat(64) });
  return { ...body, agent_id: agent, signature: signHash(unsigned.hash, seed) };
}

describe("normalizeVote accepts", () => {
  it("an unsigned vote, attributed to the write-time identity and hashed with it", () => {
    const v = normalize(base, "key:ops");
    assert.deepEqual(v, {
      hash: v.hash,
      assertion: target,
      agentId: "key:ops",
      weight: 0.85,
      timestampMs: 1770820200000,
    });
    assert.deepEqual(voteContentObject(v), {
      v: 1,
      kind: "vote",
      assertion: target,
      agent_id: "key:ops",
      weight: 0.85,
      timestamp_ms: 1770820200000,
    });
    assert.equal(v.hash, voteHash(v));
    assert.notEqual(normalize(base).hash, v.hash, "the voter is content");
  });

  it("defaults: weight 1, timestamp now, anonymous", () => {
    const v = normalize({ assertion: target });
    assert.deepEqual([v.weight, v.timestampMs, v.agentId], [1, nowMs, "anonymous"]);
    assert.equal("signature" in v, false);
  });

  it("the original API's assertion_hash, upper case hex, Unix seconds and -0", () => {
    const v = normalize({ assertion_hash: target.toUpperCase(), weight: -0, timestamp: 1770820200 });
    assert.equal(v.hash, normalize({ ...base, weight: 0 }).hash);
    assert.ok(Object.is(v.weight, 0), "-0 is stored as 0");
  });

  it("a body agent_id on an unsigned vote only when it is the caller, and never as attribution", () => {
    assert.equal(normalize({ ...base, agent_id: "key:ops" }, "key:ops").agentId, "key:ops");
    assert.equal(normalize({ ...base, agent_id: "someone" }, "key:ops").agentId, "key:ops");
    assert.equal(normalize({ ...base, agent_id: agent }).agentId, "anonymous");
  });

  it("a signed vote, attributed to its signer whoever calls, that verifies", () => {
    const body = signed(base);
    const v = normalize({ ...body, agent_id: agent.toUpperCase() }, "key:ops");
    assert.equal(v.agentId, agent);
    assert.equal(v.signature, body["signature"]);
    verifyVote(v);
  });

  it("null as absent, and the correct hash in either case", () => {
    const v = normalize(base);
    const nulls = { ...base, weight: 0.85, agent_id: null, signature: null, assertion_hash: null };
    assert.equal(normalize({ ...nulls, hash: v.hash.toUpperCase() }).hash, v.hash);
    assert.equal(normalize({ ...base, timestamp: null }).timestampMs, nowMs);
  });
});

describe("normalizeVote rejects", () => {
  const without = (key: keyof typeof base) =>
    Object.fromEntries(Object.entries(base).filter(([k]) => k !== key));
  // [what, input, field, reason]
  const rejected: readonly [string, unknown, string, string][] = [
    ["null", null, "", "wrong_type"],
    ["an array", [base], "", "wrong_type"],
    ["an unknown field", { ...base, voter: "x" }, "voter", "unknown_field"],
    ["a missing assertion", without("assertion"), "assertion", "required"],
    [
      "both assertion and assertion_hash",
      { ...base, assertion_hash: target },
      "assertion_hash",
      "duplicate_field",
    ],
    ["a short assertion", { ...base, assertion: "abc" }, "assertion", "bad_hex"],
    ["a bad assertion_hash", { ...without("assertion"), assertion_hash: 1 }, "assertion_hash", "wrong_type"],
    ["weight 1.5", { ...base, weight: 1.5 }, "weight", "out_of_range"],
    ["weight -0.1", { ...base, weight: -0.1 }, "weight", "out_of_range"],
    ["weight NaN", { ...base, weight: NaN }, "weight", "out_of_range"],
    ["weight as text", { ...base, weight: "1" }, "weight", "wrong_type"],
    ["a bad timestamp", { ...base, timestamp: "yesterday" }, "timestamp", "bad_format"],
    ["a signature without agent_id", { ...base, signature: hex("0") + hex("0") }, "agent_id", "required"],
    [
      "a signed vote whose agent_id is not a key",
      { ...base, signature: hex("0") + hex("0"), agent_id: "key:ops" },
      "agent_id",
      "bad_hex",
    ],
    ["a short signature", { ...base, agent_id: agent, signature: hex("0") }, "signature", "bad_hex"],
    ["a signature as an object", { ...base, signature: { agent_id: agent } }, "signature", "wrong_type"],
    ["a non-string agent_id", { ...base, agent_id: 7 }, "agent_id", "wrong_type"],
    ["a wrong hash", { ...base, hash: hex("0") }, "hash", "hash_mismatch"],
    ["a malformed hash", { ...base, hash: "abc" }, "hash", "bad_hex"],
  ];
  for (const [what, input, field, reason] of rejected) {
    it(`${what} (${field || "body"}: ${reason})`, () => {
      assertInvalid(() => normalize(input), field, reason);
    });
  }

  it("with messages that say what is wrong and what to do", () => {
    assert.throws(() => normalize({ ...base, weight: 2 }), {
      message: "weight must be a number from 0 to 1 (or omit it for 1), got 2",
    });
    assert.throws(() => normalize({ ...base, colour: "red" }), {
      message:
        "colour is not a vote field: use only assertion, weight, agent_id, timestamp, signature, hash " +
        "(or the original API's assertion_hash)",
    });
    assert.throws(() => normalize({ ...base, signature: "ab".repeat(64) }), {
      message: "agent_id is required: a signed vote names its signer, the agent's 64-hex Ed25519 public key",
    });
  });

  it("a nowMs that is not integer milliseconds, as a RangeError (a caller bug)", () => {
    assert.throws(() => normalizeVote(base, { nowMs: 1.5 }), RangeError);
  });
});

describe("verifyVote", () => {
  it("passes an unsigned vote", () => {
    verifyVote(normalize(base));
  });

  it("throws SignatureError naming the field and the agent for a signature by someone else", () => {
    const body = signed(base);
    const other = normalize({ ...body, weight: 0.5 }); // the signature covered weight 0.85
    assert.throws(
      () => {
        verifyVote(other);
      },
      (error: unknown) =>
        error instanceof SignatureError && error.field === "signature" && error.agentId === agent,
    );
  });

  it("throws RangeError for a vote whose hash is not its content's", () => {
    const v = normalize(signed(base));
    assert.throws(() => {
      verifyVote({ ...v, weight: 0.5 });
    }, RangeError);
  });
});

describe("voteToJson", () => {
  it("prints the API's output shape, signature only where present", () => {
    const v = normalize(signed(base));
    assert.deepEqual(voteToJson(v), {
      hash: v.hash,
      assertion: target,
      agent_id: agent,
      weight: 0.85,
      timestamp: "2026-02-11T14:30:00.000Z",
      signature: v.signature,
    });
    assert.deepEqual(Object.keys(voteToJson(normalize(base))), [
      "hash",
      "assertion",
      "agent_id",
      "weight",
      "timestamp",
    ]);
  });
});

interface VoteModel {
  readonly assertion: string;
  readonly weight: number | undefined;
  readonly timestampMs: number;
  readonly signer: { readonly agent: string; readonly signature: string } | undefined;
}

const model: fc.Arbitrary<VoteModel> = fc.record({
  assertion: hex32,
  weight: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
  timestampMs,
  signer: fc.option(fc.record({ agent: hex32, signature: hex64 }), { nil: undefined }),
});

function spell(m: VoteModel, s: Spelling): Record<string, unknown> {
  const body: Record<string, unknown> = {
    [s.alias ? "assertion_hash" : "assertion"]: spellHex(m.assertion, s),
  };
  if (m.weight !== undefined) body["weight"] = m.weight;
  else if (s.nulls) body["weight"] = null;
  body["timestamp"] = spellTime(m.timestampMs, s);
  if (m.signer !== undefined) {
    body["agent_id"] = spellHex(m.signer.agent, s);
    body["signature"] = spellHex(m.signer.signature, s);
  }
  return body;
}

const options = { nowMs, agentId: "key:ops" };

describe("normalizeVote properties", () => {
  it("gives one hash for every spelling, key order and whitespace of the same vote", () => {
    fc.assert(
      fc.property(model, spelling, spelling, layout, (m, s1, s2, l) => {
        const a = normalizeVote(spell(m, s1), options);
        const b = normalizeVote(respell(spell(m, s2), l), options);
        assert.deepEqual(b, a);
      }),
      { numRuns: 300 },
    );
  });

  const fields = ["assertion", "weight", "timestampMs", "signer"] as const;

  it("changes the hash when any content field changes, and only then", () => {
    fc.assert(
      fc.property(model, model, fc.constantFrom(...fields), spelling, (m1, m2, field, s) => {
        const a = normalizeVote(spell(m1, s), options);
        const b = normalizeVote(spell({ ...m1, [field]: m2[field] }, s), options);
        const same = canonicalize(voteContentObject(a)) === canonicalize(voteContentObject(b));
        assert.equal(a.hash === b.hash, same, `${field}: hashes agree exactly when contents do`);
      }),
      { numRuns: 500 },
    );
  });

  it("changes the hash for a minimal change of each content field", () => {
    fc.assert(
      fc.property(model, spelling, (m, s) => {
        const base = normalizeVote(spell(m, s), options);
        const flip = (h: string) => (h.startsWith("0") ? "1" : "0") + h.slice(1);
        const variants: VoteModel[] = [
          { ...m, assertion: flip(m.assertion) },
          { ...m, weight: base.weight === 1 ? 0.5 : Math.min(1, base.weight + 2 ** -40) },
          { ...m, timestampMs: m.timestampMs === 0 ? 1 : m.timestampMs - 1 },
          {
            ...m,
            signer: m.signer === undefined ? { agent: hex("0"), signature: hex("0") + hex("0") } : undefined,
          },
        ];
        for (const variant of variants) {
          assert.notEqual(normalizeVote(spell(variant, s), options).hash, base.hash, JSON.stringify(variant));
        }
      }),
      { numRuns: 200 },
    );
  });

  it("does not change the hash when only the signature changes", () => {
    fc.assert(
      fc.property(model, hex32, hex64, hex64, spelling, (m, agentId, sig1, sig2, s) => {
        const one = normalizeVote(spell({ ...m, signer: { agent: agentId, signature: sig1 } }, s), options);
        const two = normalizeVote(spell({ ...m, signer: { agent: agentId, signature: sig2 } }, s), options);
        assert.equal(one.hash, two.hash);
      }),
    );
  });

  it("round-trips through the API output form", () => {
    fc.assert(
      fc.property(model, spelling, (m, s) => {
        const a = normalizeVote(spell(m, s), options);
        const b = normalizeVote(JSON.parse(JSON.stringify(voteToJson(a))), options);
        assert.deepEqual(b, a);
      }),
      { numRuns: 300 },
    );
  });

  it("throws only ValidationError for any value, any JSON and any broken field", () => {
    fc.assert(
      fc.property(anything, (input) => {
        onlyValidationErrors(() => normalizeVote(input, options));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.json(), (text) => {
        onlyValidationErrors(() => normalizeVote(JSON.parse(text), options));
      }),
      { numRuns: 500 },
    );
    const keys = fc.constantFrom(
      "assertion",
      "assertion_hash",
      "weight",
      "agent_id",
      "timestamp",
      "signature",
      "hash",
      "__proto__",
      "extra",
    );
    fc.assert(
      fc.property(model, spelling, keys, anything, fc.boolean(), (m, s, key, junk, drop) => {
        onlyValidationErrors(() => normalizeVote(withField(spell(m, s), key, junk, drop), options));
      }),
      { numRuns: 1000 },
    );
  });

  it("never attributes an unsigned vote to a body agent_id", () => {
    fc.assert(
      fc.property(model, spelling, fc.string({ minLength: 1, maxLength: 20 }), (m, s, claimed) => {
        try {
          const v = normalizeVote({ ...spell({ ...m, signer: undefined }, s), agent_id: claimed }, options);
          assert.equal(v.agentId, "key:ops");
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
        }
      }),
    );
  });
});
