/**
 * How claims travel to the content defense's worker thread and verdicts back. Structured cloning
 * an object per claim costs the server's thread about 2 µs a claim, a fifth of the screening it
 * would spare; so a batch goes as one string of every field end to end, their lengths, and typed
 * arrays for the rest, whose buffers are transferred, not copied.
 */
import type { Value } from "../model/assertion.ts";
import type { QuarantineReason, ScreenedClaim, Verdict } from "./content-defense.ts";

/** A batch of claims to screen, with each author's trust. */
export interface ClaimBatch {
  /** hash, parent, agent id, concept path, predicate and value text of every claim, end to end. */
  readonly text: string;
  /** The lengths of those six fields, claim after claim. */
  readonly lengths: Uint32Array<ArrayBuffer>;
  /** Each claim's value type (`VALUE_TYPES` index), and 1 where it has a parent. */
  readonly flags: Uint8Array<ArrayBuffer>;
  /** Each claim's confidence and its author's trust. */
  readonly numbers: Float64Array<ArrayBuffer>;
}

/** Verdicts in claim order: a reason code each (0 passes), and the held ones' details in order. */
export interface VerdictBatch {
  readonly codes: Uint8Array<ArrayBuffer>;
  readonly details: readonly string[];
}

const FIELDS = 6;
const VALUE_TYPES = ["text", "number", "boolean", "reference"] as const;
const HAS_PARENT = 0x80;
const REASONS: readonly QuarantineReason[] = [
  "low_quality",
  "near_duplicate",
  "untrusted_high_confidence",
  "pattern_match",
];

export function encodeClaims(claims: readonly ScreenedClaim[], trusts: readonly number[]): ClaimBatch {
  const parts: string[] = [];
  const lengths = new Uint32Array(claims.length * FIELDS);
  const flags = new Uint8Array(claims.length);
  const numbers = new Float64Array(claims.length * 2);
  claims.forEach((claim, i) => {
    const fields = [
      claim.hash,
      claim.parent ?? "",
      claim.agentId,
      claim.conceptPath,
      claim.predicate,
      valueText(claim.value),
    ];
    fields.forEach((field, k) => {
      parts.push(field);
      lengths[i * FIELDS + k] = field.length;
    });
    flags[i] = VALUE_TYPES.indexOf(claim.value.type) | (claim.parent === undefined ? 0 : HAS_PARENT);
    numbers[i * 2] = claim.confidence;
    numbers[i * 2 + 1] = trusts[i] ?? 0;
  });
  return { text: parts.join(""), lengths, flags, numbers };
}

export function decodeClaims(batch: ClaimBatch): { claims: ScreenedClaim[]; trusts: number[] } {
  const claims: ScreenedClaim[] = [];
  const trusts: number[] = [];
  let at = 0;
  const next = (index: number): string => {
    const field = batch.text.slice(at, at + (batch.lengths[index] as number));
    at += field.length;
    return field;
  };
  for (let i = 0; i < batch.flags.length; i++) {
    const [hash, parent, agentId, conceptPath, predicate, value] = Array.from({ length: FIELDS }, (_, k) =>
      next(i * FIELDS + k),
    ) as [string, string, string, string, string, string];
    const flags = batch.flags[i] as number;
    const type = VALUE_TYPES[flags & ~HAS_PARENT] ?? "text";
    claims.push({
      hash,
      agentId,
      conceptPath,
      predicate,
      value: parseValue(type, value),
      confidence: batch.numbers[i * 2] as number,
      ...((flags & HAS_PARENT) !== 0 ? { parent } : {}),
    });
    trusts.push(batch.numbers[i * 2 + 1] as number);
  }
  return { claims, trusts };
}

export function encodeVerdicts(verdicts: readonly Verdict[]): VerdictBatch {
  const codes = new Uint8Array(verdicts.length);
  const details: string[] = [];
  verdicts.forEach((verdict, i) => {
    if (verdict.kind === "pass") return;
    codes[i] = REASONS.indexOf(verdict.reason) + 1;
    details.push(verdict.detail);
  });
  return { codes, details };
}

export function decodeVerdicts(batch: VerdictBatch): Verdict[] {
  let held = 0;
  return Array.from(batch.codes, (code): Verdict => {
    if (code === 0) return { kind: "pass" };
    const reason = REASONS[code - 1];
    if (reason === undefined) throw new RangeError(`Unknown quarantine reason code ${code}`);
    return { kind: "quarantine", reason, detail: batch.details[held++] ?? "" };
  });
}

/** Numbers travel as `String(n)`, which parses back to the same double. */
function valueText(value: Value): string {
  return typeof value.value === "string" ? value.value : String(value.value);
}

function parseValue(type: Value["type"], text: string): Value {
  switch (type) {
    case "number":
      return { type, value: Number(text) };
    case "boolean":
      return { type, value: text === "true" };
    case "text":
    case "reference":
      return { type, value: text };
  }
}
