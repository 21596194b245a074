import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { describe, it } from "node:test";
import fc from "fast-check";
import { ValidationError } from "../errors.ts";
import { blake3Hex } from "./content-hash.ts";
import {
  SOURCE_CONTENT_MAX_BYTES,
  SOURCE_TITLE_MAX_BYTES,
  normalizeSource,
  sourceContentHash,
  sourceToJson,
  type SourceRecord,
} from "./source-record.ts";
import { anything, hex32 } from "./test-arbitraries.ts";
import { TIER_NAMES } from "./tier.ts";
import {
  assertInvalid,
  label,
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
const hex = (c: string) => c.repeat(64);
const utf8 = (text: string) => new TextEncoder().encode(text);
const text = "Ozempic label, section 5.3: gastroparesis\n";
const textHash = blake3Hex(utf8(text));
const emptyHash = "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262";

const base = {
  uri: "fda://label/ozempic/2024",
  title: "Ozempic prescribing information (2024)",
  authority_tier: "Regulatory",
  content: text,
  timestamp: "2026-02-11T14:30:00Z",
} as const;
const normalize = (input: unknown, agentId?: string): SourceRecord =>
  normalizeSource(input, agentId === undefined ? { nowMs } : { nowMs, agentId });
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

describe("normalizeSource accepts", () => {
  it("a source with text content, identified by the BLAKE3 of its UTF-8 bytes", () => {
    const s = normalize(base, "key:ops");
    assert.deepEqual(s, {
      hash: textHash,
      uri: base.uri,
      title: base.title,
      authorityTier: 0,
      content: utf8(text),
      timestampMs: 1770820200000,
      agentId: "key:ops",
    });
    assert.equal(sourceContentHash(utf8(text)), textHash);
  });

  it("the same bytes as content_base64, with the same identity; binary bytes too", () => {
    const rest = omit(base, "content");
    assert.deepEqual(normalize({ ...rest, content_base64: base64(utf8(text)) }), normalize(base));
    const bytes = new Uint8Array([0, 255, 128, 10, 13]);
    const s = normalize({ content_base64: base64(bytes) });
    assert.deepEqual(s.content, bytes);
    assert.equal(s.hash, blake3Hex(bytes));
    assert.equal(Object.getPrototypeOf(s.content), Uint8Array.prototype, "a plain Uint8Array, not a Buffer");
  });

  it("only a hash, for a source whose content is kept elsewhere; defaults", () => {
    const s = normalize({ hash: textHash.toUpperCase() });
    assert.deepEqual(s, { hash: textHash, timestampMs: nowMs, agentId: "anonymous" });
  });

  it("a hash that matches the content, in either case", () => {
    assert.equal(normalize({ ...base, hash: textHash.toUpperCase() }).hash, textHash);
  });

  it("empty content, whose hash is BLAKE3 of no bytes", () => {
    assert.equal(normalize({ content: "" }).hash, emptyHash);
    assert.equal(normalize({ content_base64: "" }).hash, emptyHash);
  });

  it("content of exactly 1 MiB either way", () => {
    const big = "x".repeat(SOURCE_CONTENT_MAX_BYTES);
    assert.equal(normalize({ content: big }).content?.length, SOURCE_CONTENT_MAX_BYTES);
    assert.equal(normalize({ content_base64: base64(utf8(big)) }).hash, normalize({ content: big }).hash);
  });

  it("null as absent; a body agent_id is ignored (sources are not signed)", () => {
    const nulls = { title: null, authority_tier: null, content_base64: null, hash: null, uri: null };
    assert.equal(normalize({ content: text, ...nulls }).hash, textHash);
    assert.equal(normalize({ ...base, agent_id: "someone" }, "key:ops").agentId, "key:ops");
  });
});

describe("normalizeSource rejects", () => {
  // [what, input, field, reason]
  const rejected: readonly [string, unknown, string, string][] = [
    ["a string", "fda://x", "", "wrong_type"],
    ["an unknown field", { ...base, source_class: 0 }, "source_class", "unknown_field"],
    ["signatures, which sources do not have", { ...base, signatures: [] }, "signatures", "unknown_field"],
    ["neither hash nor content", { uri: base.uri }, "hash", "required"],
    ["a hash that does not match the content", { ...base, hash: hex("0") }, "hash", "hash_mismatch"],
    ["a malformed hash", { hash: "abc" }, "hash", "bad_hex"],
    [
      "both content and content_base64",
      { content: text, content_base64: "" },
      "content_base64",
      "duplicate_field",
    ],
    ["content as bytes", { content: [1, 2] }, "content", "wrong_type"],
    ["content with a lone surrogate", { content: "a\udc00" }, "content", "bad_unicode"],
    [
      "content over 1 MiB",
      { content: "é".repeat(SOURCE_CONTENT_MAX_BYTES / 2) + "x" },
      "content",
      "too_long",
    ],
    ["content_base64 as a number", { content_base64: 1 }, "content_base64", "wrong_type"],
    ["content_base64 without padding", { content_base64: "QQ" }, "content_base64", "bad_format"],
    ["content_base64 with a line break", { content_base64: "QUFB\nQUFB" }, "content_base64", "bad_format"],
    ["content_base64 in the URL-safe alphabet", { content_base64: "-_-_" }, "content_base64", "bad_format"],
    ["content_base64 with non-zero unused bits", { content_base64: "QR==" }, "content_base64", "bad_format"],
    [
      "content_base64 decoding to 1 MiB + 1 byte",
      { content_base64: base64(new Uint8Array(SOURCE_CONTENT_MAX_BYTES + 1)) },
      "content_base64",
      "too_long",
    ],
    [
      "content_base64 far too long, refused before decoding",
      { content_base64: "A".repeat(2 * SOURCE_CONTENT_MAX_BYTES) },
      "content_base64",
      "too_long",
    ],
    ["an empty uri", { ...base, uri: "" }, "uri", "empty"],
    ["a uri too long", { ...base, uri: "u".repeat(2049) }, "uri", "too_long"],
    ["a title with a newline", { ...base, title: "a\nb" }, "title", "control_character"],
    ["a title too long", { ...base, title: "t".repeat(SOURCE_TITLE_MAX_BYTES + 1) }, "title", "too_long"],
    ["an unknown tier", { ...base, authority_tier: "gold" }, "authority_tier", "unknown_value"],
    ["a bad timestamp", { ...base, timestamp: -1 }, "timestamp", "out_of_range"],
    ["a non-string agent_id", { ...base, agent_id: {} }, "agent_id", "wrong_type"],
  ];
  for (const [what, input, field, reason] of rejected) {
    it(`${what} (${field || "body"}: ${reason})`, () => {
      assertInvalid(() => normalize(input), field, reason);
    });
  }

  it("with messages that say what is wrong and what to do", () => {
    assert.throws(() => normalize({ uri: base.uri }), {
      message:
        "hash is required unless content is given: send the 64-hex BLAKE3 of the source content, or the content",
    });
    assert.throws(() => normalize({ content_base64: base64(new Uint8Array(SOURCE_CONTENT_MAX_BYTES + 1)) }), {
      message:
        "content_base64 decodes to 1048577 bytes, over the limit of 1048576 bytes (1 MiB): " +
        "register the source by its hash alone",
    });
  });
});

describe("sourceToJson", () => {
  it("prints the API's output shape, with content_base64 only when asked and known", () => {
    const s = normalize(base, "key:ops");
    const shape = {
      hash: textHash,
      timestamp: "2026-02-11T14:30:00.000Z",
      agent_id: "key:ops",
      uri: base.uri,
      title: base.title,
      authority_tier: "regulatory",
    };
    assert.deepEqual(sourceToJson(s), shape);
    assert.deepEqual(sourceToJson(s, { includeContent: true }), {
      ...shape,
      content_base64: base64(utf8(text)),
    });
    assert.deepEqual(Object.keys(sourceToJson(normalize({ hash: textHash }), { includeContent: true })), [
      "hash",
      "timestamp",
      "agent_id",
    ]);
  });
});

interface SourceModel {
  readonly uri: string | undefined;
  readonly title: string | undefined;
  readonly tier: 0 | 1 | 2 | 3 | 4 | 5 | undefined;
  readonly content: { readonly text: string } | { readonly bytes: Uint8Array } | { readonly hash: string };
  readonly timestampMs: number;
}

const model: fc.Arbitrary<SourceModel> = fc.record({
  uri: fc.option(fc.webUrl(), { nil: undefined }),
  title: fc.option(label(SOURCE_TITLE_MAX_BYTES), { nil: undefined }),
  tier: fc.option(fc.constantFrom(0, 1, 2, 3, 4, 5), { nil: undefined }),
  content: fc.oneof(
    fc.record({ text: fc.string({ unit: "binary", maxLength: 64 }) }),
    fc.record({ bytes: fc.uint8Array({ maxLength: 64 }) }),
    fc.record({ hash: hex32 }),
  ),
  timestampMs,
});

/** With `s.alias`, content is also accompanied by its (correct) hash. */
function spell(m: SourceModel, s: Spelling): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (m.uri !== undefined) body["uri"] = m.uri;
  if (m.title !== undefined) body["title"] = m.title;
  else if (s.nulls) body["title"] = null;
  if (m.tier !== undefined) body["authority_tier"] = s.alias ? TIER_NAMES[m.tier].toUpperCase() : m.tier;
  const bytes =
    "text" in m.content ? utf8(m.content.text) : "bytes" in m.content ? m.content.bytes : undefined;
  if ("text" in m.content) body["content"] = m.content.text;
  else if ("bytes" in m.content) body["content_base64"] = base64(m.content.bytes);
  if ("hash" in m.content) body["hash"] = spellHex(m.content.hash, s);
  else if (s.alias && bytes !== undefined) body["hash"] = spellHex(blake3Hex(bytes), s);
  body["timestamp"] = spellTime(m.timestampMs, s);
  return body;
}

