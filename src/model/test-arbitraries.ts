/**
 * fast-check arbitraries for the model's property tests (test support only; not re-exported by
 * `index.ts`). A `ModelArb` value is the meaning of an assertion; `spell` turns it into one of the
 * many inputs a client may send for it.
 */
import fc from "fast-check";
import type { Lifecycle, Tier, Value } from "./assertion.ts";
import { utf8Length } from "./string-field.ts";
import { MAX_TIMESTAMP_MS, formatTimestamp } from "./timestamp.ts";
import { TIER_NAMES } from "./tier.ts";

/** The meaning of an assertion body, before it is spelled as JSON. */
export interface Model {
  readonly conceptPath: string;
  readonly predicate: string;
  readonly value: Value;
  readonly confidence: number;
  readonly authorityTier: Tier | undefined;
  readonly source: { readonly uri?: string; readonly hash?: string } | undefined;
  readonly lifecycle: Lifecycle | undefined;
  readonly epoch: string | undefined;
  readonly parent: string | undefined;
  readonly timestampMs: number;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/; // eslint-disable-line no-control-regex

const hexDigit = fc.constantFrom(...Array.from("0123456789abcdef"));
export const hex32 = fc.string({
  unit: hexDigit,
  minLength: 64,
  maxLength: 64,
});
export const hex64 = fc.string({
  unit: hexDigit,
  minLength: 128,
  maxLength: 128,
});

const segment = fc
  .string({
    unit: fc.oneof(
      fc.constantFrom(...Array.from("abcxyz0129_-.:~ @")),
      fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }),
    ),
    minLength: 1,
    maxLength: 8,
  })
  .filter((s) => !s.includes("/") && !CONTROL.test(s) && s !== "." && s !== "..");

export const conceptPath = fc
  .tuple(
    fc.option(fc.constantFrom("code://", "fda://", "rfc://", "x-y+z.1://"), { nil: "" }),
    fc.array(segment, { minLength: 1, maxLength: 4 }),
  )
  .map(([scheme, segments]) => scheme + segments.join("/"))
  .filter((p) => utf8Length(p.normalize("NFC")) <= 512);

export const predicate = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 16 })
  .filter((s) => !CONTROL.test(s) && utf8Length(s.normalize("NFC")) <= 256);

export const value: fc.Arbitrary<Value> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 24 }).map((v) => ({ type: "text" as const, value: v })),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => ({ type: "number" as const, value: v })),
  fc.boolean().map((v) => ({ type: "boolean" as const, value: v })),
  conceptPath.map((v) => ({ type: "reference" as const, value: v })),
);

const lifecycle = fc.constantFrom<Lifecycle>(
  "proposed",
  "under_review",
  "approved",
  "deprecated",
  "rejected",
);

export const source = fc.oneof(
  fc.record({ uri: fc.webUrl() }),
  fc.record({ hash: hex32 }),
  fc.record({ uri: fc.webUrl(), hash: hex32 }),
);

export const model: fc.Arbitrary<Model> = fc.record({
  conceptPath,
  predicate,
  value,
  confidence: fc.double({ min: 0, max: 1, noNaN: true }),
  authorityTier: fc.option(fc.constantFrom<Tier>(0, 1, 2, 3, 4, 5), { nil: undefined }),
  source: fc.option(source, { nil: undefined }),
  lifecycle: fc.option(lifecycle, { nil: undefined }),
  epoch: fc.option(hex32, { nil: undefined }),
  parent: fc.option(hex32, { nil: undefined }),
  timestampMs: fc.integer({ min: 0, max: MAX_TIMESTAMP_MS }),
});

/** The choices a client makes when spelling a model: names, cases, value forms, time forms. */
export const spelling = fc.record({
  alias: fc.boolean(),
  upperHex: fc.boolean(),
  valueForm: fc.constantFrom("bare", "tagged", "external"),
  typeCase: fc.constantFrom("lower", "upper", "title"),
  tierForm: fc.constantFrom("number", "name", "upper", "digits"),
  lifecycleForm: fc.constantFrom("snake", "pascal", "kebab"),
  timeForm: fc.constantFrom("rfc3339", "seconds", "offset"),
  nulls: fc.boolean(),
});
export type Spelling = typeof spelling extends fc.Arbitrary<infer S> ? S : never;

/** One JSON body a client could send for `m`. */
export function spell(m: Model, s: Spelling): Record<string, unknown> {
  const hex = (h: string) => (s.upperHex ? h.toUpperCase() : h);
  const body: Record<string, unknown> = {};
  body[s.alias ? "subject" : "concept_path"] = m.conceptPath;
  body["predicate"] = m.predicate;
  body[s.alias ? "object" : "value"] = spellValue(m.value, s);
  body["confidence"] = m.confidence;
  if (m.authorityTier !== undefined)
    body[s.alias ? "source_class" : "authority_tier"] = spellTier(m.authorityTier, s);
  else if (s.nulls) body["authority_tier"] = null;
  if (m.source !== undefined) {
    if (s.alias && m.source.hash !== undefined) {
      body["source_hash"] = hex(m.source.hash);
      if (m.source.uri !== undefined) body["source"] = { uri: m.source.uri };
    } else {
      body["source"] = {
        ...(m.source.uri === undefined ? {} : { uri: m.source.uri }),
        ...(m.source.hash === undefined ? {} : { hash: hex(m.source.hash) }),
      };
    }
  }
  if (m.lifecycle !== undefined) body["lifecycle"] = spellLifecycle(m.lifecycle, s);
  if (m.epoch !== undefined) body["epoch"] = hex(m.epoch);
  else if (s.nulls) body["epoch"] = null;
  if (m.parent !== undefined) body[s.alias ? "parent_hash" : "parent"] = hex(m.parent);
  body["timestamp"] = spellTime(m.timestampMs, s);
  return body;
}

function spellValue(v: Value, s: Spelling): unknown {
  const type =
    s.typeCase === "lower" ? v.type : s.typeCase === "upper" ? v.type.toUpperCase() : title(v.type);
  if (s.valueForm === "tagged" || (s.valueForm === "bare" && v.type === "reference")) {
    return { type, value: v.value };
  }
  if (s.valueForm === "external") return { [title(v.type)]: v.value };
  return v.value;
}

function spellTier(t: Tier, s: Spelling): unknown {
  switch (s.tierForm) {
    case "number":
      return t;
    case "digits":
      return String(t);
    case "upper":
      return TIER_NAMES[t].toUpperCase();
    case "name":
      return t === 1 ? "PeerReviewed" : title(TIER_NAMES[t]);
  }
}

function spellLifecycle(l: Lifecycle, s: Spelling): string {
  if (s.lifecycleForm === "snake") return l;
  const words = l.split("_");
  return s.lifecycleForm === "kebab" ? words.join("-") : words.map(title).join("");
}

function spellTime(ms: number, s: Spelling): unknown {
  if (s.timeForm === "seconds") return ms / 1000;
  const iso = formatTimestamp(ms);
  if (s.timeForm === "rfc3339") return iso;
  // The same instant west of UTC, where it stays within the four-digit years: -01:30.
  const local = new Date(ms - 90 * 60_000);
  return ms >= 90 * 60_000 ? local.toISOString().replace("Z", "-01:30") : iso;
}

function title(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** Every value fast-check can make, including the odd ones (boxed, sparse, null-prototype, bigint). */
export const anything = fc.anything({
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  stringUnit: "binary",
});