const options = { nowMs, agentId: "key:ops" };

describe("normalizeSource properties", () => {
  it("gives one record for every spelling, key order and whitespace", () => {
    fc.assert(
      fc.property(model, spelling, spelling, layout, (m, s1, s2, l) => {
        const a = normalizeSource(spell(m, s1), options);
        const b = normalizeSource(respell(spell(m, s2), l), options);
        assert.deepEqual(b, a);
      }),
      { numRuns: 300 },
    );
  });

  it("identifies a source by its content bytes alone: any change of them changes the hash, nothing else does", () => {
    fc.assert(
      fc.property(model, model, spelling, (m1, m2, s) => {
        const a = normalizeSource(spell(m1, s), options);
        const sameContent = normalizeSource(spell({ ...m2, content: m1.content }, s), options);
        assert.equal(sameContent.hash, a.hash);
        const b = normalizeSource(spell({ ...m1, content: m2.content }, s), options);
        if (a.content !== undefined && b.content !== undefined) {
          const sameBytes = base64(a.content) === base64(b.content);
          assert.equal(a.hash === b.hash, sameBytes, "hashes agree exactly when the bytes do");
        }
      }),
      { numRuns: 500 },
    );
  });

  it("changes the hash when one content byte changes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 256 }), fc.nat(), (bytes, at) => {
        const changed = bytes.slice();
        const i = at % bytes.length;
        changed[i] = (changed[i] ?? 0) ^ 1;
        const a = normalizeSource({ content_base64: base64(bytes) }, options);
        const b = normalizeSource({ content_base64: base64(changed) }, options);
        assert.notEqual(a.hash, b.hash);
      }),
    );
  });

  it("accepts content_base64 exactly when it is the standard encoding of its bytes", () => {
    const unit = fc.constantFrom(..."ABCDQRSTabyz0189+/=-_ \n".split(""));
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), (encoded) => {
        const canonical = Buffer.from(encoded, "base64").toString("base64") === encoded;
        let accepted = true;
        try {
          normalizeSource({ content_base64: encoded }, options);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          accepted = false;
        }
        assert.equal(accepted, canonical, JSON.stringify(encoded));
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trips through the API output form with its content, and keeps its identity without", () => {
    fc.assert(
      fc.property(model, spelling, (m, s) => {
        const a = normalizeSource(spell(m, s), options);
        const full = normalizeSource(
          JSON.parse(JSON.stringify(sourceToJson(a, { includeContent: true }))),
          options,
        );
        assert.deepEqual(full, a);
        const bare = normalizeSource(JSON.parse(JSON.stringify(sourceToJson(a))), options);
        assert.deepEqual(bare, omit(a, "content"));
      }),
      { numRuns: 300 },
    );
  });

  it("throws only ValidationError for any value, any JSON and any broken field", () => {
    fc.assert(
      fc.property(anything, (input) => {
        onlyValidationErrors(() => normalizeSource(input, options));
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.json(), (text) => {
        onlyValidationErrors(() => normalizeSource(JSON.parse(text), options));
      }),
      { numRuns: 500 },
    );
    const keys = fc.constantFrom(
      "uri",
      "hash",
      "title",
      "authority_tier",
      "content",
      "content_base64",
      "timestamp",
      "agent_id",
      "__proto__",
      "extra",
    );
    fc.assert(
      fc.property(model, spelling, keys, anything, fc.boolean(), (m, s, key, junk, drop) => {
        onlyValidationErrors(() => normalizeSource(withField(spell(m, s), key, junk, drop), options));
      }),
      { numRuns: 1000 },
    );
  });
});
